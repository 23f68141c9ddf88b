import { sql } from 'kysely';
import { z } from 'zod';
import type { Db } from '../../platform/db/database.js';
import type { RoomRow } from '../../platform/db/tables.js';
import { badInput, forbidden, isUniqueViolation, notFound } from '../../platform/errors.js';
import { areFriends, filterFriends, isBlockedEitherWay } from '../friends/friends.service.js';
import { findUserById } from '../accounts/users.service.js';
import { finishPage, type PageRequest, type PageResult } from '../../platform/db/pagination.js';
import { isWellFormed } from '../../platform/text.js';
import { parseInput } from '../../platform/validation.js';
import type { AppPubSub } from '../topics.js';
import { newMembersBelowCap, requireRoomsBelowCap, type RoomCaps } from './room-caps.js';
import { directKey } from './direct-key.js';
import { publishMembership } from './room-events.js';
import { logMembershipEvent } from './room-events.repository.js';

export { directKey, directPeer } from './direct-key.js';

/** What the membership changes use: they store, then publish. */
export interface RoomDeps {
  db: Db;
  pubsub: AppPubSub;
}

export type RoomKind = 'DIRECT' | 'GROUP';

export interface Room {
  id: string;
  kind: RoomKind;
  name: string | null;
  createdAt: Date;
  lastMessageId: string | null;
  /** Sort key of the rooms list: larger is more recent activity. */
  activitySeq: string;
}

const ROOM_COLUMNS = [
  'rooms.id',
  'rooms.kind',
  'rooms.name',
  'rooms.created_at',
  'rooms.last_message_id',
  'rooms.activity_seq',
] as const;

const toRoom = (
  row: Pick<RoomRow, 'id' | 'kind' | 'name' | 'created_at' | 'last_message_id' | 'activity_seq'>,
): Room => ({
  id: row.id,
  kind: row.kind,
  name: row.name,
  createdAt: row.created_at,
  lastMessageId: row.last_message_id,
  activitySeq: row.activity_seq,
});

/** Largest group a creator may start with or add at once; keeps one request's work bounded. */
export const MAX_MEMBERS_PER_CALL = 100;

/**
 * The one direct room between the viewer and a friend, created on first use. A unique index on
 * the pair decides races: concurrent calls all end up with the same room.
 */
export async function openDirectRoom({ db, pubsub }: RoomDeps, viewerId: string, otherId: string): Promise<Room> {
  if (otherId === viewerId) throw badInput('userId', 'You cannot open a direct room with yourself.');
  if (!(await findUserById(db, otherId))) throw notFound('User');
  if (!(await areFriends(db, viewerId, otherId)) || (await isBlockedEitherWay(db, viewerId, otherId))) {
    throw forbidden(DIRECT_ROOMS_ARE_FOR_FRIENDS);
  }
  const key = directKey(viewerId, otherId);
  const existing = await findDirectRoom(db, key);
  if (existing) return existing;
  try {
    const room = await db.transaction().execute(async (trx) => {
      const room = await trx
        .insertInto('rooms')
        .values({ kind: 'DIRECT', direct_key: key, created_by: viewerId })
        .returning(['id', 'kind', 'name', 'created_at', 'last_message_id', 'activity_seq'])
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('room_members')
        .values([
          { room_id: room.id, user_id: viewerId },
          { room_id: room.id, user_id: otherId },
        ])
        .execute();
      return toRoom(room);
    });
    // A new room: nobody follows it yet but the two inboxes.
    publishMembership(pubsub, room.id, null, [viewerId, otherId]);
    return room;
  } catch (err) {
    // Another call created it between our look-up and insert: theirs is the room.
    if (!isUniqueViolation(err, 'rooms_direct_key_key')) throw err;
    const winner = await findDirectRoom(db, key);
    if (!winner) throw err;
    return winner;
  }
}

async function findDirectRoom(db: Db, key: string): Promise<Room | null> {
  const row = await db.selectFrom('rooms').select(ROOM_COLUMNS).where('direct_key', '=', key).executeTakeFirst();
  return row ? toRoom(row) : null;
}

const roomName = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(100, 'must be at most 100 characters')
  .refine((value) => !/\p{Cc}/u.test(value), 'must not contain control characters')
  .refine(isWellFormed, 'must be valid Unicode (no lone surrogates)');

const createRoomInput = z.object({
  name: roomName,
  memberIds: z.array(z.string()).max(MAX_MEMBERS_PER_CALL, `must list at most ${MAX_MEMBERS_PER_CALL} users`),
});

/** Refuses unless every one of `userIds` is a friend of the viewer. */
async function requireFriends(db: Db, viewerId: string, userIds: string[], field: string) {
  const friends = await filterFriends(db, viewerId, userIds);
  if (userIds.some((id) => !friends.has(id))) {
    throw forbidden(`Only your friends can be added to a room (${field}).`);
  }
}

