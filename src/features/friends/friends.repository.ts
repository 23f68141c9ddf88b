import { sql } from 'kysely';
import type { Db, Trx } from '../../platform/db/database.js';
import type { FriendRequestRow } from '../../platform/db/tables.js';
import { finishPage, type PageRequest, type PageResult } from '../../platform/db/pagination.js';
import { notBlocking, toUser, type User } from '../accounts/users.repository.js';

// The social graph in the database: friend requests, friendships (two rows per friendship, one per
// direction) and blocks. Which of these statements commit together, and under which lock, is
// friends.service.ts's decision.

export interface FriendRequest {
  id: string;
  fromUserId: string;
  toUserId: string;
  createdAt: Date;
}

/** The viewer's relation to another user, as `User.friendship` shows it. */
export type FriendshipStatus = 'NONE' | 'REQUEST_SENT' | 'REQUEST_RECEIVED' | 'FRIENDS' | 'BLOCKED' | 'SELF';

/** The most pending requests `incomingFriendRequests`/`outgoingFriendRequests` return (newest first). */
export const MAX_PENDING_REQUESTS_LISTED = 500;

const toFriendRequest = (row: FriendRequestRow): FriendRequest => ({
  id: row.id,
  fromUserId: row.from_user_id,
  toUserId: row.to_user_id,
  createdAt: row.created_at,
});

const REQUEST_COLUMNS = ['id', 'from_user_id', 'to_user_id', 'created_at'] as const;
const USER_COLUMNS = ['u.id', 'u.username', 'u.display_name', 'u.created_at', 'u.deleted_at'] as const;

/** Serializes writes on the unordered pair {a, b} until the transaction ends (see friends.service.ts). */
export async function lockPair(trx: Trx, a: string, b: string): Promise<void> {
  const [low, high] = [a, b].sort();
  // A hash collision between two pairs only makes them wait for each other; it never breaks anything.
  await sql`select pg_advisory_xact_lock(hashtextextended(${`friendship:${low}:${high}`}, 0))`.execute(trx);
}

/** Both friendship rows; a no-op where they already exist. */
export async function insertFriendship(trx: Trx, a: string, b: string): Promise<void> {
  await trx
    .insertInto('friendships')
    .values([
      { user_id: a, friend_id: b },
      { user_id: b, friend_id: a },
    ])
    .onConflict((oc) => oc.columns(['user_id', 'friend_id']).doNothing())
    .execute();
}

/** Deletes both friendship rows (one statement); returns how many went (0 when they were not friends). */
export async function deleteFriendship(db: Db, a: string, b: string): Promise<number> {
  const rows = await db
    .deleteFrom('friendships')
    .where((eb) =>
      eb.or([
        eb.and([eb('user_id', '=', a), eb('friend_id', '=', b)]),
        eb.and([eb('user_id', '=', b), eb('friend_id', '=', a)]),
      ]),
    )
    .returning('user_id')
    .execute();
  return rows.length;
}

/** True when a and b are friends (one primary-key probe). */
export async function areFriends(db: Db, a: string, b: string): Promise<boolean> {
  const row = await db
    .selectFrom('friendships')
    .select('user_id')
    .where('user_id', '=', a)
    .where('friend_id', '=', b)
    .executeTakeFirst();
  return row !== undefined;
}

