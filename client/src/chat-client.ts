import { apolloLink } from './apollo.js';
import { authFetch } from './auth-fetch.js';
import { DEFAULT_BACKOFF } from './backoff.js';
import type { WebSocketClass } from './resilient-websocket.js';
import { resumingClient } from './resuming-client.js';
import { subscribeToRoom } from './room.js';
import { createSocket } from './socket.js';
import { TokenKeeper } from './token-keeper.js';
import type { ChatClient, ChatClientOptions } from './types.js';
import { urqlSubscriptionExchange } from './urql.js';
import { watchSocket } from './watchdog.js';

/**
 * One client for the chat API: an authenticating fetch for HTTP and one resuming WebSocket for
 * subscriptions, with adapters for urql and Apollo. See client/README.md.
 */
export function createChatClient(options: ChatClientOptions): ChatClient {
  const backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
  const keeper = new TokenKeeper(options.tokens, options.refreshBeforeExpiryMs ?? 30_000, backoff);
  const socket = createSocket(
    {
      url: options.wsUrl ?? webSocketUrl(options.url),
      webSocketImpl: webSocketClass(options.webSocketImpl),
      backoff,
      keepAliveMs: options.keepAliveMs ?? 10_000,
    },
    keeper,
  );
  const unwatch = watchSocket(socket, {
    connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
    pongTimeoutMs: options.pongTimeoutMs ?? 5_000,
  });
  const ws = resumingClient(socket);
  const baseFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const fetch = authFetch(baseFetch, keeper, options.url);
  return {
    ws,
    urqlSubscriptionExchange: urqlSubscriptionExchange(ws),
    apolloLink: () => apolloLink(ws, options.url, fetch),
    fetch,
    subscribeToRoom: (roomId, roomOptions) => subscribeToRoom(socket, roomId, roomOptions),
    dispose() {
      unwatch();
      keeper.dispose();
      // graphql-ws's dispose awaits a connection attempt that may fail: nothing left to tell.
      Promise.resolve(ws.dispose()).catch(() => {});
    },
  };
}

/** http(s)://host/graphql → ws(s)://host/graphql; a relative URL is taken from the page's. */
export function webSocketUrl(url: string): string {
  const page = (globalThis as { location?: { href: string } }).location?.href;
  const target = new URL(url, page);
  target.protocol = target.protocol === 'https:' ? 'wss:' : 'ws:';
  return target.toString();
}

function webSocketClass(impl: unknown): WebSocketClass {
  const found = impl ?? (globalThis as { WebSocket?: unknown }).WebSocket;
  if (typeof found !== 'function') {
    throw new Error("No WebSocket implementation: in Node, pass `webSocketImpl: WebSocket` from 'ws'");
  }
  return found as WebSocketClass;
}
