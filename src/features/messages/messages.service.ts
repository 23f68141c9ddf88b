import { z } from 'zod';
import type { Db } from '../../platform/db/database.js';
import { conflict, forbidden, notFound } from '../../platform/errors.js';
import { isWellFormed } from '../../platform/text.js';
import { parseInput } from '../../platform/validation.js';
import { areFriends } from '../friends/friends.repository.js';
import { publishRoomEvent } from '../rooms/room-events.js';
import { directPeer, DIRECT_ROOMS_ARE_FOR_FRIENDS } from '../rooms/rooms.service.js';
import { isMember } from '../rooms/rooms.repository.js';
import type { AppPubSub } from '../topics.js';
import * as repository from './messages.repository.js';
import type { Message } from './messages.repository.js';

// The rules for sending, editing and deleting messages. Each change is stored (with its room
// event, in one statement), then published: the caller cannot forget to announce it.

export type { Message } from './messages.repository.js';

export interface MessageDeps {
  db: Db;
  pubsub: AppPubSub;
}

export const MAX_BODY_LENGTH = 4000;

const body = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(MAX_BODY_LENGTH, `must be at most ${MAX_BODY_LENGTH} characters`)
  // PostgreSQL text cannot hold NUL; other control characters (newlines, tabs) are fine in a message.
  .refine((value) => !value.includes('\u0000'), 'must not contain NUL characters')
  .refine(isWellFormed, 'must be valid Unicode (no lone surrogates)');
const clientId = z
  .string()
  .min(1, 'must not be empty')
  .max(64, 'must be at most 64 characters')
  .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces');

const sendMessageInput = z.object({ body, clientId: clientId.nullish() });
const editMessageInput = z.object({ body });

export interface SentMessage {
  message: Message;
  /** False when `clientId` matched an earlier send and that message was returned instead. */
  created: boolean;
}

/** Stores a member's message and announces it (messageAdded, inbox). */
export async function sendMessage(
  { db, pubsub }: MessageDeps,
  viewerId: string,
  roomId: string,
  input: { body: string; clientId?: string | null },
): Promise<SentMessage> {
  const data = parseInput(sendMessageInput, input);
  const clientId = data.clientId ?? null;
  const logged = await repository.insertMessage(db, viewerId, roomId, data.body, clientId);
  if (!logged) return explainNothingInserted(db, viewerId, roomId, clientId);
  publishRoomEvent(pubsub, roomId, { seq: logged.eventSeq, kind: 'MESSAGE_ADDED', message: logged.message });
  return { message: logged.message, created: true };
}

/** Why sendMessage inserted nothing: not a member, a direct room of non-friends, or a clientId already used. */
async function explainNothingInserted(
  db: Db,
  viewerId: string,
  roomId: string,
  clientId: string | null,
): Promise<SentMessage> {
  if (clientId !== null) {
    const first = await repository.findByClientId(db, viewerId, roomId, clientId);
    // Still a member? Resending into a room one has left must not reveal it.
    if (first && (await isMember(db, viewerId, roomId))) return { message: first, created: false };
  }
  const room = await db
    .selectFrom('rooms')
    .innerJoin('room_members', 'room_members.room_id', 'rooms.id')
    .select('rooms.direct_key')
    .where('rooms.id', '=', roomId)
    .where('room_members.user_id', '=', viewerId)
    .executeTakeFirst();
  if (!room) throw notFound('Room');
  if (room.direct_key && !(await areFriends(db, viewerId, directPeer(room.direct_key, viewerId)))) {
    throw forbidden(DIRECT_ROOMS_ARE_FOR_FRIENDS);
  }
  // Neither: the clientId row appeared and vanished (its room was deleted) — treat as gone.
  throw notFound('Room');
}

/** The message if it is in a room the viewer belongs to; NOT_FOUND otherwise. */
async function requireVisibleMessage(db: Db, viewerId: string, messageId: string): Promise<Message> {
  const [message] = await repository.getMessagesForMember(db, viewerId, [messageId]);
  if (!message) throw notFound('Message');
  return message;
}

async function requireOwnMessage(db: Db, viewerId: string, messageId: string): Promise<Message> {
  const message = await requireVisibleMessage(db, viewerId, messageId);
  if (message.senderId !== viewerId) throw forbidden('Only the sender can change a message.');
  return message;
}

/** The sender changes their message's body (a deleted message cannot be edited). */
export async function editMessage(
  { db, pubsub }: MessageDeps,
  viewerId: string,
  messageId: string,
  input: { body: string },
): Promise<Message> {
  const data = parseInput(editMessageInput, input);
  const message = await requireOwnMessage(db, viewerId, messageId);
  if (message.deletedAt) throw conflict('A deleted message cannot be edited.');
  const logged = await repository.updateBody(db, messageId, data.body);
  if (!logged) throw conflict('A deleted message cannot be edited.');
  publishRoomEvent(pubsub, message.roomId, { seq: logged.eventSeq, kind: 'MESSAGE_EDITED', message: logged.message });
  return logged.message;
}

/** The sender deletes their message, leaving a tombstone; deleting it again changes nothing. */
export async function deleteMessage(
  { db, pubsub }: MessageDeps,
  viewerId: string,
  messageId: string,
): Promise<Message> {
  const message = await requireOwnMessage(db, viewerId, messageId);
  if (message.deletedAt) return message;
  const logged = await repository.markDeleted(db, messageId);
  // Deleted by a concurrent call a moment ago: that call announced it.
  if (!logged) return requireOwnMessage(db, viewerId, messageId);
  publishRoomEvent(pubsub, message.roomId, { seq: logged.eventSeq, kind: 'MESSAGE_DELETED', message: logged.message });
  return logged.message;
}
