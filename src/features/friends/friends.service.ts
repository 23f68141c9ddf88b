import type { Db, Trx } from '../../platform/db/database.js';
import { badInput, conflict, forbidden, notFound } from '../../platform/errors.js';
import type { PageRequest, PageResult } from '../../platform/db/pagination.js';
import { findUserById, lockLiveUsers, type User } from '../accounts/users.repository.js';
import { publishRoomEvent } from '../rooms/room-events.js';
import { logDirectRoomSuspended } from '../rooms/room-events.repository.js';
import type { AppPubSub } from '../topics.js';
import * as repository from './friends.repository.js';
import type { FriendRequest } from './friends.repository.js';

/** What ending a friendship uses: it stores, then tells the pair's direct room. */
export interface FriendDeps {
  db: Db;
  pubsub: AppPubSub;
}

/**
 * The rules of the social graph: friend requests, friendships and blocks (statements in friends.repository.ts).
 *
 * Concurrency: every write that must keep the pair's state consistent across tables (a request and a
 * friendship, a block and a friendship, …) runs in a transaction that first takes a transaction-scoped
 * advisory lock on the unordered pair {a, b}. Two operations on the same pair therefore run one after the
 * other (concurrent A→B and B→A requests end as friends; a block cannot interleave with an accept), while
 * operations on different pairs never wait for each other. Within the lock, idempotency still rests on the
 * constraints (friend_requests_pair_key, the friendships and blocks primary keys) with `on conflict do
 * nothing`, never on a check followed by an insert. Writes that only remove one thing in one statement
 * (decline, cancel, removeFriend, unblock) need no lock: any order of them with the others is consistent.
 * Writes that create a relation also hold both users' rows (lockLiveUsers), so none is created with an
 * account being deleted: its deletion removes every relation in one transaction (endRelationsOf).
 */

/** What the recipient of a block sees when trying to send a request: nothing that says "blocked". */
const CANNOT_REQUEST = 'You cannot send a friend request to this user.';

/**
 * Asks `targetId` to be the viewer's friend. When the target already asked the viewer, the two become
 * friends at once and their request (from the target, to the viewer) is returned, now spent. Sending the
 * same request twice returns the pending one.
 */
export async function sendFriendRequest(db: Db, viewerId: string, targetId: string): Promise<FriendRequest> {
  if (viewerId === targetId) throw badInput('userId', 'You cannot send a friend request to yourself.');
  return db.transaction().execute(async (trx) => {
    await repository.lockPair(trx, viewerId, targetId);
    if (!(await lockLiveUsers(trx, [viewerId, targetId]))) throw notFound('User');
    if (await repository.isBlockedEitherWay(trx, viewerId, targetId)) throw forbidden(CANNOT_REQUEST);
    if (await repository.areFriends(trx, viewerId, targetId)) throw conflict('You are already friends.');

    const theirs = await repository.takeRequest(trx, targetId, viewerId);
    if (theirs) {
      await repository.insertFriendship(trx, viewerId, targetId);
      return theirs;
    }
    const inserted = await repository.insertRequest(trx, viewerId, targetId);
    return inserted ?? repository.getRequest(trx, viewerId, targetId);
  });
}

/** The recipient accepts a pending request; returns the new friend's user id. */
export async function acceptFriendRequest(db: Db, viewerId: string, requestId: string): Promise<string> {
  return db.transaction().execute(async (trx) => {
    const senderId = await repository.findRequestSender(trx, requestId, viewerId);
    if (senderId === null) throw notFound('Friend request');
    await repository.lockPair(trx, viewerId, senderId);
    // Before the request row is taken: an account deletion deletes it too, and would wait on us.
    if (!(await lockLiveUsers(trx, [viewerId, senderId]))) throw notFound('Friend request');
    // Re-read under the lock: a block or a decline may have removed it meanwhile.
    const spentBy = await repository.takeRequestTo(trx, requestId, viewerId);
    if (spentBy === null) throw notFound('Friend request');
    await repository.insertFriendship(trx, viewerId, spentBy);
    return spentBy;
  });
}