/** A group room of the creator and some of the creator's friends. */
export async function createRoom(
  { db, pubsub }: RoomDeps,
  viewerId: string,
  input: { name: string; memberIds: string[] },
  caps: RoomCaps,
): Promise<Room> {
  const data = parseInput(createRoomInput, input);
  const friendIds = [...new Set(data.memberIds)].filter((id) => id !== viewerId);
  await requireFriends(db, viewerId, friendIds, 'memberIds');
  const memberIds = [viewerId, ...friendIds];
  if (memberIds.length > caps.maxMembersPerRoom) {
    throw badInput('memberIds', `A room may have at most ${caps.maxMembersPerRoom} members.`);
  }
  const room = await db.transaction().execute(async (trx) => {
    await requireRoomsBelowCap(trx, memberIds, caps, 'memberIds');
    const room = await trx
      .insertInto('rooms')
      .values({ kind: 'GROUP', name: data.name, created_by: viewerId })
      .returning(['id', 'kind', 'name', 'created_at', 'last_message_id', 'activity_seq'])
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('room_members')
      .values(memberIds.map((userId) => ({ room_id: room.id, user_id: userId })))
      .execute();
    return toRoom(room);
  });
  publishMembership(pubsub, room.id, null, memberIds);
  return room;
}

/** The room if the viewer is a member; a room they are not in does not exist for them. */
export async function requireMembership(db: Db, viewerId: string, roomId: string): Promise<Room> {
  const [room] = await getRoomsForMember(db, viewerId, [roomId]);
  if (!room) throw notFound('Room');
  return room;
}

/** Why a direct room refuses new messages and live streams once its members are no longer friends. */
export const DIRECT_ROOMS_ARE_FOR_FRIENDS = 'Direct rooms are only for friends.';

/**
 * The room if the viewer may send to it and follow it live: a member (else NOT_FOUND) and, in a
 * direct room, still a friend of the other member (else FORBIDDEN). A direct room follows the
 * friendship (a block ends it too) while its history stays readable: reads use requireMembership.
 */
export async function requireSendable(db: Db, viewerId: string, roomId: string): Promise<Room> {
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
  if (!row) throw notFound('Room');
  if (!row.sendable) throw forbidden(DIRECT_ROOMS_ARE_FOR_FRIENDS);
  return toRoom(row);
}

/** The id of the direct room of a and b, if they ever opened one. */
export async function findDirectRoomId(db: Db, a: string, b: string): Promise<string | null> {
  return (await findDirectRoom(db, directKey(a, b)))?.id ?? null;
}

/** Any member of a group room may add their own friends to it. */
export async function addRoomMembers(
  { db, pubsub }: RoomDeps,
  viewerId: string,
  roomId: string,
  userIds: string[],
  caps: RoomCaps,
): Promise<Room> {
  if (userIds.length > MAX_MEMBERS_PER_CALL) {
    throw badInput('userIds', `userIds must list at most ${MAX_MEMBERS_PER_CALL} users.`);
  }
  const room = await requireMembership(db, viewerId, roomId);
  if (room.kind === 'DIRECT') throw forbidden('Direct rooms always have exactly two members.');
  const newIds = [...new Set(userIds)].filter((id) => id !== viewerId);
  await requireFriends(db, viewerId, newIds, 'userIds');
  if (newIds.length === 0) return room;
  const added = await db.transaction().execute(async (trx) => {
    const joining = await newMembersBelowCap(trx, roomId, newIds, caps);
    if (joining.length === 0) return null;
    await requireRoomsBelowCap(trx, joining, caps, 'userIds');
    await trx
      .insertInto('room_members')
      .values(joining.map((userId) => ({ room_id: roomId, user_id: userId })))
      .execute();
    return logMembershipEvent(trx, roomId, 'MEMBERS_ADDED', joining);
  });
  if (added) publishMembership(pubsub, roomId, added, added.userIds);
  return room;
}

/** Leaves a group room. Direct rooms cannot be left (they close when the friendship ends, see requireSendable). */
export async function leaveRoom({ db, pubsub }: RoomDeps, viewerId: string, roomId: string): Promise<void> {
  const room = await requireMembership(db, viewerId, roomId);
  if (room.kind === 'DIRECT') throw forbidden('You cannot leave a direct room.');
  const left = await db.transaction().execute(async (trx) => {
    const { numDeletedRows } = await trx
      .deleteFrom('room_members')
      .where('room_id', '=', roomId)
      .where('user_id', '=', viewerId)
      .executeTakeFirstOrThrow();
    // Left already (a concurrent call): that call announced it.
    return numDeletedRows > 0n ? logMembershipEvent(trx, roomId, 'MEMBERS_REMOVED', [viewerId]) : null;
  });
  if (left) publishMembership(pubsub, roomId, left, [viewerId]);
}

/** Ids of every room the user is in (the inbox follows them all). */
export async function listRoomIds(db: Db, userId: string): Promise<string[]> {
  const rows = await db.selectFrom('room_members').select('room_id').where('user_id', '=', userId).execute();
  return rows.map((row) => row.room_id);
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

/** Moves the viewer's read marker forward to `messageId` (a message of this room) or to the latest. */
export async function markRoomRead(db: Db, viewerId: string, roomId: string, messageId: string | null): Promise<Room> {
  const room = await requireMembership(db, viewerId, roomId);
  let target = room.lastMessageId;
  if (messageId !== null) {
    const message = await db
      .selectFrom('messages')
      .select('id')
      .where('id', '=', messageId)
      .where('room_id', '=', roomId)
      .executeTakeFirst();
    if (!message) throw notFound('Message');
    target = message.id;
  }
  if (target !== null) {
    // Never backwards: reading an older message after a newer one keeps the newer marker.
    await db
      .updateTable('room_members')
      .set({ last_read_message_id: sql<string>`greatest(last_read_message_id, ${target}::bigint)` })
      .where('room_id', '=', roomId)
      .where('user_id', '=', viewerId)
      .execute();
  }
  return room;
}
