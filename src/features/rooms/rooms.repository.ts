import { sql } from 'kysely';
import type { Db, Trx } from '../../platform/db/database.js';
import type { RoomRow } from '../../platform/db/tables.js';
import { finishPage, type PageRequest, type PageResult } from '../../platform/db/pagination.js';

// Rooms and their members in the database. Who may create, join, leave or send is decided in
// rooms.service.ts; membership events are logged by room-events.repository.ts.

export type RoomKind = 'DIRECT' | 'GROUP';

export interface Room {
  id: string;
  kind: RoomKind;
  name: string | null;
  topic: string | null;
  createdAt: Date;
  lastMessageId: string | null;
  /** Sort key of the rooms list: larger is more recent activity. */
  activitySeq: string;
}

const ROOM_COLUMNS = [
  'rooms.id',
  'rooms.kind',
  'rooms.name',
  'rooms.topic',
  'rooms.created_at',
  'rooms.last_message_id',
  'rooms.activity_seq',
] as const;

const toRoom = (
  row: Pick<RoomRow, 'id' | 'kind' | 'name' | 'topic' | 'created_at' | 'last_message_id' | 'activity_seq'>,
): Room => ({
  id: row.id,
  kind: row.kind,
  name: row.name,
  topic: row.topic,
  createdAt: row.created_at,
  lastMessageId: row.last_message_id,
  activitySeq: row.activity_seq,
});

/** What a new room is: a direct room has its pair's key, a group room its name. */
export type NewRoom =
  { kind: 'DIRECT'; directKey: string; createdBy: string } | { kind: 'GROUP'; name: string; createdBy: string };

/**
 * A new room with its first members, in the caller's transaction (two statements that must commit
 * together). A direct room whose key exists already fails on rooms_direct_key_key.
 */
export async function insertRoom(trx: Trx, room: NewRoom, memberIds: readonly string[]): Promise<Room> {
  const values =
    room.kind === 'DIRECT'
      ? { kind: room.kind, direct_key: room.directKey, created_by: room.createdBy }
      : { kind: room.kind, name: room.name, created_by: room.createdBy };
  const row = await trx
    .insertInto('rooms')
    .values(values)
    .returning(['id', 'kind', 'name', 'topic', 'created_at', 'last_message_id', 'activity_seq'])
    .executeTakeFirstOrThrow();
  await insertMembers(trx, row.id, memberIds);
  // The creator of a group owns it; a direct room has no roles to change.
  if (room.kind === 'GROUP') {
    await trx
      .updateTable('room_members')
      .set({ role: 'OWNER' })
      .where('room_id', '=', row.id)
      .where('user_id', '=', room.createdBy)
      .execute();
  }
  return toRoom(row);
}

/** Adds `userIds` to the room (the caller knows none of them is a member yet). */
export async function insertMembers(db: Db, roomId: string, userIds: readonly string[]): Promise<void> {
  await db
    .insertInto('room_members')
    .values(userIds.map((userId) => ({ room_id: roomId, user_id: userId })))
    .execute();
}

/** Removes one member; false when they were not (or no longer) a member. */
export async function deleteMember(db: Db, roomId: string, userId: string): Promise<boolean> {
  const { numDeletedRows } = await db
    .deleteFrom('room_members')
    .where('room_id', '=', roomId)
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
  return numDeletedRows > 0n;
}

/** The direct room with this key (see direct-key.ts), if it was ever opened. */
export async function findDirectRoom(db: Db, key: string): Promise<Room | null> {
  const row = await db.selectFrom('rooms').select(ROOM_COLUMNS).where('direct_key', '=', key).executeTakeFirst();
  return row ? toRoom(row) : null;
}

/**
 * The room if the viewer is a member, with whether it takes their messages: a group room always
 * does, a direct room while the viewer is a friend of its other member. Null for a non-member.
 */
export async function findRoomForSender(
  db: Db,
  viewerId: string,
  roomId: string,
): Promise<{ room: Room; sendable: boolean } | null> {
  const row = await db
    .selectFrom('rooms')
    .innerJoin('room_members', 'room_members.room_id', 'rooms.id')
    .select(ROOM_COLUMNS)
    .select((eb) =>
      eb
        .or([
          eb('rooms.kind', '=', 'GROUP'),
          eb.exists(
            eb
              .selectFrom('room_members as peer')
              .innerJoin('friendships', 'friendships.friend_id', 'peer.user_id')
              .select('peer.user_id')
              .whereRef('peer.room_id', '=', 'rooms.id')
              .where('friendships.user_id', '=', viewerId),
          ),
        ])
        .as('sendable'),
    )
    .where('rooms.id', '=', roomId)
    .where('room_members.user_id', '=', viewerId)
    .executeTakeFirst();
  return row ? { room: toRoom(row), sendable: Boolean(row.sendable) } : null;
}

