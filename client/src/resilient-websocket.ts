/** What graphql-ws uses of a WebSocket class (the browser's, or `ws` in Node). */
interface WebSocketLike {
  readonly readyState: number;
  get onclose(): ((event: CloseEventLike) => void) | null;
  set onclose(handler: ((event: CloseEventLike) => void) | null);
  close(code?: number, reason?: string): void;
}
interface CloseEventLike {
  code: number;
  reason: string;
  wasClean?: boolean;
}
export type WebSocketClass = (new (url: string, protocols?: string | string[]) => WebSocketLike) & {
  readonly CONNECTING: number;
  readonly OPEN: number;
  readonly CLOSING: number;
  readonly CLOSED: number;
};

/** The code graphql-ws closes a socket with when told to terminate it (a frozen or stalled socket). */
const TERMINATED = 4499;
/** 1013 Try Again Later: a close graphql-ws retries. */
const TRY_AGAIN_LATER = 1013;
/** Server faults this server asks clients to retry after (close-codes.ts), which graphql-ws deems fatal. */
const RETRYABLE_FAULTS = new Set([4500, 1011]);

/**
 * Wraps a WebSocket class for graphql-ws so that a client reconnects through everything a server
 * may recover from:
 * - a close for a fault of the server's (4500, 1011) reaches graphql-ws as 1013, which it retries;
 * - a terminated socket is dropped at once (`ws` would wait 30 s for a dead peer's close frame),
 *   and `ws`'s late 'error' for an aborted handshake has a listener (else it would crash Node).
 */
export function resilientWebSocket(Base: WebSocketClass): WebSocketClass {
  return class ResilientWebSocket extends Base {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols);
      (this as unknown as { on?: (event: string, listener: () => void) => void }).on?.('error', () => {});
    }

    override get onclose() {
      return super.onclose;
    }

    override set onclose(handler: ((event: CloseEventLike) => void) | null) {
      super.onclose = handler && ((event) => handler(retryable(event)));
    }

    override close(code?: number, reason?: string): void {
      const terminate = (this as unknown as { terminate?: () => void }).terminate;
      if (code === TERMINATED && typeof terminate === 'function') terminate.call(this);
      else super.close(code, reason);
    }
  };
}

function retryable(event: CloseEventLike): CloseEventLike {
  if (!RETRYABLE_FAULTS.has(event.code)) return event;
  return { code: TRY_AGAIN_LATER, reason: `${event.code} ${event.reason}`, wasClean: event.wasClean };
}
