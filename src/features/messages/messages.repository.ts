import { sql, type RawBuilder } from 'kysely';
import type { Db, Trx } from '../../platform/db/database.js';
import type { MessageRow } from '../../platform/db/tables.js';
import { readBySeq } from '../../platform/db/pagination.js';
import { toUser, type User } from '../accounts/users.repository.js';

// Messages in the database. Each statement that adds or changes a message also logs its room
// event (room_events, taking the room's next event seq), so the event commits with the change.

export interface Message {
  id: string;
  roomId: string;
  senderId: string;
  /** 1, 2, 3… within the room, in commit order (thread messages included). */
  seq: number;
  /** Empty once deleted. */
  body: string;
  clientId: string | null;
  createdAt: Date;
  editedAt: Date | null;
  deletedAt: Date | null;
  replyToId: string | null;
  threadRootId: string | null;
  replyCount: number;
  lastReplyAt: Date | null;
  pinnedAt: Date | null;
}

/** What a message is read as: never `search_vector`, which only the search reads. */
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
  'messages.reply_to_id',
  'messages.thread_root_id',
  'messages.reply_count',
  'messages.last_reply_at',
  'messages.pinned_at',
] as const;

/** The same columns for raw statements (`returning`, CTEs); `table` qualifies them. */
export const messageColumnsSql = (table: string) =>
  sql.raw(MESSAGE_COLUMNS.map((column) => column.replace('messages.', `${table}.`)).join(', '));

export type MessageColumnsRow = Pick<
  MessageRow,
  | 'id'
  | 'room_id'
  | 'sender_id'
  | 'seq'
  | 'body'
  | 'client_id'
  | 'created_at'
  | 'edited_at'
  | 'deleted_at'
  | 'reply_to_id'
  | 'thread_root_id'
  | 'reply_count'
  | 'last_reply_at'
  | 'pinned_at'
>;

export const toMessage = (row: MessageColumnsRow): Message => ({
  id: row.id,
  roomId: row.room_id,
  senderId: row.sender_id,
  seq: Number(row.seq),
  body: row.body,
  clientId: row.client_id,
  createdAt: row.created_at,
  editedAt: row.edited_at,
  deletedAt: row.deleted_at,
  replyToId: row.reply_to_id,
  threadRootId: row.thread_root_id,
  replyCount: Number(row.reply_count),
  lastReplyAt: row.last_reply_at,
  pinnedAt: row.pinned_at,
});

/** A message written, with the seq of the room event that announces it. */
export interface LoggedMessage {
  message: Message;
  eventSeq: number;
  /** Members to tell they were mentioned (see MessageEvent.mentioned). */
  mentioned: string[];
}

/** What a new message says besides its body. */
export interface NewMessage {
  body: string;
  clientId: string | null;
  replyToId: string | null;
  threadRootId: string | null;
  /** Lower-cased usernames it mentions; those who are members of the room are recorded. */
  mentions: string[];
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
  message: NewMessage,
): Promise<LoggedMessage | null> {
  const { rows } = await sql<MessageColumnsRow & { event_seq: string; mentioned: string[] | null }>`
    with -- The membership and friendship rows are locked too (KEY SHARE): a leave or block that
    -- committed while this waited for the room row deleted them, and locking a deleted row skips
    -- it, where the statement's snapshot alone would still see it.
    room as (
      select r.id, r.last_seq, r.event_seq, r.direct_key
      from rooms r
      join room_members m on m.room_id = r.id and m.user_id = ${senderId}
      where r.id = ${roomId}
      for update of r for key share of m
    ),
    friend as (
      select 1 from friendships f, room
      where room.direct_key is not null and f.user_id = ${senderId} and f.friend_id = ${directPeerSql(senderId)}
      for key share of f
    ),
    inserted as (
      insert into messages (room_id, sender_id, seq, body, client_id, reply_to_id, thread_root_id)
      select room.id, ${senderId}, room.last_seq + 1, ${message.body}, ${message.clientId},
        ${message.replyToId}, ${message.threadRootId}
      from room
      -- A direct room takes messages only between friends (a block ends the friendship too).
      where room.direct_key is null or exists (select 1 from friend)
      on conflict (sender_id, room_id, client_id) where client_id is not null do nothing
      returning ${messageColumnsSql('messages')}
    ),
    -- The thread's root counts its messages; the room row's lock makes the count exact.
    counted as (
      update messages set reply_count = messages.reply_count + 1, last_reply_at = inserted.created_at
      from inserted where messages.id = inserted.thread_root_id
    ),
    mentioned as (${insertMentions(sql`inserted`, message.mentions)}),
    notified as (${notifiable(senderId)}),
    logged as (
      insert into room_events (room_id, seq, kind, message_id, user_ids)
      select inserted.room_id, room.event_seq + 1, 'MESSAGE_ADDED', inserted.id, (select ids from notified)
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
    select inserted.*, logged.seq as event_seq, (select ids from notified) as mentioned from inserted, logged
  `.execute(db);
  const row = rows[0];
  return row ? logged(row) : null;
}

