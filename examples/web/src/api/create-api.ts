import type { Client as WsClient } from 'graphql-ws';
import { Client, cacheExchange, fetchExchange } from 'urql';
import { createChatClient } from '../../../../client/src/index';
import type { TokenSource } from '../session/session';

export interface Api {
  client: Client;
  /** The socket, for its connection events (the status badge, refetching after a reconnect). */
  ws: WsClient;
  dispose(): void;
}

/**
 * The urql client of a signed-in user, on the repository's client library: HTTP with a bearer
 * token refreshed before it expires, and one socket whose messageAdded subscriptions resume after
 * the last message delivered, so a reconnect (a server restart) neither loses nor repeats one.
 */
export function createApi(tokens: TokenSource): Api {
  const chat = createChatClient({ url: '/graphql', tokens });
  const client = new Client({
    url: '/graphql',
    exchanges: [cacheExchange, fetchExchange, chat.urqlSubscriptionExchange],
    fetch: chat.fetch,
    fetchOptions: { credentials: 'same-origin' },
  });
  return { client, ws: chat.ws, dispose: () => chat.dispose() };
}
