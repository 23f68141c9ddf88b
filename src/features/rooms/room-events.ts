import { attached } from '../../platform/attached.js';
import type { Message } from '../messages/messages.repository.js';
import type { PubSub } from '../../platform/broker/pubsub.js';

/** Changes to a message that messageUpdated delivers: edits, deletions, reactions, pins. */
export type MessageUpdateKind =
  'MESSAGE_EDITED' | 'MESSAGE_DELETED' | 'MESSAGE_REACTED' | 'MESSAGE_PINNED' | 'MESSAGE_UNPINNED';

/** A message event: the message as it is after the change. */
export interface MessageEvent {
  seq: number;
  kind: 'MESSAGE_ADDED' | MessageUpdateKind;
  message: Message;
  /** Members to tell they were mentioned (MENTIONED in their inbox): new mentions, not the sender's own, none across a block. */
  mentioned?: string[];
}

export const isMessageEvent = (event: RoomEvent): event is MessageEvent => 'message' in event;

/**
 * Members joined or left (or were removed); ROLE_CHANGED: these members' roles changed;
 * ROOM_UPDATED: the name or topic changed (userIds: who changed it); DIRECT_ROOM_SUSPENDED: the
 * two members of a direct room stopped being friends (they stay members, but their live streams of
 * the room end).
 */
export interface MembershipEvent {
  seq: number;
  kind: MembershipEventKind;
  userIds: string[];
}

export const MEMBERSHIP_EVENT_KINDS = [
  'MEMBERS_ADDED',
  'MEMBERS_REMOVED',
  'ROLE_CHANGED',
  'ROOM_UPDATED',
  'DIRECT_ROOM_SUSPENDED',
] as const;
export type MembershipEventKind = (typeof MEMBERSHIP_EVENT_KINDS)[number];

export const isMembershipKind = (kind: string): kind is MembershipEventKind =>
  (MEMBERSHIP_EVENT_KINDS as readonly string[]).includes(kind);

/**
 * Every durable event of a room, numbered by the room's event seq (1, 2, 3… in commit order,
 * logged in room_events): whoever has seen event N has seen every earlier one, or can read it.
 */
export type RoomEvent = MessageEvent | MembershipEvent;
export type RoomEventKind = RoomEvent['kind'];

/** Someone is typing: never stored, so it has no seq; it lasts until `expiresAt` (ms since the epoch). */
export interface TypingSignal {
  kind: 'TYPING';
  userId: string;
  /** When it was sent (ms): a receiver drops a signal older than one it already has, or than the typist's message. */
  sentAt: number;
  expiresAt: number;
}

/** How far members have read, coalesced per room (read-receipts.ts): never stored as an event, so no seq. */
export interface ReadSignal {
  kind: 'READ';
  receipts: ReadReceipt[];
}

export interface ReadReceipt {
  roomId: string;
  userId: string;
  messageId: string;
  /** ms since the epoch. */
  readAt: number;
}

/** The dates of a message, which travel between instances as ISO strings. */
const MESSAGE_DATES = ['createdAt', 'editedAt', 'deletedAt', 'lastReplyAt', 'pinnedAt'] as const;
type MessageDate = (typeof MESSAGE_DATES)[number];

/** A message as it travels between instances: JSON-safe (dates as ISO strings). */
export type WireMessage = Omit<Message, MessageDate> & { [K in MessageDate]: string | null };

/** What the `room` topic carries. */
export type RoomWireEvent =
  (Omit<MessageEvent, 'message'> & { message: WireMessage }) | MembershipEvent | TypingSignal | ReadSignal;

/** What a user's own topic carries: their set of rooms changed, or their mute of one did (ms since the epoch). */
export type UserRoomsEvent =
  { type: 'ADDED' | 'REMOVED'; roomId: string } | { type: 'MUTED'; roomId: string; mutedUntil: number | null };

/** The topics room events go out on (features/topics.ts adds the others). */
export type RoomTopics = {
  /** Keyed by room id: everything that happens in the room, in one order. */
  room: RoomWireEvent;
  /** Keyed by user id: the user's set of rooms, or their mutes, changed. */
  'user.rooms': UserRoomsEvent;
};
type RoomPubSub = PubSub<RoomTopics>;

function toWireMessage(message: Message): WireMessage {
  const wire: Record<string, unknown> = { ...message };
  for (const key of MESSAGE_DATES) wire[key] = message[key]?.toISOString() ?? null;
  return wire as WireMessage;
}

function fromWireMessage(wire: WireMessage): Message {
  const message: Record<string, unknown> = { ...wire };
  for (const key of MESSAGE_DATES) message[key] = wire[key] === null ? null : new Date(wire[key]);
  return message as unknown as Message;
}

const DECODED = Symbol('decoded room event');

/**
 * Decodes an event once: every local subscriber of an event gets the same object, so its
 * execution can be shared (realtime/shared-execution.ts keeps frames on it).
 */
export function fromWire(wire: RoomWireEvent): RoomEvent | TypingSignal | ReadSignal {
  if (!('message' in wire)) return wire;
  return attached(wire, DECODED, () => ({ ...wire, message: fromWireMessage(wire.message) }));
}

/** Announces a committed room event to every instance (after the commit: never an uncommitted row). */
export function publishRoomEvent(pubsub: RoomPubSub, roomId: string, event: RoomEvent): void {
  const wire: RoomWireEvent = 'message' in event ? { ...event, message: toWireMessage(event.message) } : event;
  pubsub.publish('room', roomId, wire);
}

/**
 * Announces members who joined or left a room: to the room (its hub ends a leaver's streams there)
 * and to each of them (their inboxes follow or let go of the room).
 */
export function publishMembership(
  pubsub: RoomPubSub,
  roomId: string,
  event: MembershipEvent | null,
  userIds: string[],
) {
  if (event) publishRoomEvent(pubsub, roomId, event);
  const type: 'ADDED' | 'REMOVED' = event?.kind === 'MEMBERS_REMOVED' ? 'REMOVED' : 'ADDED';
  for (const userId of userIds) pubsub.publish('user.rooms', userId, { type, roomId });
}

/** How long a typing signal lasts unless renewed. */
export const TYPING_TTL_MS = 5_000;

/** Announces that `userId` is typing; kept through a Redis outage for as long as it lasts. */
export function publishTyping(pubsub: RoomPubSub, roomId: string, userId: string): void {
  const sentAt = Date.now();
  const expiresAt = sentAt + TYPING_TTL_MS;
  pubsub.publish('room', roomId, { kind: 'TYPING', userId, sentAt, expiresAt }, { keepUntil: expiresAt });
}