const logged = (row: MessageColumnsRow & { event_seq: string; mentioned: string[] | null }): LoggedMessage => ({
  message: toMessage(row),
  eventSeq: Number(row.event_seq),
  mentioned: (row.mentioned ?? []).map(String),
});

/**
 * Records the members of the message's room named in `usernames` as mentioned by it (those already
 * recorded are left), returning the user ids added. `message` is a relation with `id` and `room_id`.
 */
function insertMentions(message: RawBuilder<unknown>, usernames: string[]) {
  // Most messages mention nobody: no scan of the room's members for them.
  if (usernames.length === 0) return sql`select null::bigint as user_id where false`;
  return sql`
    insert into mentions (message_id, user_id)
    select m.id, u.id
    from ${message} m
    join room_members rm on rm.room_id = m.room_id
    join users u on u.id = rm.user_id
    where lower(u.username) = any(${usernames}::text[])
    on conflict do nothing
    returning user_id`;
}

/** From `mentioned`: those to tell, as one array `ids`: not the sender, and nobody across a block. */
function notifiable(senderId: string | RawBuilder<unknown>) {
  return sql`
    select array_agg(user_id) as ids from mentioned
    where user_id <> ${senderId} and not exists (
      select 1 from blocks b
      where (b.blocker_id = mentioned.user_id and b.blocked_id = ${senderId})
        or (b.blocker_id = ${senderId} and b.blocked_id = mentioned.user_id)
    )`;
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
    .select(MESSAGE_COLUMNS)
    .where('sender_id', '=', senderId)
    .where('room_id', '=', roomId)
    .where('client_id', '=', clientId)
    .executeTakeFirst();
  return row ? toMessage(row) : null;
}

/**
 * Changes a live (not deleted) message and logs `kind` for it, in one statement; null when the
 * message is deleted (or gone), or its sender is no longer a member. The room row's lock orders the event among the room's others.
 * `mentions`, for an edit: the usernames the new body mentions; mentions it no longer makes go.
 */
async function changeMessage(
  db: Db,
  messageId: string,
  kind: 'MESSAGE_EDITED' | 'MESSAGE_DELETED',
  change: RawBuilder<unknown>,
  mentions: string[],
): Promise<LoggedMessage | null> {
  return db.transaction().execute(async (trx) => {
    // The room row first, as sendMessage takes it before a thread root's row: the other order
    // deadlocks an edit of a root with a reply into its thread.
    await lockRoomOf(trx, messageId);
    const { rows } = await sql<MessageColumnsRow & { event_seq: string; mentioned: string[] | null }>`
    with changed as (
      update messages set ${change}
      where id = ${messageId} and deleted_at is null
        -- Only its sender changes a message: still a member once the room row is locked.
        and exists (select 1 from room_members rm where rm.room_id = messages.room_id and rm.user_id = messages.sender_id)
      returning ${messageColumnsSql('messages')}
    ),
    unmentioned as (
      delete from mentions using changed
      where mentions.message_id = changed.id and mentions.user_id not in (
        select id from users where lower(username) = any(${mentions}::text[])
      )
    ),
    mentioned as (${insertMentions(sql`changed`, mentions)}),
    notified as (${notifiable(sql`(select sender_id from changed)`)}),
    bumped as (
      update rooms set event_seq = event_seq + 1 from changed where rooms.id = changed.room_id
      returning rooms.id, rooms.event_seq
    ),
    logged as (
      insert into room_events (room_id, seq, kind, message_id, user_ids)
      select bumped.id, bumped.event_seq, ${kind}, ${messageId}, (select ids from notified) from bumped
    )
    select changed.*, bumped.event_seq, (select ids from notified) as mentioned from changed, bumped
  `.execute(trx);
    const row = rows[0];
    return row ? logged(row) : null;
  });
}