/** Of `candidateIds`, those who are friends of `userId`. */
export async function filterFriends(db: Db, userId: string, candidateIds: readonly string[]): Promise<Set<string>> {
  if (candidateIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('friendships')
    .select('friend_id')
    .where('user_id', '=', userId)
    .where('friend_id', 'in', candidateIds)
    .execute();
  return new Set(rows.map((row) => row.friend_id));
}

/**
 * Of `candidateIds`, the user's friends, their friendship rows locked (FOR SHARE) until the
 * transaction ends: an unfriending, a block or an account deletion (each deletes those rows) then
 * waits for it, or has committed before, and the row is gone.
 */
export async function lockFriendships(trx: Trx, userId: string, candidateIds: readonly string[]): Promise<Set<string>> {
  if (candidateIds.length === 0) return new Set();
  const rows = await trx
    .selectFrom('friendships')
    .select('friend_id')
    .where('user_id', '=', userId)
    .where('friend_id', 'in', candidateIds)
    .forShare()
    .execute();
  return new Set(rows.map((row) => row.friend_id));
}

/** True when either user has blocked the other. */
export async function isBlockedEitherWay(db: Db, a: string, b: string): Promise<boolean> {
  const row = await db
    .selectFrom('blocks')
    .select('blocker_id')
    .where((eb) =>
      eb.or([
        eb.and([eb('blocker_id', '=', a), eb('blocked_id', '=', b)]),
        eb.and([eb('blocker_id', '=', b), eb('blocked_id', '=', a)]),
      ]),
    )
    .executeTakeFirst();
  return row !== undefined;
}

/** Deletes the pending request from → to and returns it; null when there is none. */
export async function takeRequest(db: Db, fromUserId: string, toUserId: string): Promise<FriendRequest | null> {
  const row = await db
    .deleteFrom('friend_requests')
    .where('from_user_id', '=', fromUserId)
    .where('to_user_id', '=', toUserId)
    .returning(REQUEST_COLUMNS)
    .executeTakeFirst();
  return row ? toFriendRequest(row) : null;
}

/** A new pending request from → to; null when one is pending already (friend_requests_pair_key). */
export async function insertRequest(db: Db, fromUserId: string, toUserId: string): Promise<FriendRequest | null> {
  const row = await db
    .insertInto('friend_requests')
    .values({ from_user_id: fromUserId, to_user_id: toUserId })
    .onConflict((oc) => oc.constraint('friend_requests_pair_key').doNothing())
    .returning(REQUEST_COLUMNS)
    .executeTakeFirst();
  return row ? toFriendRequest(row) : null;
}

/** The pending request from → to, which the caller knows exists (Kysely's NoResultError otherwise). */
export async function getRequest(db: Db, fromUserId: string, toUserId: string): Promise<FriendRequest> {
  const row = await db
    .selectFrom('friend_requests')
    .select(REQUEST_COLUMNS)
    .where('from_user_id', '=', fromUserId)
    .where('to_user_id', '=', toUserId)
    .executeTakeFirstOrThrow();
  return toFriendRequest(row);
}

/** The sender of request `requestId` if it is addressed to `toUserId`; null otherwise. */
export async function findRequestSender(db: Db, requestId: string, toUserId: string): Promise<string | null> {
  const row = await db
    .selectFrom('friend_requests')
    .select('from_user_id')
    .where('id', '=', requestId)
    .where('to_user_id', '=', toUserId)
    .executeTakeFirst();
  return row?.from_user_id ?? null;
}

/** Deletes request `requestId` if it is addressed to `toUserId` and returns its sender; null otherwise. */
export async function takeRequestTo(db: Db, requestId: string, toUserId: string): Promise<string | null> {
  const row = await db
    .deleteFrom('friend_requests')
    .where('id', '=', requestId)
    .where('to_user_id', '=', toUserId)
    .returning('from_user_id')
    .executeTakeFirst();
  return row?.from_user_id ?? null;
}

/** Deletes request `requestId` where `userId` has `role` in it; false when there is no such request. */
export async function deleteRequest(
  db: Db,
  userId: string,
  requestId: string,
  role: 'sender' | 'recipient' | 'either',
): Promise<boolean> {
  const row = await db
    .deleteFrom('friend_requests')
    .where('id', '=', requestId)
    .where((eb) =>
      role === 'sender'
        ? eb('from_user_id', '=', userId)
        : role === 'recipient'
          ? eb('to_user_id', '=', userId)
          : eb.or([eb('from_user_id', '=', userId), eb('to_user_id', '=', userId)]),
    )
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/** Deletes the pending requests between a and b, both ways. */
export async function deleteRequestsBetween(db: Db, a: string, b: string): Promise<void> {
  await db
    .deleteFrom('friend_requests')
    .where((eb) =>
      eb.or([
        eb.and([eb('from_user_id', '=', a), eb('to_user_id', '=', b)]),
        eb.and([eb('from_user_id', '=', b), eb('to_user_id', '=', a)]),
      ]),
    )
    .execute();
}

/** Records that `blockerId` blocks `blockedId`; a no-op when it is recorded already. */
export async function insertBlock(db: Db, blockerId: string, blockedId: string): Promise<void> {
  await db
    .insertInto('blocks')
    .values({ blocker_id: blockerId, blocked_id: blockedId })
    .onConflict((oc) => oc.columns(['blocker_id', 'blocked_id']).doNothing())
    .execute();
}

/** Removes the block of `blockedId` by `blockerId`, if any. */
export async function deleteBlock(db: Db, blockerId: string, blockedId: string): Promise<void> {
  await db.deleteFrom('blocks').where('blocker_id', '=', blockerId).where('blocked_id', '=', blockedId).execute();
}

/**
 * Deletes every friendship (both rows), pending request (either way) and block (either way) the user
 * is part of, for their account's deletion; returns who were their friends.
 */
export async function deleteRelationsOf(trx: Trx, userId: string): Promise<string[]> {
  const ended = await trx.deleteFrom('friendships').where('user_id', '=', userId).returning('friend_id').execute();
  const friendIds = ended.map((row) => row.friend_id);
  // The other direction by primary key: friendship rows come in pairs (insertFriendship, deleteFriendship).
  if (friendIds.length > 0) {
    await trx.deleteFrom('friendships').where('user_id', 'in', friendIds).where('friend_id', '=', userId).execute();
  }
  await trx
    .deleteFrom('friend_requests')
    .where((eb) => eb.or([eb('from_user_id', '=', userId), eb('to_user_id', '=', userId)]))
    .execute();
  await trx
    .deleteFrom('blocks')
    .where((eb) => eb.or([eb('blocker_id', '=', userId), eb('blocked_id', '=', userId)]))
    .execute();
  return friendIds;
}

/** The viewer's friends, keyset-paginated by friend user id. */
export async function listFriends(db: Db, viewerId: string, page: PageRequest<string>): Promise<PageResult<User>> {
  let query = db
    .selectFrom('friendships as f')
    .innerJoin('users as u', 'u.id', 'f.friend_id')
    .select(USER_COLUMNS)
    .where('f.user_id', '=', viewerId);
  if (page.after !== null) query = query.where('f.friend_id', '>', page.after);
  if (page.before !== null) query = query.where('f.friend_id', '<', page.before);
  const rows = await query
    .orderBy('f.friend_id', page.fromEnd ? 'desc' : 'asc')
    .limit(page.limit + 1)
    .execute();
  return finishPage(rows.map(toUser), page);
}

/** Pending requests addressed to the viewer, newest first. */
export async function listIncomingFriendRequests(db: Db, viewerId: string): Promise<FriendRequest[]> {
  const rows = await db
    .selectFrom('friend_requests')
    .select(REQUEST_COLUMNS)
    .where('to_user_id', '=', viewerId)
    .orderBy('id', 'desc')
    .limit(MAX_PENDING_REQUESTS_LISTED)
    .execute();
  return rows.map(toFriendRequest);
}

/** Pending requests the viewer sent, newest first. */
export async function listOutgoingFriendRequests(db: Db, viewerId: string): Promise<FriendRequest[]> {
  const rows = await db
    .selectFrom('friend_requests')
    .select(REQUEST_COLUMNS)
    .where('from_user_id', '=', viewerId)
    .orderBy('id', 'desc')
    .limit(MAX_PENDING_REQUESTS_LISTED)
    .execute();
  return rows.map(toFriendRequest);
}

/** Of the given request ids, those the viewer sent or received (others simply do not exist for them). */
export async function getFriendRequestsForViewer(
  db: Db,
  viewerId: string,
  requestIds: readonly string[],
): Promise<FriendRequest[]> {
  if (requestIds.length === 0) return [];
  const rows = await db
    .selectFrom('friend_requests')
    .select(REQUEST_COLUMNS)
    .where('id', 'in', requestIds)
    .where((eb) => eb.or([eb('from_user_id', '=', viewerId), eb('to_user_id', '=', viewerId)]))
    .execute();
  return rows.map(toFriendRequest);
}

/**
 * The viewer's relation to each of `userIds`, in one query. A block is visible only to the blocker
 * (BLOCKED); the blocked user sees NONE, which is also the answer for unknown ids.
 */
export async function friendshipStatuses(
  db: Db,
  viewerId: string,
  userIds: readonly string[],
): Promise<Map<string, FriendshipStatus>> {
  const byPair = await relations(db, [viewerId], userIds);
  return new Map(userIds.map((id) => [id, byPair.get(pairKey(viewerId, id)) ?? 'NONE']));
}

/**
 * How each of `viewerIds` relates to one user, in one query: what the subscribers of a room see of
 * a message's sender. Keyed by viewer id; the same rules as friendshipStatuses.
 */
export async function friendshipStatusesTowards(
  db: Db,
  viewerIds: readonly string[],
  userId: string,
): Promise<Map<string, FriendshipStatus>> {
  const byPair = await relations(db, viewerIds, [userId]);
  return new Map(viewerIds.map((id) => [id, byPair.get(pairKey(id, userId)) ?? 'NONE']));
}

const pairKey = (viewerId: string, otherId: string) => `${viewerId}:${otherId}`;

/** The relations of every viewer to every other user named, by pair; pairs with none are left out. */
async function relations(
  db: Db,
  viewerIds: readonly string[],
  otherIds: readonly string[],
): Promise<Map<string, FriendshipStatus>> {
  const statuses = new Map<string, FriendshipStatus>();
  for (const viewerId of viewerIds) {
    if (otherIds.includes(viewerId)) statuses.set(pairKey(viewerId, viewerId), 'SELF');
  }
  const viewers = [...new Set(viewerIds)];
  const others = [...new Set(otherIds)];
  if (viewers.length === 0 || others.length === 0) return statuses;

  const rows = await db
    .selectFrom('blocks')
    .select([sql<FriendshipStatus>`'BLOCKED'`.as('status'), 'blocker_id as viewer_id', 'blocked_id as other_id'])
    .where('blocker_id', 'in', viewers)
    .where('blocked_id', 'in', others)
    .unionAll(
      db
        .selectFrom('friendships')
        .select([sql<FriendshipStatus>`'FRIENDS'`.as('status'), 'user_id as viewer_id', 'friend_id as other_id'])
        .where('user_id', 'in', viewers)
        .where('friend_id', 'in', others),
    )
    .unionAll(
      db
        .selectFrom('friend_requests')
        .select([
          sql<FriendshipStatus>`'REQUEST_RECEIVED'`.as('status'),
          'to_user_id as viewer_id',
          'from_user_id as other_id',
        ])
        .where('to_user_id', 'in', viewers)
        .where('from_user_id', 'in', others),
    )
    .unionAll(
      db
        .selectFrom('friend_requests')
        .select([
          sql<FriendshipStatus>`'REQUEST_SENT'`.as('status'),
          'from_user_id as viewer_id',
          'to_user_id as other_id',
        ])
        .where('from_user_id', 'in', viewers)
        .where('to_user_id', 'in', others),
    )
    .execute();

  // The service's writes keep these exclusive; should two ever coexist, the strongest relation wins.
  const rank: Record<FriendshipStatus, number> = {
    SELF: 5,
    BLOCKED: 4,
    FRIENDS: 3,
    REQUEST_RECEIVED: 2,
    REQUEST_SENT: 1,
    NONE: 0,
  };
  for (const { status, viewer_id, other_id } of rows) {
    const key = pairKey(viewer_id, other_id);
    if (rank[status] > rank[statuses.get(key) ?? 'NONE']) statuses.set(key, status);
  }
  return statuses;
}

/** Escapes LIKE's wildcards and its escape character, so the text matches only itself. */
const escapeLike = (text: string) => text.replace(/[\\%_]/g, (ch) => `\\${ch}`);

/**
 * Users other than the viewer whose username or display name starts with `prefix`, case-insensitively,
 * ordered by username (unique and lower-case, so it is the keyset), leaving out users who blocked the
 * viewer (notBlocking) and deleted accounts.
 */
export async function searchUsersByPrefix(
  db: Db,
  viewerId: string,
  prefix: string,
  page: PageRequest<string>,
): Promise<PageResult<User>> {
  const pattern = `${escapeLike(prefix)}%`;
  let query = db
    .selectFrom('users as u')
    .select(USER_COLUMNS)
    .where((eb) => eb.or([eb('u.username', 'ilike', pattern), eb('u.display_name', 'ilike', pattern)]))
    .where('u.id', '<>', viewerId)
    .where('u.deleted_at', 'is', null)
    .where(notBlocking('u.id', viewerId));
  if (page.after !== null) query = query.where('u.username', '>', page.after);
  if (page.before !== null) query = query.where('u.username', '<', page.before);
  const rows = await query
    .orderBy('u.username', page.fromEnd ? 'desc' : 'asc')
    .limit(page.limit + 1)
    .execute();
  return finishPage(rows.map(toUser), page);
}
