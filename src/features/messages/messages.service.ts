import { sql } from 'kysely';
import { z } from 'zod';
import type { Db } from '../../platform/db/database.js';
import type { MessageRow } from '../../platform/db/tables.js';
import { conflict, forbidden, notFound } from '../../platform/errors.js';
import { areFriends } from '../friends/friends.service.js';
import { toUser, type User } from '../accounts/users.service.js';
import { finishPage, type PageRequest, type PageResult } from '../../platform/db/pagination.js';
import { directPeer, DIRECT_ROOMS_ARE_FOR_FRIENDS, isMember } from '../rooms/rooms.service.js';
import { isWellFormed } from '../../platform/text.js';
import { parseInput } from '../../platform/validation.js';

export interface Message {
  id: string;
  roomId: string;
  senderId: string;
  /** 1, 2, 3… within the room, in commit order. */
  seq: number;
  /** Empty once deleted. */
  body: string;
  clientId: string | null;
  createdAt: Date;
  editedAt: Date | null;
  deletedAt: Date | null;
}

const MESSAGE_COLUMNS = [
  'messages.id',
  'messages.room_id',
  'messages.sender_id',
  'messages.seq',
  'messages.body',
  'messages.client_id',
  'messages.created_at',
  'messages.edited_at',
  'messages.deleted_at',
] as const;

const toMessage = (row: MessageRow): Message => ({
  id: row.id,
  roomId: row.room_id,
  senderId: row.sender_id,
  seq: Number(row.seq),
  body: row.body,
  clientId: row.client_id,
  createdAt: row.created_at,
  editedAt: row.edited_at,
  deletedAt: row.deleted_at,
});

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

/**
 * Stores a message from a member, in one statement: it locks the room row, takes the room's next
 * seq, inserts and bumps the room, so the lock is held for one round trip, not a transaction's
 * worth. Within a room, ids and seqs are therefore assigned in commit order: a reader who has seen
 * message N has seen every earlier one of the room. A repeated `clientId` from the same sender
 * inserts nothing (a unique index decides) and returns the first message.
 */
export async function sendMessage(
  db: Db,
  viewerId: string,
  roomId: string,
  input: { body: string; clientId?: string | null },
): Promise<SentMessage> {
  const data = parseInput(sendMessageInput, input);
  const clientId = data.clientId ?? null;
  const { rows } = await sql<MessageRow>`
    with room as (
      select r.id, r.last_seq, r.direct_key
      from rooms r
      join room_members m on m.room_id = r.id and m.user_id = ${viewerId}
      where r.id = ${roomId}
      for update of r
    ),
    inserted as (
      insert into messages (room_id, sender_id, seq, body, client_id)
      select room.id, ${viewerId}, room.last_seq + 1, ${data.body}, ${clientId}
      from room
      -- A direct room takes messages only between friends (a block ends the friendship too).
      where room.direct_key is null or exists (
        select 1 from friendships f
        where f.user_id = ${viewerId} and f.friend_id = ${directPeerSql(viewerId)}
      )
      on conflict (sender_id, room_id, client_id) where client_id is not null do nothing
      returning *
    ),
    bumped as (
      update rooms
      set last_message_id = inserted.id, last_seq = inserted.seq, activity_seq = nextval('room_activity_seq')
      from inserted
      where rooms.id = inserted.room_id
    )
    select * from inserted
  `.execute(db);
  if (rows[0]) return { message: toMessage(rows[0]), created: true };
  return explainNothingInserted(db, viewerId, roomId, clientId);
}

/** The other member of a direct room, from `room.direct_key` ("<low id>:<high id>"), in SQL. */
function directPeerSql(viewerId: string) {
  return sql`(case when split_part(room.direct_key, ':', 1)::bigint = ${viewerId}::bigint
    then split_part(room.direct_key, ':', 2) else split_part(room.direct_key, ':', 1) end)::bigint`;
}

