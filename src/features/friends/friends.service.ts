import { sql, type Transaction } from 'kysely';
import type { Db } from '../../platform/db/database.js';
import type { Database, FriendRequestRow } from '../../platform/db/tables.js';
import { badInput, conflict, forbidden, notFound } from '../../platform/errors.js';
import { finishPage, type PageRequest, type PageResult } from '../../platform/db/pagination.js';
import { findUserById, notBlocking, toUser, type User } from '../accounts/users.service.js';
import { publishRoomEvent } from '../rooms/room-events.js';
import { logDirectRoomSuspended } from '../rooms/room-events.repository.js';
import type { AppPubSub } from '../topics.js';

/** What ending a friendship uses: it stores, then tells the pair's direct room. */
export interface FriendDeps {
  db: Db;
  pubsub: AppPubSub;
}

/**
 * The social graph: friend requests, friendships (two rows per friendship, one per direction) and blocks.
 *
 * Concurrency: every write that must keep the pair's state consistent across tables (a request and a
 * friendship, a block and a friendship, …) runs in a transaction that first takes a transaction-scoped
 * advisory lock on the unordered pair {a, b}. Two operations on the same pair therefore run one after the
 * other (concurrent A→B and B→A requests end as friends; a block cannot interleave with an accept), while
 * operations on different pairs never wait for each other. Within the lock, idempotency still rests on the
 * constraints (friend_requests_pair_key, the friendships and blocks primary keys) with `on conflict do
 * nothing`, never on a check followed by an insert. Writes that only remove one thing in one statement
 * (decline, cancel, removeFriend, unblock) need no lock: any order of them with the others is consistent.
 */

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

/** What the recipient of a block sees when trying to send a request: nothing that says "blocked". */
const CANNOT_REQUEST = 'You cannot send a friend request to this user.';

type Trx = Transaction<Database>;

const toFriendRequest = (row: FriendRequestRow): FriendRequest => ({
  id: row.id,
  fromUserId: row.from_user_id,
  toUserId: row.to_user_id,
  createdAt: row.created_at,
});

const REQUEST_COLUMNS = ['id', 'from_user_id', 'to_user_id', 'created_at'] as const;
const USER_COLUMNS = ['u.id', 'u.username', 'u.display_name', 'u.created_at'] as const;

/** Serializes writes on the unordered pair {a, b} until the transaction ends (see the module comment). */
async function lockPair(trx: Trx, a: string, b: string): Promise<void> {
  const [low, high] = [a, b].sort();
  // A hash collision between two pairs only makes them wait for each other; it never breaks anything.
  await sql`select pg_advisory_xact_lock(hashtextextended(${`friendship:${low}:${high}`}, 0))`.execute(trx);
}

/** Both friendship rows; a no-op where they already exist. */
async function insertFriendship(trx: Trx, a: string, b: string): Promise<void> {
  await trx
    .insertInto('friendships')
    .values([
      { user_id: a, friend_id: b },
      { user_id: b, friend_id: a },
    ])
    .onConflict((oc) => oc.columns(['user_id', 'friend_id']).doNothing())
    .execute();
}

