import type { PubSub } from '../platform/broker/pubsub.js';
import type { RoomTopics } from './rooms/room-events.js';

/** Every topic features publish on, keyed as noted, and its event. */
export type TopicEvents = RoomTopics & {
  /** Keyed by 'all': a session ended; its sockets close on every instance. */
  'session.revoked': { sessionId: string };
};

export type AppPubSub = PubSub<TopicEvents>;
