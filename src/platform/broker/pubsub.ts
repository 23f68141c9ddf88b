import type { Logger } from 'pino';
import type { RedisTarget } from '../redis-connection.js';
import type { Channels } from './channels.js';
import { ClusterChannels } from './cluster-channels.js';
import { MemoryChannels } from './memory-channels.js';
import { RedisChannels } from './redis-channels.js';

/** Topics and the event each carries: one channel per (topic, key), `room:42`. */
export type TopicMap = Record<string, object>;

/**
 * A subscription could not be made live because Redis does not answer (after ioredis's retries):
 * clients get SERVICE_UNAVAILABLE and subscribe again later (see graphql/errors.ts).
 */
export class PubSubUnavailableError extends Error {
  override name = 'PubSubUnavailableError';
}

export interface PublishOptions {
  /**
   * For an event that nothing stores (a typing signal): published while Redis is away, it is kept
   * until this time (ms since the epoch) and sent once Redis is back, again each second while it
   * lasts, since other instances resubscribe a moment after this one; receivers must take it twice.
   */
  keepUntil?: number;
}

/** Typed publish/subscribe over an in-process emitter or Redis (many instances). */
export interface PubSub<Topics extends TopicMap> {
  /** Publishes after the caller's commit; never throws (a failure is logged: the data is already stored). */
  publish<T extends keyof Topics & string>(topic: T, key: string, event: Topics[T], options?: PublishOptions): void;
  /**
   * Resolves once the subscription is live (with Redis: SUBSCRIBE acknowledged); returns the
   * unsubscribe. Rejects with PubSubUnavailableError when Redis cannot be reached.
   */
  subscribe<T extends keyof Topics & string>(
    topic: T,
    key: string,
    onEvent: (event: Topics[T]) => void,
  ): Promise<() => void>;
  /** False while Redis is unreachable. */
  isConnected(): boolean;
  /** Connected and answering: a Redis that stopped answering without closing (frozen) is not. */
  isAnswering(): Promise<boolean>;
  /** Calls `listener` whenever the connection that receives events drops (events may have been missed). */
  onDisconnect(listener: () => void): void;
  /** Calls `listener` whenever that connection is back after a drop, resubscribed: catch up now. */
  onReconnect(listener: () => void): void;
  close(): Promise<void>;
}

/**
 * What travels on a channel: the event and the deployment that published it. Two deployments
 * configured with one REDIS_PREFIX share channels; a subscriber drops the other's events, which
 * would otherwise reach the wrong users and spend the room sequence numbers of its own.
 */
interface Envelope {
  deploymentId: string;
  event: object;
}

export interface PubSubOptions {
  /** Null: in-process (one instance). A cluster gets sharded pub/sub (see ClusterChannels). */
  redis: RedisTarget | null;
  /** Prepended to every channel name. */
  prefix: string;
  /** Stamped on every event published; events stamped otherwise (or not at all) are dropped. */
  deploymentId: string;
}

function createChannels(redis: RedisTarget | null, logger: Logger): Channels {
  if (!redis) return new MemoryChannels();
  return redis.kind === 'cluster' ? new ClusterChannels(redis.nodes, logger) : new RedisChannels(redis.url, logger);
}

/** Events kept while Redis is away (PublishOptions.keepUntil), at most this many. */
const MAX_KEPT_EVENTS = 10_000;
const RESEND_INTERVAL_MS = 1_000;

export function createPubSub<Topics extends TopicMap>(
  { redis, prefix, deploymentId }: PubSubOptions,
  logger: Logger,
): PubSub<Topics> {
  const channels = createChannels(redis, logger);
  const kept = new KeptEvents(channels, logger);
  const send = (channel: string, envelope: Envelope, keepUntil: number | undefined) => {
    if (keepUntil !== undefined && !channels.isConnected()) return kept.keep(channel, envelope, keepUntil);
    channels.publish(channel, envelope).catch((err: unknown) => {
      if (keepUntil !== undefined) kept.keep(channel, envelope, keepUntil);
      else logger.warn({ err, channel }, 'publish failed');
    });
  };
  return {
    publish(topic, key, event, options) {
      send(`${prefix}${topic}:${key}`, { deploymentId, event }, options?.keepUntil);
    },
    async subscribe(topic, key, onEvent) {
      const onEnvelope = (payload: unknown) => {
        const envelope = payload as Partial<Envelope> | null;
        if (envelope?.deploymentId === deploymentId) return onEvent(envelope.event as Topics[typeof topic]);
        logger.debug({ topic, key, deploymentId: envelope?.deploymentId }, 'event of another deployment dropped');
      };
      try {
        return await channels.subscribe(`${prefix}${topic}:${key}`, onEnvelope);
      } catch (err) {
        logger.warn({ err: (err as Error).message, topic }, 'subscribe failed');
        throw new PubSubUnavailableError(`Redis did not acknowledge the subscription: ${(err as Error).message}`);
      }
    },
    isConnected: () => channels.isConnected(),
    isAnswering: () => channels.isAnswering(),
    onDisconnect: (listener) => channels.onDisconnect(listener),
    onReconnect: (listener) => channels.onReconnect(listener),
    close: async () => {
      kept.clear();
      await channels.close();
    },
  };
}

/** Short-lived events published while Redis was away, sent when it is back (PublishOptions.keepUntil). */
class KeptEvents {
  private readonly events: Array<{ channel: string; envelope: Envelope; until: number }> = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly channels: Channels,
    private readonly logger: Logger,
  ) {
    channels.onReconnect(() => this.resend());
  }

  keep(channel: string, envelope: Envelope, until: number) {
    if (this.events.length >= MAX_KEPT_EVENTS) this.events.shift();
    this.events.push({ channel, envelope, until });
  }

  private resend() {
    const now = Date.now();
    const fresh = this.events.filter((kept) => kept.until > now);
    this.events.splice(0, this.events.length, ...fresh);
    if (fresh.length === 0) return;
    if (this.channels.isConnected()) {
      for (const { channel, envelope } of fresh) {
        this.channels.publish(channel, envelope).catch((err: unknown) => {
          this.logger.debug({ err, channel }, 'kept event not sent');
        });
      }
    }
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.resend(), RESEND_INTERVAL_MS);
    this.timer.unref();
  }

  clear() {
    clearTimeout(this.timer);
    this.events.length = 0;
  }
}