/**
 * Locks the row of the message's room until the commit and returns the room's id. Whatever changes
 * a message, its reactions or its pin takes this first: every writer of a room then takes the room
 * row before any message row. With `memberId`, only for a member of the room (null, locking
 * nothing, otherwise): a stranger cannot hold a room's lock.
 */
export async function lockRoomOf(trx: Trx, messageId: string, memberId?: string): Promise<string | null> {
  const member =
    memberId === undefined ? sql`` : sql`join room_members rm on rm.room_id = m.room_id and rm.user_id = ${memberId}`;
  const { rows } = await sql<{ id: string }>`
    select r.id from messages m join rooms r on r.id = m.room_id ${member}
    where m.id = ${messageId}
    for update of r
  `.execute(trx);
  return rows[0]?.id ?? null;
}

export const updateBody = (db: Db, messageId: string, body: string, mentions: string[]) =>
  changeMessage(db, messageId, 'MESSAGE_EDITED', sql`body = ${body}, edited_at = now()`, mentions);

/**
 * Soft delete: the row stays as a tombstone (empty body, `deleted_at` set) so history keeps its
 * shape; it mentions nobody and is no longer pinned.
 */
export const markDeleted = (db: Db, messageId: string) =>
  changeMessage(
    db,
    messageId,
    'MESSAGE_DELETED',
    sql`body = '', deleted_at = now(), pinned_at = null, pinned_by = null`,
    [],
  );

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
    .select(MESSAGE_COLUMNS)
    .where('room_id', '=', roomId)
    .where('seq', '>=', String(fromSeq))
    .orderBy('seq')
    .limit(limit)
    .execute();
  return rows.map(toMessage);
}

/** The position before a room's first message (Room.headCursor of an empty room): seqs start at 1. */
export const ROOM_START_ID = '0';

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
  if (afterId === ROOM_START_ID) return { afterSeq: 0 };
  return { afterSeq: row.seq === null ? null : Number(row.seq) };
}

/** The room and thread of a message of `roomId` (null when it is not one): what a reply or thread checks. */
export async function findInRoom(
  db: Db,
  roomId: string,
  messageId: string,
): Promise<{ threadRootId: string | null } | null> {
  const row = await db
    .selectFrom('messages')
    .select('thread_root_id')
    .where('id', '=', messageId)
    .where('room_id', '=', roomId)
    .executeTakeFirst();
  return row ? { threadRootId: row.thread_root_id } : null;
}

/** The users each of `messageIds` mentions (a batch loader's query). */
export async function mentionedUsers(db: Db, messageIds: readonly string[]): Promise<Map<string, User[]>> {
  const rows = await db
    .selectFrom('mentions')
    .innerJoin('users', 'users.id', 'mentions.user_id')
    .select([
      'mentions.message_id',
      'users.id',
      'users.username',
      'users.display_name',
      'users.created_at',
      'users.deleted_at',
    ])
    .where('mentions.message_id', 'in', messageIds)
    .orderBy('users.username')
    .execute();
  const byMessage = new Map<string, User[]>();
  for (const row of rows) {
    const users = byMessage.get(row.message_id) ?? [];
    users.push(toUser(row));
    byMessage.set(row.message_id, users);
  }
  return byMessage;
}
