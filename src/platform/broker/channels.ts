/**
 * Named channels carrying JSON-safe payloads between publishers and subscribers: in process (one
 * instance) or through Redis (many). Delivery is at most once and, per channel and publisher, in
 * order; nothing is stored, so a subscriber that was not listening (Redis away) misses the
 * payload and must catch up from the database (see onReconnect). Every local subscriber of a
 * channel gets the same payload object, decoded once.
 */
export interface Channels {
  /** Sends `payload` to the channel's subscribers; rejects if it could not be handed to Redis. */
  publish(channel: string, payload: object): Promise<void>;
  /**
   * Resolves once `handler` hears the channel (with Redis: SUBSCRIBE acknowledged) with the
   * function that stops it; rejects when Redis does not acknowledge in time (nothing stays held).
   */
  subscribe(channel: string, handler: (payload: unknown) => void): Promise<() => void>;
  /** False while Redis is unreachable. */
  isConnected(): boolean;
  /** Connected and answering a PING: a Redis that froze without closing is not. */
  isAnswering(): Promise<boolean>;
  /** Calls `listener` whenever the receiving connection drops (payloads may be missed from now). */
  onDisconnect(listener: () => void): void;
  /** Calls `listener` once that connection is back with every channel subscribed again. */
  onReconnect(listener: () => void): void;
  close(): Promise<void>;
}
