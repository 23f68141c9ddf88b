import { EventEmitter } from 'node:events';
import { PubSub as InProcessPubSub, type PubSubEngine } from 'graphql-subscriptions';
import { RedisPubSub } from 'graphql-redis-subscriptions';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Message } from './domain/messages.js';
import { attached } from './attached.js';

/** A message as it travels between instances: JSON-safe (dates as ISO strings). */
export interface WireMessage extends Omit<Message, 'createdAt' | 'editedAt' | 'deletedAt'> {
  createdAt: string;
  editedAt: string | null;
  deletedAt: string | null;
}

export const toWireMessage = (message: Message): WireMessage => ({
  ...message,
  createdAt: message.createdAt.toISOString(),
  editedAt: message.editedAt?.toISOString() ?? null,
  deletedAt: message.deletedAt?.toISOString() ?? null,
});

const DECODED = Symbol('decoded message');

/**
 * Decodes a message from an event. Every local subscriber of an event gets the same object, so
 * its execution can be shared (see realtime/shared-execution.ts).
 */
export function fromWireMessage(wire: WireMessage): Message {
  return attached(wire, DECODED, () => ({
    ...wire,
    createdAt: new Date(wire.createdAt),
    editedAt: wire.editedAt ? new Date(wire.editedAt) : null,
    deletedAt: wire.deletedAt ? new Date(wire.deletedAt) : null,
  }));
}

/** Every topic, its key and its event. One channel per (topic, key): `room.messages:42`. */
export interface TopicEvents {
  /** Keyed by room id. */
  'room.messages': { type: 'ADDED' | 'EDITED' | 'DELETED'; message: WireMessage };
  /**
   * Keyed by room id: members joined or left; streams of a removed member end. SUSPENDED: the
   * members of a direct room stopped being friends; they stay members, but their streams end too.
   */
  'room.members': { type: 'ADDED' | 'REMOVED' | 'SUSPENDED'; roomId: string; userIds: string[] };
  /** Keyed by room id: ephemeral, never stored. */
  'room.typing': { roomId: string; userId: string };
  /** Keyed by user id: the user's set of rooms changed. */
  'user.rooms': { type: 'ADDED' | 'REMOVED'; roomId: string };
  /** Keyed by 'all': a session ended; its sockets close on every instance. */
  'session.revoked': { sessionId: string };
}
export type Topic = keyof TopicEvents;

/** How long a Redis command may go unanswered before it fails (Redis answers in well under 1 ms). */
export const REDIS_COMMAND_TIMEOUT_MS = 2_000;

/**
 * A subscription could not be made live because Redis does not answer (after ioredis's retries):
 * clients get SERVICE_UNAVAILABLE and subscribe again later (see schema/errors.ts).
 */
export class PubSubUnavailableError extends Error {
  override name = 'PubSubUnavailableError';
}

