import type { Exchange } from '@urql/core';
import type { ApolloLink } from '@apollo/client';
import type { Client } from 'graphql-ws';

/** Where the client gets access tokens from: the application owns sign-in and the refresh token. */
export interface TokenSource {
  /** The current access token (a JWT), or null when signed out. */
  accessToken(): string | null;
  /**
   * Gets a new access token (the app calls refreshToken); null = signed out. A rejection means
   * "could not refresh now" (offline): the client keeps retrying. Must not go through `chat.fetch`:
   * the refresh request must not carry the expired access token.
   */
  refresh(): Promise<string | null>;
}

/** Reconnection delays: exponential from `baseMs`, capped at `maxMs`, with jitter. */
export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
}

export interface ChatClientOptions {
  /** http(s)://host/graphql (relative in a browser is fine). */
  url: string;
  /** ws(s)://host/graphql; by default derived from `url`. */
  wsUrl?: string;
  tokens: TokenSource;
  /** `ws` in Node; the global WebSocket in browsers (the default). */
  webSocketImpl?: unknown;
  /** The fetch to wrap; the global one by default. */
  fetch?: typeof fetch;
  /** Refresh this long before the access token's `exp` (at the latest half-way through its life). Default 30 s. */
  refreshBeforeExpiryMs?: number;
  /** Reconnection backoff; default 500 ms doubling up to 30 s. */
  backoff?: Partial<BackoffPolicy>;
  /** How often to ping an idle socket; default 10 s. */
  keepAliveMs?: number;
  /** A socket that does not answer a ping within this is dropped and reopened; default 5 s. */
  pongTimeoutMs?: number;
  /** A socket not acknowledged within this is dropped and reopened; default 10 s. */
  connectTimeoutMs?: number;
}

/** A message as `subscribeToRoom` delivers it by default (`fields` selects others). */
export interface RoomMessage {
  id: string;
  cursor: string;
  body: string;
  clientId: string | null;
  createdAt: string;
  sender: { id: string; username: string; displayName: string };
  threadRoot: { id: string } | null;
}

export interface RoomSubscriptionOptions<TMessage> {
  /**
   * Deliver the messages after this cursor (a Message.cursor or Room.headCursor). Without it, the
   * client reads the room's headCursor first (see `ready`).
   */
  after?: string | null;
  /** The selection of each message; `cursor` is added when missing. Default: the RoomMessage fields. */
  fields?: string;
  onMessage(message: TMessage): void;
  /** GraphQL errors (NOT_FOUND for a non-member) or a fatal socket error (signed out). */
  onError?(error: unknown): void;
  /** The subscription ended: the viewer left the room or was removed. */
  onComplete?(): void;
}

export interface RoomSubscription {
  /**
   * Resolves with the cursor the subscription starts after, once it is fixed: at once when `after`
   * was given, else once the room's headCursor was read. Messages sent after it resolves are never missed.
   */
  ready: Promise<string | null>;
  unsubscribe(): void;
}

export interface ChatClient {
  /** A graphql-ws Client whose subscriptions resume; usable directly. */
  readonly ws: Client;
  /** urql: put in `exchanges` (e.g. [cacheExchange, fetchExchange, chat.urqlSubscriptionExchange]). */
  readonly urqlSubscriptionExchange: Exchange;
  /** Apollo: HTTP for queries/mutations (Authorization added, refresh on UNAUTHENTICATED), the socket for subscriptions. */
  apolloLink(): ApolloLink;
  /** fetch that adds the Authorization header and retries once after a refresh on UNAUTHENTICATED. */
  readonly fetch: typeof fetch;
  /** Every message of a room after `after` (or from now), each once, in order, across reconnects. */
  subscribeToRoom<TMessage = RoomMessage>(roomId: string, options: RoomSubscriptionOptions<TMessage>): RoomSubscription;
  dispose(): void;
}
