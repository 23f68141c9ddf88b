import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from 'pino';
import type { Channels } from './channels.js';

/** How long a Redis command may go unanswered before it fails (Redis answers in well under 1 ms). */
export const REDIS_COMMAND_TIMEOUT_MS = 2_000;

/** A channel this instance listens on: its local handlers share one SUBSCRIBE. */
interface Subscription {
  handlers: Set<(payload: unknown) => void>;
  /** Settles when Redis acknowledged the SUBSCRIBE (or it failed). */
  acknowledged: Promise<void>;
}

/**
 * Channels through Redis pub/sub, with ioredis directly: one connection publishes, one listens.
 * A channel is subscribed once per instance however many local handlers it has, and unsubscribed
 * when its last handler goes. ioredis subscribes the listening connection's channels again after
 * a reconnect; onReconnect tells when that is done, so callers can catch up on what they missed.
 */
export class RedisChannels implements Channels {
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly subscriptions = new Map<string, Subscription>();
  /**
   * Channels being unsubscribed, kept until Redis confirms: an UNSUBSCRIBE that failed (Redis away)
   * is sent again after the reconnect, since ioredis then subscribes the connection's old channels
   * again, these included.
   */
  private readonly unsubscribing = new Set<string>();
  private readonly disconnectListeners = new Set<() => void>();
  private readonly reconnectListeners = new Set<() => void>();

  constructor(
    url: string,
    private readonly logger: Logger,
  ) {
    const options: RedisOptions = {
      // Keep retrying forever with a capped backoff: Redis coming back must heal without a restart.
      retryStrategy: (attempt: number) => Math.min(attempt * 200, 2_000),
      maxRetriesPerRequest: 2,
      // A Redis that stops answering without closing (frozen, or a network partition) fails
      // commands after this instead of holding them, and whatever waits on them, for good.
      commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
    };
    this.publisher = new Redis(url, options);
    this.subscriber = new Redis(url, options);
    for (const [role, client] of [
      ['publisher', this.publisher],
      ['subscriber', this.subscriber],
    ] as const) {
      // Without a listener an 'error' event would crash the process during an outage.
      client.on('error', (err: Error) => logger.warn({ err: err.message, role }, 'redis error'));
      client.on('ready', () => logger.info({ role }, 'redis ready'));
    }
    this.subscriber.on('message', (channel: string, text: string) => this.dispatch(channel, text));
    this.watchReconnects();
  }

  async publish(channel: string, payload: object): Promise<void> {
    await this.publisher.publish(channel, JSON.stringify(payload));
  }

  async subscribe(channel: string, handler: (payload: unknown) => void): Promise<() => void> {
    let subscription = this.subscriptions.get(channel);
    if (!subscription) this.subscriptions.set(channel, (subscription = this.listen(channel)));
    const entry = (payload: unknown) => handler(payload);
    subscription.handlers.add(entry);
    try {
      await subscription.acknowledged;
    } catch (err) {
      subscription.handlers.delete(entry);
      throw err;
    }
    let done = false;
    return () => {
      if (done) return;
      done = true;
      subscription.handlers.delete(entry);
      if (subscription.handlers.size === 0) this.stopListening(channel, subscription);
    };
  }

  private listen(channel: string): Subscription {
    const subscription: Subscription = { handlers: new Set(), acknowledged: Promise.resolve() };
    subscription.acknowledged = this.subscriber.subscribe(channel).then(
      () => {},
      (err: Error) => {
        // Nobody hears this channel: forget it. A SUBSCRIBE that timed out may still reach Redis
        // once it answers again, so an UNSUBSCRIBE follows it on the same connection (in order).
        this.stopListening(channel, subscription);
        throw err;
      },
    );
    return subscription;
  }

  private stopListening(channel: string, subscription: Subscription) {
    if (this.subscriptions.get(channel) !== subscription) return;
    this.subscriptions.delete(channel);
    this.unsubscribe(channel);
  }

  private unsubscribe(channel: string) {
    this.unsubscribing.add(channel);
    this.subscriber.unsubscribe(channel).then(
      () => this.unsubscribing.delete(channel),
      (err: Error) => this.logger.debug({ err: err.message, channel }, 'unsubscribe failed; sent again on reconnect'),
    );
  }

  /** After a reconnect: drop what ioredis subscribed again but nobody here listens to any more. */
  private unsubscribeLeftovers() {
    for (const channel of [...this.unsubscribing]) {
      if (this.subscriptions.has(channel)) this.unsubscribing.delete(channel);
      else this.unsubscribe(channel);
    }
  }

  /** One decode per payload: every local handler gets the same object. */
  private dispatch(channel: string, text: string) {
    const subscription = this.subscriptions.get(channel);
    if (!subscription) {
      // Subscribed without a listener here (a leftover of an outage): let it go.
      if (!this.unsubscribing.has(channel)) this.unsubscribe(channel);
      return;
    }
    if (subscription.handlers.size === 0) return;
    let payload: unknown;
    try {
      payload = JSON.parse(text);
    } catch {
      return this.logger.warn({ channel }, 'unreadable payload dropped');
    }
    for (const handler of [...subscription.handlers]) handler(payload);
  }

  private watchReconnects() {
    let dropped = false;
    this.subscriber.on('close', () => {
      dropped = true;
      this.disconnectListeners.forEach((listener) => listener());
    });
    this.subscriber.on('ready', () => {
      if (!dropped) return;
      dropped = false;
      // ioredis has resent the dropped connection's SUBSCRIBEs; a PING is answered after them, so
      // once it is they are live. (If it fails the connection dropped again: the next 'ready' tells.)
      this.subscriber.ping().then(
        () => {
          this.unsubscribeLeftovers();
          this.reconnectListeners.forEach((listener) => listener());
        },
        () => {},
      );
    });
  }

  isConnected(): boolean {
    return this.publisher.status === 'ready' && this.subscriber.status === 'ready';
  }

  async isAnswering(): Promise<boolean> {
    if (!this.isConnected()) return false;
    return this.publisher.ping().then(
      () => true,
      () => false,
    );
  }

  onDisconnect(listener: () => void): void {
    this.disconnectListeners.add(listener);
  }

  onReconnect(listener: () => void): void {
    this.reconnectListeners.add(listener);
  }

  async close(): Promise<void> {
    this.publisher.disconnect();
    this.subscriber.disconnect();
  }
}