/** Typed publish/subscribe over an in-process emitter or Redis (many instances). */
export interface PubSub {
  /** Publishes after the caller's commit; never throws (a failure is logged: the data is already stored). */
  publish<T extends Topic>(topic: T, key: string, event: TopicEvents[T]): void;
  /**
   * Resolves once the subscription is live (with Redis: SUBSCRIBE acknowledged); returns the
   * unsubscribe. Rejects with PubSubUnavailableError when Redis cannot be reached.
   */
  subscribe<T extends Topic>(topic: T, key: string, onEvent: (event: TopicEvents[T]) => void): Promise<() => void>;
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
 * would otherwise reach the wrong users and spend the room sequence numbers of its own (issue 14).
 */
interface Envelope<T extends Topic> {
  deploymentId: string;
  event: TopicEvents[T];
}

export interface PubSubOptions {
  /** Null: in-process (one instance). */
  redisUrl: string | null;
  /** Prepended to every channel name. */
  prefix: string;
  /** Stamped on every event published; events stamped otherwise (or not at all) are dropped. */
  deploymentId: string;
}

export function createPubSub({ redisUrl, prefix, deploymentId }: PubSubOptions, logger: Logger): PubSub {
  let engine: PubSubEngine;
  let connected = () => true;
  let answering = () => Promise.resolve(true);
  let close = async () => {};
  const disconnectListeners = new Set<() => void>();
  const reconnectListeners = new Set<() => void>();

  if (redisUrl) {
    const options = {
      // Keep retrying forever with a capped backoff: Redis coming back must heal without a restart.
      retryStrategy: (attempt: number) => Math.min(attempt * 200, 2_000),
      maxRetriesPerRequest: 2,
      // A Redis that stops answering without closing (frozen, or a network partition) fails
      // commands after this instead of holding them, and whatever waits on them, for good.
      commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
      lazyConnect: false,
    };
    const publisher = new Redis(redisUrl, options);
    const subscriber = new Redis(redisUrl, options);
    for (const [role, client] of [
      ['publisher', publisher],
      ['subscriber', subscriber],
    ] as const) {
      // Without a listener an 'error' event would crash the process during an outage.
      client.on('error', (err) => logger.warn({ err: err.message, role }, 'redis error'));
      client.on('ready', () => logger.info({ role }, 'redis ready'));
    }
    // graphql-redis-subscriptions drops the promises of UNSUBSCRIBE commands; while Redis is down
    // they reject ("Connection is closed") with nobody listening, an unhandled rejection. Nothing
    // needs undoing then (the connection's subscriptions are gone with it), so log and move on.
    for (const method of ['unsubscribe', 'punsubscribe'] as const) {
      const command = subscriber[method].bind(subscriber) as (...channels: string[]) => Promise<unknown>;
      subscriber[method] = ((...channels: string[]) => {
        const sent = command(...channels);
        sent.catch((err: Error) => logger.debug({ err: err.message, channels }, 'unsubscribe failed'));
        return sent;
      }) as typeof subscriber.unsubscribe;
    }
    let dropped = false;
    subscriber.on('close', () => {
      dropped = true;
      disconnectListeners.forEach((listener) => listener());
    });
    subscriber.on('ready', () => {
      if (!dropped) return;
      dropped = false;
      // ioredis has resent the dropped connection's SUBSCRIBEs; a PING is answered after them, so
      // once it is they are live. (If it fails the connection dropped again: the next 'ready' tells.)
      subscriber.ping().then(
        () => reconnectListeners.forEach((listener) => listener()),
        () => {},
      );
    });
    engine = new RedisPubSub({ publisher, subscriber });
    connected = () => publisher.status === 'ready' && subscriber.status === 'ready';
    answering = () =>
      connected()
        ? publisher.ping().then(
            () => true,
            () => false,
          )
        : Promise.resolve(false);
    close = async () => {
      publisher.disconnect();
      subscriber.disconnect();
    };
  } else {
    // Any number of local subscribers may listen on one room; the default cap of 10 would only warn.
    const eventEmitter = new EventEmitter();
    eventEmitter.setMaxListeners(0);
    engine = new InProcessPubSub({ eventEmitter });
  }

  return {
    publish(topic, key, event) {
      const envelope: Envelope<typeof topic> = { deploymentId, event };
      engine.publish(`${prefix}${topic}:${key}`, envelope).catch((err: unknown) => {
        logger.warn({ err, topic, key }, 'publish failed');
      });
    },
    async subscribe(topic, key, onEvent) {
      let id: number;
      try {
        const onEnvelope = (envelope: Envelope<typeof topic>) => {
          if (envelope?.deploymentId === deploymentId) return onEvent(envelope.event);
          logger.debug({ topic, key, deploymentId: envelope?.deploymentId }, 'event of another deployment dropped');
        };
        id = await engine.subscribe(`${prefix}${topic}:${key}`, onEnvelope, {});
      } catch (err) {
        logger.warn({ err: (err as Error).message, topic }, 'subscribe failed');
        throw new PubSubUnavailableError(`Redis did not acknowledge the subscription: ${(err as Error).message}`);
      }
      return () => engine.unsubscribe(id);
    },
    isConnected: () => connected(),
    isAnswering: () => answering(),
    onDisconnect: (listener) => void disconnectListeners.add(listener),
    onReconnect: (listener) => void reconnectListeners.add(listener),
    close: () => close(),
  };
}
