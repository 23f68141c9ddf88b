import { z } from 'zod';
import type { Db } from '../../platform/db/database.js';
import { badInput, conflict, forbidden, notFound } from '../../platform/errors.js';
import { isWellFormed } from '../../platform/text.js';
import { parseInput } from '../../platform/validation.js';
import { areFriends } from '../friends/friends.repository.js';
import { publishRoomEvent } from '../rooms/room-events.js';
import { directPeer, DIRECT_ROOMS_ARE_FOR_FRIENDS, requireSendable } from '../rooms/rooms.service.js';
import { isMember } from '../rooms/rooms.repository.js';
import type { AppPubSub } from '../topics.js';
import * as repository from './messages.repository.js';
import type { Message } from './messages.repository.js';
import { parseMentions } from './mentions.js';

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

export interface SendMessageInput {
  body: string;
  clientId?: string | null;
  /** A message of the same room to quote. */
  replyToId?: string | null;
  /** A top-level message of the same room whose thread this message joins. */
  threadRootId?: string | null;
}

/** Stores a member's message and announces it (messageAdded, inbox; MENTIONED to those it names). */
export async function sendMessage(
  { db, pubsub }: MessageDeps,
  viewerId: string,
  roomId: string,
  input: SendMessageInput,
): Promise<SentMessage> {
  const data = parseInput(sendMessageInput, input);
  const clientId = data.clientId ?? null;
  const replyToId = input.replyToId ?? null;
  const threadRootId = input.threadRootId ?? null;
  if (replyToId !== null || threadRootId !== null) await requireTargets(db, viewerId, roomId, replyToId, threadRootId);
  const mentions = parseMentions(data.body);
  const logged = await repository.insertMessage(db, viewerId, roomId, {
    body: data.body,
    clientId,
    replyToId,
    threadRootId,
    mentions,
  });
  if (!logged) return explainNothingInserted(db, viewerId, roomId, clientId);
  const { message, eventSeq: seq, mentioned } = logged;
  publishRoomEvent(pubsub, roomId, { seq, kind: 'MESSAGE_ADDED', message, mentioned });
  return { message, created: true };
}

/**
 * A reply quotes a message of the same room, and a thread message joins a top-level message of
 * it; anything else is NOT_FOUND (another room's message does not exist for this one), and a
 * thread message named as a root is BAD_USER_INPUT. Membership first: a non-member learns nothing.
 */
async function requireTargets(
  db: Db,
  viewerId: string,
  roomId: string,
  replyToId: string | null,
  threadRootId: string | null,
) {
  if (!(await isMember(db, viewerId, roomId))) throw notFound('Room');
  if (replyToId !== null && !(await repository.findInRoom(db, roomId, replyToId))) throw notFound('Message');
  if (threadRootId === null) return;
  const root = await repository.findInRoom(db, roomId, threadRootId);
  if (!root) throw notFound('Message');
  if (root.threadRootId !== null) {
    throw badInput('threadRootId', 'A thread message cannot have a thread: reply in its root instead.');
  }
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
  // A direct room takes edits only between friends, as it takes messages (an edit may mention).
  await requireSendable(db, viewerId, message.roomId);
  const logged = await repository.updateBody(db, messageId, data.body, parseMentions(data.body));
  if (!logged) {
    await requireOwnMessage(db, viewerId, messageId); // NOT_FOUND if they left meanwhile
    throw conflict('A deleted message cannot be edited.');
  }
  const { message: edited, eventSeq: seq, mentioned } = logged;
  publishRoomEvent(pubsub, message.roomId, { seq, kind: 'MESSAGE_EDITED', message: edited, mentioned });
  return edited;
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
