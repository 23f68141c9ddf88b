import { ApolloLink, HttpLink } from '@apollo/client';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { getMainDefinition } from '@apollo/client/utilities';
import type { Client } from 'graphql-ws';

/** Subscriptions over the resuming socket; queries and mutations over HTTP with the authenticating fetch. */
export function apolloLink(ws: Client, url: string, fetchImpl: typeof fetch): ApolloLink {
  return ApolloLink.split(
    ({ query }) => {
      const definition = getMainDefinition(query);
      return definition.kind === 'OperationDefinition' && definition.operation === 'subscription';
    },
    new GraphQLWsLink(ws),
    new HttpLink({ uri: url, fetch: fetchImpl }),
  );
}
