import type { Logger } from 'pino';
import type { Channels } from './channels.js';
import { MemoryChannels } from './memory-channels.js';
import { RedisChannels } from './redis-channels.js';
import type { Message } from '../../features/messages/messages.service.js';
import { attached } from '../attached.js';

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
  const channels: Channels = redisUrl ? new RedisChannels(redisUrl, logger) : new MemoryChannels();
  return {
    publish(topic, key, event) {
      const envelope: Envelope<typeof topic> = { deploymentId, event };
      channels.publish(`${prefix}${topic}:${key}`, envelope).catch((err: unknown) => {
        logger.warn({ err, topic, key }, 'publish failed');
      });
    },
    async subscribe(topic, key, onEvent) {
      const onEnvelope = (payload: unknown) => {
        const envelope = payload as Partial<Envelope<typeof topic>> | null;
        if (envelope?.deploymentId === deploymentId) return onEvent(envelope.event!);
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
    close: () => channels.close(),
  };
}
