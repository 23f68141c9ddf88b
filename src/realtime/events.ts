import type { Message } from '../features/messages/messages.service.js';
import type { SessionChecks } from '../features/accounts/session-checks.js';
import { toWireMessage, type PubSub } from '../platform/broker/pubsub.js';
import type { SocketSessions } from './socket-sessions.js';

// What the API announces after each committed change. Called by resolvers once the domain call
// has returned, i.e. after the transaction committed: a subscriber never sees an uncommitted row.

export function messageAdded(pubsub: PubSub, message: Message) {
  pubsub.publish('room.messages', message.roomId, { type: 'ADDED', message: toWireMessage(message) });
}

export function messageChanged(pubsub: PubSub, message: Message) {
  const type = message.deletedAt ? 'DELETED' : 'EDITED';
  pubsub.publish('room.messages', message.roomId, { type, message: toWireMessage(message) });
}

export function membersAdded(pubsub: PubSub, roomId: string, userIds: string[]) {
  if (userIds.length === 0) return;
  pubsub.publish('room.members', roomId, { type: 'ADDED', roomId, userIds });
  for (const userId of userIds) pubsub.publish('user.rooms', userId, { type: 'ADDED', roomId });
}

export function membersRemoved(pubsub: PubSub, roomId: string, userIds: string[]) {
  if (userIds.length === 0) return;
  pubsub.publish('room.members', roomId, { type: 'REMOVED', roomId, userIds });
  for (const userId of userIds) pubsub.publish('user.rooms', userId, { type: 'REMOVED', roomId });
}

/**
 * The friendship behind a direct room ended: both members' live streams of the room end on every
 * instance (new ones are refused until they are friends again). The room stays in their rooms
 * list with its history, so the inbox is not told of any removal.
 */
export function directRoomSuspended(pubsub: PubSub, roomId: string, userIds: string[]) {
  pubsub.publish('room.members', roomId, { type: 'SUSPENDED', roomId, userIds });
}

export function userTyping(pubsub: PubSub, roomId: string, userId: string) {
  pubsub.publish('room.typing', roomId, { roomId, userId });
}

/**
 * This instance stops trusting the session at once (before the revoking request answers); every
 * instance closes its sockets and forgets it on the event.
 */
export function sessionRevoked(
  deps: { pubsub: PubSub; sessionChecks: SessionChecks; socketSessions: SocketSessions },
  sessionId: string,
) {
  deps.sessionChecks.forget(sessionId);
  // This instance's own connections end whether or not the event makes it through Redis.
  deps.socketSessions.endSession(sessionId);
  deps.pubsub.publish('session.revoked', 'all', { sessionId });
}
