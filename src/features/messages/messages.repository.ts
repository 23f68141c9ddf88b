import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.js';
import type { MessageRow } from '../../platform/db/tables.js';
import { finishPage, readBySeq, type PageRequest, type PageResult } from '../../platform/db/pagination.js';
import { toUser, type User } from '../accounts/users.repository.js';

// Messages in the database. Each statement that adds or changes a message also logs its room
// event (room_events, taking the room's next event seq), so the event commits with the change.

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

export const MESSAGE_COLUMNS = [
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

export const toMessage = (row: MessageRow): Message => ({
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

/** A message written, with the seq of the room event that announces it. */
export interface LoggedMessage {
  message: Message;
  eventSeq: number;
}

/**
 * Stores a message from a member, in one statement: it locks the room row, takes the room's next
 * seq and event seq, inserts, logs the event and bumps the room, so the lock is held for one round
 * trip, not a transaction's worth. Within a room, ids and seqs are therefore assigned in commit
 * order: a reader who has seen message N has seen every earlier one of the room. A repeated
 * `clientId` from the same sender inserts nothing (a unique index decides): null, as when the
 * sender is not a member or the direct room's members are not friends.
 */
export async function insertMessage(
  db: Db,
  senderId: string,
  roomId: string,
  body: string,
  clientId: string | null,
): Promise<LoggedMessage | null> {
  const { rows } = await sql<MessageRow & { event_seq: string }>`
    with room as (
      select r.id, r.last_seq, r.event_seq, r.direct_key
      from rooms r
      join room_members m on m.room_id = r.id and m.user_id = ${senderId}
      where r.id = ${roomId}
      for update of r
    ),
    inserted as (
      insert into messages (room_id, sender_id, seq, body, client_id)
      select room.id, ${senderId}, room.last_seq + 1, ${body}, ${clientId}
      from room
      -- A direct room takes messages only between friends (a block ends the friendship too).
      where room.direct_key is null or exists (
        select 1 from friendships f
        where f.user_id = ${senderId} and f.friend_id = ${directPeerSql(senderId)}
      )
      on conflict (sender_id, room_id, client_id) where client_id is not null do nothing
      returning *
    ),
    logged as (
      insert into room_events (room_id, seq, kind, message_id)
      select inserted.room_id, room.event_seq + 1, 'MESSAGE_ADDED', inserted.id
      from inserted, room
      returning seq
    ),
    bumped as (
      update rooms
      set last_message_id = inserted.id, last_seq = inserted.seq, event_seq = logged.seq,
        activity_seq = nextval('room_activity_seq')
      from inserted, logged
      where rooms.id = inserted.room_id
    )
    select inserted.*, logged.seq as event_seq from inserted, logged
  `.execute(db);
  const row = rows[0];
  return row ? { message: toMessage(row), eventSeq: Number(row.event_seq) } : null;
}

/** The other member of a direct room, from `room.direct_key` ("<low id>:<high id>"), in SQL. */
function directPeerSql(viewerId: string) {
  return sql`(case when split_part(room.direct_key, ':', 1)::bigint = ${viewerId}::bigint
    then split_part(room.direct_key, ':', 2) else split_part(room.direct_key, ':', 1) end)::bigint`;
}

/** The message `senderId` sent into the room with `clientId`, if any. */
export async function findByClientId(
  db: Db,
  senderId: string,
  roomId: string,
  clientId: string,
): Promise<Message | null> {
  const row = await db
    .selectFrom('messages')
    .selectAll()
    .where('sender_id', '=', senderId)
    .where('room_id', '=', roomId)
    .where('client_id', '=', clientId)
    .executeTakeFirst();
  return row ? toMessage(row) : null;
}

/**
 * Changes a live (not deleted) message and logs `kind` for it, in one statement; null when the
 * message is deleted (or gone). The room row's lock orders the event among the room's others.
 */
async function changeMessage(
  db: Db,
  messageId: string,
  kind: 'MESSAGE_EDITED' | 'MESSAGE_DELETED',
  change: ReturnType<typeof sql>,
): Promise<LoggedMessage | null> {
  const { rows } = await sql<MessageRow & { event_seq: string }>`
    with changed as (
      update messages set ${change} where id = ${messageId} and deleted_at is null returning *
    ),
    bumped as (
      update rooms set event_seq = event_seq + 1 from changed where rooms.id = changed.room_id
      returning rooms.id, rooms.event_seq
    ),
    logged as (
      insert into room_events (room_id, seq, kind, message_id)
      select bumped.id, bumped.event_seq, ${kind}, ${messageId} from bumped
    )
    select changed.*, bumped.event_seq from changed, bumped
  `.execute(db);
  const row = rows[0];
  return row ? { message: toMessage(row), eventSeq: Number(row.event_seq) } : null;
}

export const updateBody = (db: Db, messageId: string, body: string) =>
  changeMessage(db, messageId, 'MESSAGE_EDITED', sql`body = ${body}, edited_at = now()`);

/** Soft delete: the row stays as a tombstone (empty body, `deleted_at` set) so history keeps its shape. */
export const markDeleted = (db: Db, messageId: string) =>
  changeMessage(db, messageId, 'MESSAGE_DELETED', sql`body = '', deleted_at = now()`);

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

/**
 * A room's messages from `fromSeq` on, in seq order, in batches (range scans on (room_id, seq)) as
 * the caller asks for more.
 */
export const readMessagesFromSeq = (db: Db, roomId: string, fromSeq: number): AsyncGenerator<Message[]> =>
  readBySeq((from, limit) => listMessagesFromSeq(db, roomId, from, limit), fromSeq);

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
