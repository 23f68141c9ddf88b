import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from 'pino';
import type { Channels } from './channels.js';
import { ChannelFanout } from './channel-fanout.js';
import { RedisListener } from './redis-listener.js';

/** How long a Redis command may go unanswered before it fails (Redis answers in well under 1 ms). */
export const REDIS_COMMAND_TIMEOUT_MS = 2_000;

/** Options of every pub/sub connection, one server's or a cluster node's. */
export const PUBSUB_REDIS_OPTIONS: RedisOptions = {
  // Keep retrying forever with a capped backoff: Redis coming back must heal without a restart.
  retryStrategy: (attempt: number) => Math.min(attempt * 200, 2_000),
  maxRetriesPerRequest: 2,
  // A Redis that stops answering without closing (frozen, or a network partition) fails
  // commands after this instead of holding them, and whatever waits on them, for good.
  commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
};

/**
 * Channels through one Redis's pub/sub (PUBLISH/SUBSCRIBE), with ioredis directly: one connection
 * publishes, one listens. Plain rather than sharded pub/sub on one server: SSUBSCRIBE needs Redis 7,
 * and an instance of an older release, still publishing plainly during a rolling upgrade, would
 * not be heard by one listening sharded.
 */
export class RedisChannels implements Channels {
  private readonly publisher: Redis;
  private readonly listener: RedisListener;
  private readonly fanout: ChannelFanout;
  private readonly disconnectListeners = new Set<() => void>();
  private readonly reconnectListeners = new Set<() => void>();

  constructor(url: string, logger: Logger) {
    this.publisher = new Redis(url, PUBSUB_REDIS_OPTIONS);
    const subscriber = new Redis(url, PUBSUB_REDIS_OPTIONS);
    for (const [role, client] of [
      ['publisher', this.publisher],
      ['subscriber', subscriber],
    ] as const) {
      // Without a listener an 'error' event would crash the process during an outage.
      client.on('error', (err: Error) => logger.warn({ err: err.message, role }, 'redis error'));
      client.on('ready', () => logger.info({ role }, 'redis ready'));
    }
    this.listener = new RedisListener(subscriber, 'plain', logger, {
      message: (channel, text) => this.fanout.dispatch(channel, text),
      drop: () => this.disconnectListeners.forEach((listener) => listener()),
      back: () => this.reconnectListeners.forEach((listener) => listener()),
    });
    this.fanout = new ChannelFanout(this.listener, logger);
  }

  async publish(channel: string, payload: object): Promise<void> {
    await this.publisher.publish(channel, JSON.stringify(payload));
  }

  subscribe(channel: string, handler: (payload: unknown) => void): Promise<() => void> {
    return this.fanout.subscribe(channel, handler);
  }

  isConnected(): boolean {
    return this.publisher.status === 'ready' && this.listener.ready;
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
    this.listener.close();
  }
}