/** Deletes a pending request the viewer may withdraw or refuse; NOT_FOUND otherwise (no leak of others'). */
async function deleteViewersRequest(
  db: Db,
  viewerId: string,
  requestId: string,
  role: 'sender' | 'recipient' | 'either',
) {
  if (!(await repository.deleteRequest(db, viewerId, requestId, role))) throw notFound('Friend request');
  return true as const;
}

/** The recipient declines a request, or its sender withdraws it. */
export function declineFriendRequest(db: Db, viewerId: string, requestId: string): Promise<true> {
  return deleteViewersRequest(db, viewerId, requestId, 'either');
}

/** The sender withdraws their own pending request. */
export function cancelFriendRequest(db: Db, viewerId: string, requestId: string): Promise<true> {
  return deleteViewersRequest(db, viewerId, requestId, 'sender');
}

/**
 * Ends a friendship (both rows in one statement); NOT_FOUND when they are not friends. Their direct
 * room stops taking messages, and both members' open streams of it end on every instance.
 */
export async function removeFriend({ db, pubsub }: FriendDeps, viewerId: string, userId: string): Promise<true> {
  const suspended = await db.transaction().execute(async (trx) => {
    if ((await repository.deleteFriendship(trx, viewerId, userId)) === 0) throw notFound('Friend');
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
    await repository.lockPair(trx, viewerId, userId);
    const user = (await lockLiveUsers(trx, [viewerId, userId])) ? await findUserById(trx, userId) : null;
    if (!user) throw notFound('User');
    const wereFriends = (await repository.deleteFriendship(trx, viewerId, userId)) > 0;
    await repository.deleteRequestsBetween(trx, viewerId, userId);
    await repository.insertBlock(trx, viewerId, userId);
    // Their direct room closed when the friendship ended; without one there is nothing to announce.
    return { user, suspended: wereFriends ? await logDirectRoomSuspended(trx, viewerId, userId) : null };
  });
  if (suspended) publishRoomEvent(pubsub, suspended.roomId, suspended.event);
  return user;
}

/** Lifts the viewer's block of a user (a no-op when there is none). Returns the user. */
export async function unblockUser(db: Db, viewerId: string, userId: string): Promise<User> {
  if (viewerId === userId) throw badInput('userId', 'You cannot unblock yourself.');
  const user = await findUserById(db, userId);
  if (!user) throw notFound('User');
  await repository.deleteBlock(db, viewerId, userId);
  return user;
}

/** A direct room that stopped taking messages in a transaction, to announce once it commits. */
export type DirectRoomSuspension = NonNullable<Awaited<ReturnType<typeof logDirectRoomSuspended>>>;

/**
 * For an account's deletion, in its transaction: ends the user's friendships (their direct rooms
 * stop taking messages, the history stays), pending requests and blocks, both ways. Returns the
 * suspensions for the caller to announce with announceSuspensions after the commit.
 */
export async function endRelationsOf(trx: Trx, userId: string): Promise<DirectRoomSuspension[]> {
  const formerFriends = await repository.deleteRelationsOf(trx, userId);
  const suspended: DirectRoomSuspension[] = [];
  for (const friendId of formerFriends) {
    const suspension = await logDirectRoomSuspended(trx, userId, friendId);
    if (suspension) suspended.push(suspension);
  }
  return suspended;
}

/** Ends the open streams of committed suspensions' direct rooms on every instance. */
export function announceSuspensions(pubsub: AppPubSub, suspended: readonly DirectRoomSuspension[]): void {
  for (const { roomId, event } of suspended) publishRoomEvent(pubsub, roomId, event);
}

export const MAX_SEARCH_QUERY_LENGTH = 64;

/**
 * Users whose username or display name starts with `query`, case-insensitively, ordered by username.
 * Users who blocked the viewer are left out, so a block hides the blocker. The viewer is left out too:
 * search is for finding other people, and `me` covers oneself. Users the viewer blocked stay findable
 * (their status is BLOCKED), so they can be unblocked.
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
  return repository.searchUsersByPrefix(db, viewerId, text, page);
}
