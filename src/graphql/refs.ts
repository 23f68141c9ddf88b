import type { GraphQLContext, SignedInContext } from './context.js';
import * as messages from '../features/messages/messages.repository.js';
import type { Message } from '../features/messages/messages.repository.js';
import * as rooms from '../features/rooms/rooms.service.js';
import * as roomsRepository from '../features/rooms/rooms.repository.js';
import type { Room } from '../features/rooms/rooms.repository.js';
import type { User } from '../features/accounts/users.repository.js';
import { builder } from './builder.js';
import { parseGlobalId } from './global-id.js';
import { encodeCursor } from './pagination.js';

// The Room and Message types refer to each other (a room's messages, a message's room): their refs
// live here, and room.ts and message.ts each implement one, so neither imports the other.

export const RoomRef = builder.loadableNodeRef('Room', {
  id: { resolve: (room: Room) => room.id },
  // Only rooms the viewer belongs to load; others are null, so they do not exist for the viewer.
  load: (ids: string[], context: GraphQLContext): Promise<Room[]> =>
    context.viewer ? roomsRepository.getRoomsForMember(context.db, context.viewer.userId, ids) : Promise.resolve([]),
  sort: (room: Room) => room.id,
});

export const MessageRef = builder.loadableNodeRef('Message', {
  id: { resolve: (message: Message) => message.id },
  // Only messages of rooms the viewer belongs to load; others are null (NOT_FOUND through node).
  load: (ids: string[], context: GraphQLContext): Promise<Message[]> =>
    context.viewer ? messages.getMessagesForMember(context.db, context.viewer.userId, ids) : Promise.resolve([]),
  sort: (message: Message) => message.id,
});

/** Cursor of a message in Room.messages, and what messageAdded(after:) takes. */
export const messageCursor = (message: Message) => encodeCursor('msg', message.id);

const SENDER = Symbol('sender read with the message');

/**
 * Keeps the sender read in the same statement on the message, so `sender` resolves at once: a page
 * whose fields are all synchronous is completed without a promise per message.
 */
export function withSender(message: Message, sender: User | undefined): Message {
  if (sender?.id === message.senderId && !Object.hasOwn(message, SENDER)) {
    Object.defineProperty(message, SENDER, { value: sender });
  }
  return message;
}

/** The sender kept by withSender, if any. */
export const preloadedSender = (message: Message): User | undefined => (message as { [SENDER]?: User })[SENDER];

/**
 * For room subscriptions: the viewer and the room, which the viewer must be a member of (else
 * NOT_FOUND) and, for a direct room, still a friend of the other member (else FORBIDDEN).
 */
export async function requireRoomMember(context: SignedInContext, rawRoomId: string) {
  const viewerId = context.viewer.userId;
  const roomId = parseGlobalId(rawRoomId, 'Room', 'roomId');
  await rooms.requireSendable(context.db, viewerId, roomId);
  return { viewerId, roomId };
}
