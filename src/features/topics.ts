import type { PubSub } from '../platform/broker/pubsub.js';
import type { PresenceChange } from './presence/presence-store.js';
import type { RoomTopics } from './rooms/room-events.js';

/** Every topic features publish on, keyed as noted, and its event. */
export type TopicEvents = RoomTopics & {
  /** Keyed by 'all': a session ended; its sockets close on every instance. */
  'session.revoked': { sessionId: string };
  /** Keyed by 'all': a user came online or went offline (every instance filters for its subscribers). */
  presence: PresenceChange;
};

export type AppPubSub = PubSub<TopicEvents>;
