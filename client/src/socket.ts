import { createClient, type Client } from 'graphql-ws';
import { backoffDelay } from './backoff.js';
import { resilientWebSocket, type WebSocketClass } from './resilient-websocket.js';
import { sleep } from './timers.js';
import type { TokenKeeper } from './token-keeper.js';
import type { BackoffPolicy } from './types.js';

/** 4403: the server refused the token (missing, expired or revoked). */
const FORBIDDEN = 4403;

/** Thrown (and delivered to every subscription) when the token source says the user is signed out. */
export class SignedOutError extends Error {
  override name = 'SignedOutError';
  constructor() {
    super('Signed out: no access token for the socket');
  }
}

export interface SocketOptions {
  url: string;
  webSocketImpl: WebSocketClass;
  backoff: BackoffPolicy;
  keepAliveMs: number;
}

/**
 * The underlying graphql-ws client: lazy (open while something is subscribed), retrying forever
 * with capped, jittered backoff, authenticating every connection with a current token. After a 4403
 * the next connection gets a token other than the refused one.
 */
export function createSocket(options: SocketOptions, keeper: TokenKeeper): Client {
  let sent: string | null = null;
  let refused: string | null = null;
  return createClient({
    url: options.url,
    webSocketImpl: resilientWebSocket(options.webSocketImpl),
    lazy: true,
    // A route change unsubscribes one room and subscribes the next: keep the socket meanwhile.
    lazyCloseTimeout: 3_000,
    keepAlive: options.keepAliveMs,
    retryAttempts: Infinity,
    shouldRetry: (error) => !(error instanceof SignedOutError),
    retryWait: (retries) => sleep(backoffDelay(retries, options.backoff)),
    connectionParams: async () => {
      sent = await socketToken(keeper, refused);
      return sent === null ? {} : { authorization: `Bearer ${sent}` };
    },
    on: {
      closed: (event) => {
        if ((event as { code?: unknown }).code === FORBIDDEN) refused = sent;
      },
    },
  });
}

/**
 * The token for a new connection: the current one, unless there is none or the server refused it
 * (then a refreshed one). Offline, the old one (or none): the server refuses it with 4403, which
 * graphql-ws retries. Only a refresh that says "signed out" ends the subscriptions.
 */
async function socketToken(keeper: TokenKeeper, refused: string | null): Promise<string | null> {
  const token = await keeper.valid();
  if (token !== null && token !== refused) return token;
  let fresh: string | null;
  try {
    fresh = await keeper.refreshIfCurrent(token);
  } catch {
    return token;
  }
  if (fresh === null) throw new SignedOutError();
  return fresh;
}