/** Deletes both friendship rows; returns how many went (0 when they were not friends). */
async function deleteFriendship(db: Db, a: string, b: string): Promise<number> {
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

/**
 * Asks `targetId` to be the viewer's friend. When the target already asked the viewer, the two become
 * friends at once and their request (from the target, to the viewer) is returned, now spent. Sending the
 * same request twice returns the pending one.
 */
export async function sendFriendRequest(db: Db, viewerId: string, targetId: string): Promise<FriendRequest> {
  if (viewerId === targetId) throw badInput('userId', 'You cannot send a friend request to yourself.');
  return db.transaction().execute(async (trx) => {
    await lockPair(trx, viewerId, targetId);
    if (!(await findUserById(trx, targetId))) throw notFound('User');
    if (await isBlockedEitherWay(trx, viewerId, targetId)) throw forbidden(CANNOT_REQUEST);
    if (await areFriends(trx, viewerId, targetId)) throw conflict('You are already friends.');

    const theirs = await trx
      .deleteFrom('friend_requests')
      .where('from_user_id', '=', targetId)
      .where('to_user_id', '=', viewerId)
      .returning(REQUEST_COLUMNS)
      .executeTakeFirst();
    if (theirs) {
      await insertFriendship(trx, viewerId, targetId);
      return toFriendRequest(theirs);
    }

    const inserted = await trx
      .insertInto('friend_requests')
      .values({ from_user_id: viewerId, to_user_id: targetId })
      .onConflict((oc) => oc.constraint('friend_requests_pair_key').doNothing())
      .returning(REQUEST_COLUMNS)
      .executeTakeFirst();
    if (inserted) return toFriendRequest(inserted);
    const existing = await trx
      .selectFrom('friend_requests')
      .select(REQUEST_COLUMNS)
      .where('from_user_id', '=', viewerId)
      .where('to_user_id', '=', targetId)
      .executeTakeFirstOrThrow();
    return toFriendRequest(existing);
  });
}

/** The recipient accepts a pending request; returns the new friend's user id. */
export async function acceptFriendRequest(db: Db, viewerId: string, requestId: string): Promise<string> {
  return db.transaction().execute(async (trx) => {
    const pending = await trx
      .selectFrom('friend_requests')
      .select('from_user_id')
      .where('id', '=', requestId)
      .where('to_user_id', '=', viewerId)
      .executeTakeFirst();
    if (!pending) throw notFound('Friend request');
    await lockPair(trx, viewerId, pending.from_user_id);
    // Re-read under the lock: a block or a decline may have removed it meanwhile.
    const spent = await trx
      .deleteFrom('friend_requests')
      .where('id', '=', requestId)
      .where('to_user_id', '=', viewerId)
      .returning('from_user_id')
      .executeTakeFirst();
    if (!spent) throw notFound('Friend request');
    await insertFriendship(trx, viewerId, spent.from_user_id);
    return spent.from_user_id;
  });
}

/** Deletes a pending request the viewer may withdraw or refuse; NOT_FOUND otherwise (no leak of others'). */
async function deleteRequest(db: Db, viewerId: string, requestId: string, role: 'sender' | 'recipient' | 'either') {
  const row = await db
    .deleteFrom('friend_requests')
    .where('id', '=', requestId)
    .where((eb) =>
      role === 'sender'
        ? eb('from_user_id', '=', viewerId)
        : role === 'recipient'
          ? eb('to_user_id', '=', viewerId)
          : eb.or([eb('from_user_id', '=', viewerId), eb('to_user_id', '=', viewerId)]),
    )
    .returning('id')
    .executeTakeFirst();
  if (!row) throw notFound('Friend request');
  return true as const;
}

/** The recipient declines a request, or its sender withdraws it. */
export function declineFriendRequest(db: Db, viewerId: string, requestId: string): Promise<true> {
  return deleteRequest(db, viewerId, requestId, 'either');
}

/** The sender withdraws their own pending request. */
export function cancelFriendRequest(db: Db, viewerId: string, requestId: string): Promise<true> {
  return deleteRequest(db, viewerId, requestId, 'sender');
}

/**
 * Ends a friendship (both rows in one statement); NOT_FOUND when they are not friends. Their direct
 * room stops taking messages, and both members' open streams of it end on every instance.
 */
export async function removeFriend({ db, pubsub }: FriendDeps, viewerId: string, userId: string): Promise<true> {
  const suspended = await db.transaction().execute(async (trx) => {
    if ((await deleteFriendship(trx, viewerId, userId)) === 0) throw notFound('Friend');
    return logDirectRoomSuspended(trx, viewerId, userId);
  });
  if (suspended) publishRoomEvent(pubsub, suspended.roomId, suspended.event);
  return true;
}

/**
 * Blocks a user: ends any friendship, drops pending requests both ways and records the block, atomically.
 * Blocking twice is a no-op. Returns the blocked user.
 */
export async function blockUser({ db, pubsub }: FriendDeps, viewerId: string, userId: string): Promise<User> {
  if (viewerId === userId) throw badInput('userId', 'You cannot block yourself.');
  const { user, suspended } = await db.transaction().execute(async (trx) => {
    await lockPair(trx, viewerId, userId);
    const user = await findUserById(trx, userId);
    if (!user) throw notFound('User');
    await deleteFriendship(trx, viewerId, userId);
    await trx
      .deleteFrom('friend_requests')
      .where((eb) =>
        eb.or([
          eb.and([eb('from_user_id', '=', viewerId), eb('to_user_id', '=', userId)]),
          eb.and([eb('from_user_id', '=', userId), eb('to_user_id', '=', viewerId)]),
        ]),
      )
      .execute();
    await trx
      .insertInto('blocks')
      .values({ blocker_id: viewerId, blocked_id: userId })
      .onConflict((oc) => oc.columns(['blocker_id', 'blocked_id']).doNothing())
      .execute();
    return { user, suspended: await logDirectRoomSuspended(trx, viewerId, userId) };
  });
  if (suspended) publishRoomEvent(pubsub, suspended.roomId, suspended.event);
  return user;
}

/** Lifts the viewer's block of a user (a no-op when there is none). Returns the user. */
export async function unblockUser(db: Db, viewerId: string, userId: string): Promise<User> {
  if (viewerId === userId) throw badInput('userId', 'You cannot unblock yourself.');
  const user = await findUserById(db, userId);
  if (!user) throw notFound('User');
  await db.deleteFrom('blocks').where('blocker_id', '=', viewerId).where('blocked_id', '=', userId).execute();
  return user;
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
  const statuses = new Map<string, FriendshipStatus>(userIds.map((id) => [id, id === viewerId ? 'SELF' : 'NONE']));
  const others = [...new Set(userIds)].filter((id) => id !== viewerId);
  if (others.length === 0) return statuses;

  const rows = await db
    .selectFrom('blocks')
    .select([sql<FriendshipStatus>`'BLOCKED'`.as('status'), 'blocked_id as other_id'])
    .where('blocker_id', '=', viewerId)
    .where('blocked_id', 'in', others)
    .unionAll(
      db
        .selectFrom('friendships')
        .select([sql<FriendshipStatus>`'FRIENDS'`.as('status'), 'friend_id as other_id'])
        .where('user_id', '=', viewerId)
        .where('friend_id', 'in', others),
    )
    .unionAll(
      db
        .selectFrom('friend_requests')
        .select([sql<FriendshipStatus>`'REQUEST_RECEIVED'`.as('status'), 'from_user_id as other_id'])
        .where('to_user_id', '=', viewerId)
        .where('from_user_id', 'in', others),
    )
    .unionAll(
      db
        .selectFrom('friend_requests')
        .select([sql<FriendshipStatus>`'REQUEST_SENT'`.as('status'), 'to_user_id as other_id'])
        .where('from_user_id', '=', viewerId)
        .where('to_user_id', 'in', others),
    )
    .execute();

  // The writes above keep these exclusive; should two ever coexist, the strongest relation wins.
  const rank: Record<FriendshipStatus, number> = {
    SELF: 5,
    BLOCKED: 4,
    FRIENDS: 3,
    REQUEST_RECEIVED: 2,
    REQUEST_SENT: 1,
    NONE: 0,
  };
  for (const { status, other_id } of rows) {
    if (rank[status] > rank[statuses.get(other_id) ?? 'NONE']) statuses.set(other_id, status);
  }
  return statuses;
}

export const MAX_SEARCH_QUERY_LENGTH = 64;

/** Escapes LIKE's wildcards and its escape character, so the text matches only itself. */
const escapeLike = (text: string) => text.replace(/[\\%_]/g, (ch) => `\\${ch}`);

/**
 * Users whose username or display name starts with `query`, case-insensitively, ordered by username
 * (unique and lower-case, so it is the keyset). Users who blocked the viewer are left out, so a block
 * hides the blocker. The viewer is left out too: search is for finding other people, and `me` covers
 * oneself. Users the viewer blocked stay findable (their status is BLOCKED), so they can be unblocked.
 */
export async function searchUsers(
  db: Db,
  viewerId: string,
  rawQuery: string,
  page: PageRequest<string>,
): Promise<PageResult<User>> {
  const text = rawQuery.trim();
  const length = [...text].length;
  if (length < 1 || length > MAX_SEARCH_QUERY_LENGTH) {
    throw badInput('query', `query must be 1 to ${MAX_SEARCH_QUERY_LENGTH} characters.`);
  }
  // Control characters match no name (and NUL is not even valid text to PostgreSQL).
  if (/\p{Cc}/u.test(text)) throw badInput('query', 'query must not contain control characters.');
  const pattern = `${escapeLike(text)}%`;
  let query = db
    .selectFrom('users as u')
    .select(USER_COLUMNS)
    .where((eb) => eb.or([eb('u.username', 'ilike', pattern), eb('u.display_name', 'ilike', pattern)]))
    .where('u.id', '<>', viewerId)
    .where(notBlocking('u.id', viewerId));
  if (page.after !== null) query = query.where('u.username', '>', page.after);
  if (page.before !== null) query = query.where('u.username', '<', page.before);
  const rows = await query
    .orderBy('u.username', page.fromEnd ? 'desc' : 'asc')
    .limit(page.limit + 1)
    .execute();
  return finishPage(rows.map(toUser), page);
}