/** The viewer's rooms, most recent activity first, keyed by activity sequence. */
export async function listRooms(db: Db, viewerId: string, page: PageRequest<string>): Promise<PageResult<Room>> {
  let query = db
    .selectFrom('room_members')
    .innerJoin('rooms', 'rooms.id', 'room_members.room_id')
    .select(ROOM_COLUMNS)
    .where('room_members.user_id', '=', viewerId);
  // The list runs newest first, so "after" a cursor means a smaller activity value.
  if (page.after !== null) query = query.where('rooms.activity_seq', '<', page.after);
  if (page.before !== null) query = query.where('rooms.activity_seq', '>', page.before);
  const rows = await query
    .orderBy('rooms.activity_seq', page.fromEnd ? 'asc' : 'desc')
    .limit(page.limit + 1)
    .execute();
  return finishPage(rows.map(toRoom), page);
}

/** Rooms among `roomIds` that the viewer is a member of (a batch loader's query). */
export async function getRoomsForMember(db: Db, viewerId: string, roomIds: readonly string[]): Promise<Room[]> {
  if (roomIds.length === 0) return [];
  const rows = await db
    .selectFrom('rooms')
    .innerJoin('room_members', 'room_members.room_id', 'rooms.id')
    .select(ROOM_COLUMNS)
    .where('rooms.id', 'in', roomIds)
    .where('room_members.user_id', '=', viewerId)
    .execute();
  return rows.map(toRoom);
}

/** Member user ids of each room, in join order (a batch loader's query). */
export async function getMemberIds(db: Db, roomIds: readonly string[]): Promise<Map<string, string[]>> {
  const members = new Map<string, string[]>(roomIds.map((id) => [id, []]));
  if (roomIds.length === 0) return members;
  const rows = await db
    .selectFrom('room_members')
    .select(['room_id', 'user_id'])
    .where('room_id', 'in', roomIds)
    .orderBy('room_id')
    .orderBy('joined_at')
    .orderBy('user_id')
    .execute();
  for (const row of rows) members.get(row.room_id)?.push(row.user_id);
  return members;
}

/** True when the user is a member of the room. */
export async function isMember(db: Db, userId: string, roomId: string): Promise<boolean> {
  const row = await db
    .selectFrom('room_members')
    .select('user_id')
    .where('room_id', '=', roomId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Unread messages per room for the viewer: others' messages after the read marker, not deleted.
 * One grouped range scan on messages(room_id, id) for all rooms.
 */
export async function getUnreadCounts(
  db: Db,
  viewerId: string,
  roomIds: readonly string[],
): Promise<Map<string, number>> {
  const counts = new Map<string, number>(roomIds.map((id) => [id, 0]));
  if (roomIds.length === 0) return counts;
  const rows = await db
    .selectFrom('room_members')
    .innerJoin('messages', (join) =>
      join
        .onRef('messages.room_id', '=', 'room_members.room_id')
        .onRef('messages.id', '>', 'room_members.last_read_message_id'),
    )
    .select(['room_members.room_id', sql<string>`count(*)`.as('unread')])
    .where('room_members.user_id', '=', viewerId)
    .where('room_members.room_id', 'in', roomIds)
    .where('messages.sender_id', '<>', viewerId)
    .where('messages.deleted_at', 'is', null)
    .groupBy('room_members.room_id')
    .execute();
  for (const row of rows) counts.set(row.room_id, Number(row.unread));
  return counts;
}

/** The id of message `messageId` if it is a message of the room (deleted or not); null otherwise. */
export async function findMessageIdInRoom(db: Db, roomId: string, messageId: string): Promise<string | null> {
  const message = await db
    .selectFrom('messages')
    .select('id')
    .where('id', '=', messageId)
    .where('room_id', '=', roomId)
    .executeTakeFirst();
  return message?.id ?? null;
}

/**
 * Moves the member's read marker to `messageId` if that is further than it stands (never back);
 * returns when it moved, or null when it did not (no write then).
 */
export async function advanceReadMarker(
  db: Db,
  roomId: string,
  userId: string,
  messageId: string,
): Promise<Date | null> {
  const row = await db
    .updateTable('room_members')
    .set({ last_read_message_id: messageId, last_read_at: sql<Date>`now()` })
    .where('room_id', '=', roomId)
    .where('user_id', '=', userId)
    .where('last_read_message_id', '<', messageId)
    .returning('last_read_at')
    .executeTakeFirst();
  return row?.last_read_at ?? null;
}