/** Why sendMessage inserted nothing: not a member, a direct room of non-friends, or a clientId already used. */
async function explainNothingInserted(
  db: Db,
  viewerId: string,
  roomId: string,
  clientId: string | null,
): Promise<SentMessage> {
  if (clientId !== null) {
    const first = await db
      .selectFrom('messages')
      .selectAll()
      .where('sender_id', '=', viewerId)
      .where('room_id', '=', roomId)
      .where('client_id', '=', clientId)
      .executeTakeFirst();
    // Still a member? Resending into a room one has left must not reveal it.
    if (first && (await isMember(db, viewerId, roomId))) return { message: toMessage(first), created: false };
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
  const [message] = await getMessagesForMember(db, viewerId, [messageId]);
  if (!message) throw notFound('Message');
  return message;
}

async function requireOwnMessage(db: Db, viewerId: string, messageId: string): Promise<Message> {
  const message = await requireVisibleMessage(db, viewerId, messageId);
  if (message.senderId !== viewerId) throw forbidden('Only the sender can change a message.');
  return message;
}

export async function editMessage(
  db: Db,
  viewerId: string,
  messageId: string,
  input: { body: string },
): Promise<Message> {
  const data = parseInput(editMessageInput, input);
  const message = await requireOwnMessage(db, viewerId, messageId);
  if (message.deletedAt) throw conflict('A deleted message cannot be edited.');
  const row = await db
    .updateTable('messages')
    .set({ body: data.body, edited_at: sql<Date>`now()` })
    .where('id', '=', messageId)
    .where('deleted_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw conflict('A deleted message cannot be edited.');
  return toMessage(row);
}

/** Soft delete: the row stays as a tombstone (empty body, `deletedAt` set) so history keeps its shape. */
export async function deleteMessage(db: Db, viewerId: string, messageId: string): Promise<Message> {
  const message = await requireOwnMessage(db, viewerId, messageId);
  if (message.deletedAt) return message;
  const row = await db
    .updateTable('messages')
    .set({ body: '', deleted_at: sql<Date>`coalesce(deleted_at, now())` })
    .where('id', '=', messageId)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toMessage(row);
}

/**
 * A page of a room's history in chronological order, keyed by message id: a range scan on
 * messages(room_id, id) whatever the depth. The caller has checked membership. Senders are read in
 * the same statement (by id): a message list nearly always shows who wrote each message.
 */
export async function listMessages(
  db: Db,
  roomId: string,
  page: PageRequest<string>,
): Promise<PageResult<Message> & { senders: Map<string, User> }> {
  let query = db
    .selectFrom('messages')
    .innerJoin('users', 'users.id', 'messages.sender_id')
    .select([
      ...MESSAGE_COLUMNS,
      'users.username as sender_username',
      'users.display_name as sender_display_name',
      'users.created_at as sender_created_at',
    ])
    .where('messages.room_id', '=', roomId);
  if (page.after !== null) query = query.where('messages.id', '>', page.after);
  if (page.before !== null) query = query.where('messages.id', '<', page.before);
  const rows = await query
    .orderBy('messages.id', page.fromEnd ? 'desc' : 'asc')
    .limit(page.limit + 1)
    .execute();
  return { ...finishPage(rows.map(toMessage), page), senders: sendersOf(rows) };
}

/** A message row with its sender's columns, as the history queries read them. */
type MessageWithSenderRow = MessageRow & {
  sender_username: string;
  sender_display_name: string;
  sender_created_at: Date;
};

function sendersOf(rows: readonly MessageWithSenderRow[]): Map<string, User> {
  const senders = new Map<string, User>();
  for (const row of rows) {
    if (senders.has(row.sender_id)) continue;
    senders.set(
      row.sender_id,
      toUser({
        id: row.sender_id,
        username: row.sender_username,
        display_name: row.sender_display_name,
        created_at: row.sender_created_at,
      }),
    );
  }
  return senders;
}

/**
 * The same page of history for each of several rooms, in one statement (a lateral join: one range
 * scan on messages(room_id, id) per room): `rooms { messages }` costs one statement, not one per room.
 */
export async function listMessagesOfRooms(
  db: Db,
  roomIds: readonly string[],
  page: PageRequest<string>,
): Promise<Map<string, Awaited<ReturnType<typeof listMessages>>>> {
  if (roomIds.length === 1) return new Map([[roomIds[0]!, await listMessages(db, roomIds[0]!, page)]]);
  const rows = await db
    .selectFrom('rooms as r')
    .innerJoinLateral(
      (eb) => {
        let query = eb.selectFrom('messages').selectAll('messages').whereRef('messages.room_id', '=', 'r.id');
        if (page.after !== null) query = query.where('messages.id', '>', page.after);
        if (page.before !== null) query = query.where('messages.id', '<', page.before);
        return query
          .orderBy('messages.id', page.fromEnd ? 'desc' : 'asc')
          .limit(page.limit + 1)
          .as('m');
      },
      (join) => join.onTrue(),
    )
    .innerJoin('users', 'users.id', 'm.sender_id')
    .selectAll('m')
    .select([
      'users.username as sender_username',
      'users.display_name as sender_display_name',
      'users.created_at as sender_created_at',
    ])
    .where('r.id', 'in', roomIds)
    .execute();
  const byRoom = new Map<string, MessageWithSenderRow[]>(roomIds.map((id) => [id, []]));
  for (const row of rows) byRoom.get(row.room_id)?.push(row);
  const direction = page.fromEnd ? -1 : 1;
  const pages = new Map<string, Awaited<ReturnType<typeof listMessages>>>();
  for (const [roomId, roomRows] of byRoom) {
    roomRows.sort((a, b) => direction * compareIds(a.id, b.id));
    pages.set(roomId, { ...finishPage(roomRows.map(toMessage), page), senders: sendersOf(roomRows) });
  }
  return pages;
}

/** Orders bigint ids given as strings (no leading zeros): shorter is smaller. */
const compareIds = (a: string, b: string) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);

/** Messages among `ids` in rooms the viewer belongs to (a batch loader's query). */
export async function getMessagesForMember(db: Db, viewerId: string, ids: readonly string[]): Promise<Message[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('messages')
    .innerJoin('room_members', 'room_members.room_id', 'messages.room_id')
    .select(MESSAGE_COLUMNS)
    .where('messages.id', 'in', ids)
    .where('room_members.user_id', '=', viewerId)
    .execute();
  return rows.map(toMessage);
}

const SEQ_READ_BATCH = 100;

/**
 * A room's messages from `fromSeq` on, in seq order, read in batches (range scans on
 * (room_id, seq)) as the caller asks for more: a replay or a catch-up stops reading when it stops
 * iterating.
 */
export async function* readMessagesFromSeq(db: Db, roomId: string, fromSeq: number): AsyncGenerator<Message[]> {
  for (let next = fromSeq; ;) {
    const batch = await listMessagesFromSeq(db, roomId, next, SEQ_READ_BATCH);
    if (batch.length > 0) yield batch;
    if (batch.length < SEQ_READ_BATCH) return;
    next = batch.at(-1)!.seq + 1;
  }
}

async function listMessagesFromSeq(db: Db, roomId: string, fromSeq: number, limit: number): Promise<Message[]> {
  const rows = await db
    .selectFrom('messages')
    .selectAll()
    .where('room_id', '=', roomId)
    .where('seq', '>=', String(fromSeq))
    .orderBy('seq')
    .limit(limit)
    .execute();
  return rows.map(toMessage);
}

/** The seq of each room's newest message (0 when empty or unknown), in one statement. */
export async function getRoomTipSeqs(db: Db, roomIds: readonly string[]): Promise<Map<string, number>> {
  const rows = await db.selectFrom('rooms').select(['id', 'last_seq']).where('id', 'in', roomIds).execute();
  return new Map(rows.map((row) => [row.id, Number(row.last_seq)]));
}

/**
 * Where a subscriber resumes, in one round trip: null when the viewer is not a member of the room;
 * otherwise the seq of `afterId` in it (null when the id names no message of this room).
 */
export async function findResumePoint(
  db: Db,
  viewerId: string,
  roomId: string,
  afterId: string,
): Promise<{ afterSeq: number | null } | null> {
  const row = await db
    .selectFrom('room_members')
    .leftJoin('messages', (join) => join.on('messages.id', '=', afterId).on('messages.room_id', '=', roomId))
    .select('messages.seq')
    .where('room_members.room_id', '=', roomId)
    .where('room_members.user_id', '=', viewerId)
    .executeTakeFirst();
  if (!row) return null;
  return { afterSeq: row.seq === null ? null : Number(row.seq) };
}
