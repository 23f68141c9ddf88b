import { sql } from 'kysely';
import type { Db, Trx } from '../../platform/db/database.js';
import type { RoomRole } from '../../platform/db/tables.js';
import { finishPage, type PageRequest, type PageResult } from '../../platform/db/pagination.js';
import type { RoleChange } from './roles.js';
import type { RoomKind } from './rooms.repository.js';

// Members of rooms as people with a role and a read position (RoomMember). The rules of who may
// change what are in roles.ts and room-admin.service.ts.

export interface RoomMembership {
  roomId: string;
  userId: string;
  role: RoomRole;
  joinedAt: Date;
  /** Null until the member has read something. */
  lastReadMessageId: string | null;
  lastReadAt: Date | null;
}

/** Position in Room.memberships: join time in microseconds since the epoch (exact), then user id. */
export interface MembershipKey {
  joinedMicros: string;
  userId: string;
}

const joinedMicros = sql<string>`(extract(epoch from room_members.joined_at) * 1000000)::bigint::text`;
const microsToTime = (micros: string) => sql`(timestamptz 'epoch' + ${micros}::bigint * interval '1 microsecond')`;

type MembershipRow = {
  room_id: string;
  user_id: string;
  role: RoomRole;
  joined_at: Date;
  last_read_message_id: string;
  last_read_at: Date | null;
};

const MEMBERSHIP_COLUMNS = [
  'room_members.room_id',
  'room_members.user_id',
  'room_members.role',
  'room_members.joined_at',
  'room_members.last_read_message_id',
  'room_members.last_read_at',
] as const;

const toMembership = (row: MembershipRow): RoomMembership => ({
  roomId: row.room_id,
  userId: row.user_id,
  role: row.role,
  joinedAt: row.joined_at,
  lastReadMessageId: row.last_read_message_id === '0' ? null : row.last_read_message_id,
  lastReadAt: row.last_read_at,
});

/** A page of the room's members in join order (the caller has checked the viewer is one). */
export async function listMemberships(
  db: Db,
  roomId: string,
  page: PageRequest<MembershipKey>,
): Promise<PageResult<RoomMembership & { key: MembershipKey }>> {
  let query = db
    .selectFrom('room_members')
    .select(MEMBERSHIP_COLUMNS)
    .select(joinedMicros.as('joined_micros'))
    .where('room_members.room_id', '=', roomId);
  const position = (key: MembershipKey) => sql`(${microsToTime(key.joinedMicros)}, ${key.userId}::bigint)`;
  if (page.after)
    query = query.where(sql<boolean>`(room_members.joined_at, room_members.user_id) > ${position(page.after)}`);
  if (page.before)
    query = query.where(sql<boolean>`(room_members.joined_at, room_members.user_id) < ${position(page.before)}`);
  const direction = page.fromEnd ? 'desc' : 'asc';
  const rows = await query
    .orderBy('room_members.joined_at', direction)
    .orderBy('room_members.user_id', direction)
    .limit(page.limit + 1)
    .execute();
  const items = rows.map((row) => ({
    ...toMembership(row),
    key: { joinedMicros: row.joined_micros, userId: row.user_id },
  }));
  return finishPage(items, page);
}

/** Memberships by (room, user) pairs, for events that name members (a batch loader's query). */
export async function getMemberships(
  db: Db,
  pairs: ReadonlyArray<{ roomId: string; userId: string }>,
): Promise<RoomMembership[]> {
  if (pairs.length === 0) return [];
  const rows = await db
    .selectFrom('room_members')
    .select(MEMBERSHIP_COLUMNS)
    .where((eb) =>
      eb.or(pairs.map((pair) => eb.and([eb('room_id', '=', pair.roomId), eb('user_id', '=', pair.userId)]))),
    )
    .execute();
  return rows.map(toMembership);
}

/** The viewer's role in each of `roomIds` they are a member of (a batch loader's query). */
export async function getViewerRoles(
  db: Db,
  viewerId: string,
  roomIds: readonly string[],
): Promise<Map<string, RoomRole>> {
  if (roomIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('room_members')
    .select(['room_id', 'role'])
    .where('user_id', '=', viewerId)
    .where('room_id', 'in', roomIds)
    .execute();
  return new Map(rows.map((row) => [row.room_id, row.role]));
}

/**
 * Locks the room's row until the commit (the first lock every membership change takes: the room,
 * then its members) and returns its kind with the roles of `userIds` who are members.
 */
export async function lockRoomRoles(
  trx: Trx,
  roomId: string,
  userIds: readonly string[],
): Promise<{ kind: RoomKind; roles: Map<string, RoomRole> } | null> {
  const { rows } = await sql<{ kind: RoomKind }>`select kind from rooms where id = ${roomId} for update`.execute(trx);
  if (!rows[0]) return null;
  const members = await trx
    .selectFrom('room_members')
    .select(['user_id', 'role'])
    .where('room_id', '=', roomId)
    .where('user_id', 'in', userIds)
    .execute();
  return { kind: rows[0].kind, roles: new Map(members.map((row) => [row.user_id, row.role])) };
}

/** Writes role changes in order (one OWNER at all times: room_members_one_owner_key holds it). */
export async function setRoles(trx: Trx, roomId: string, changes: readonly RoleChange[]): Promise<void> {
  for (const change of changes) {
    await trx
      .updateTable('room_members')
      .set({ role: change.role })
      .where('room_id', '=', roomId)
      .where('user_id', '=', change.userId)
      .execute();
  }
}

/** Who takes over from an OWNER who left: the longest-standing ADMIN, else the longest-standing member. */
export async function findSuccessor(trx: Trx, roomId: string): Promise<string | null> {
  const row = await trx
    .selectFrom('room_members')
    .select('user_id')
    .where('room_id', '=', roomId)
    .orderBy(sql`role = 'ADMIN'`, 'desc')
    .orderBy('joined_at')
    .orderBy('user_id')
    .limit(1)
    .executeTakeFirst();
  return row?.user_id ?? null;
}

/** Sets the name and/or topic of a room (undefined leaves one as it is). */
export async function updateRoomDetails(
  trx: Trx,
  roomId: string,
  details: { name?: string; topic?: string | null },
): Promise<void> {
  await trx.updateTable('rooms').set(details).where('id', '=', roomId).execute();
}
