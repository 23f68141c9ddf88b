import { subscriptionExchange, type Exchange } from '@urql/core';
import type { Client } from 'graphql-ws';

/** urql's subscriptionExchange over the resuming socket (subscriptions only; HTTP does the rest). */
export function urqlSubscriptionExchange(ws: Client): Exchange {
  return subscriptionExchange({
    forwardSubscription: (request) => ({
      subscribe: (sink) => ({ unsubscribe: ws.subscribe({ ...request, query: request.query ?? '' }, sink) }),
    }),
  });
}
