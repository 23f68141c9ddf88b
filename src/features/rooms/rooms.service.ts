import { z } from 'zod';
import type { Db, Trx } from '../../platform/db/database.js';
import { badInput, forbidden, isUniqueViolation, notFound, unauthenticated } from '../../platform/errors.js';
import { areFriends, filterFriends, isBlockedEitherWay, lockFriendships } from '../friends/friends.repository.js';
import { findUserById } from '../accounts/users.repository.js';
import { hasNoDirectionControls, isWellFormed } from '../../platform/text.js';
import { parseInput } from '../../platform/validation.js';
import type { AppPubSub } from '../topics.js';
import type { ReadReceiptPublisher } from './read-receipts.js';
import { newMembersBelowCap, requireRoomsBelowCap, type RoomCaps } from './room-caps.js';
import { directKey } from './direct-key.js';
import { publishMembership } from './room-events.js';
import { logMembershipEvent } from './room-events.repository.js';
import { removeSelf } from './leaving.js';
import { lockRoomRoles } from './memberships.repository.js';
import { managesRoom } from './roles.js';
import * as repository from './rooms.repository.js';
import type { Room } from './rooms.repository.js';

// The rules of rooms: who may open, create, join, leave, send to and read a room (statements in
// rooms.repository.ts). Each membership change commits with its room event, then is published.

export { directKey, directPeer } from './direct-key.js';

/** What the membership changes use: they store, then publish. */
export interface RoomDeps {
  db: Db;
  pubsub: AppPubSub;
}

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
  const existing = await repository.findDirectRoom(db, key);
  if (existing) return existing;
  try {
    const room = await db
      .transaction()
      .execute((trx) =>
        repository.insertRoom(trx, { kind: 'DIRECT', directKey: key, createdBy: viewerId }, [viewerId, otherId]),
      );
    // A new room: nobody follows it yet but the two inboxes.
    publishMembership(pubsub, room.id, null, [viewerId, otherId]);
    return room;
  } catch (err) {
    // Another call created it between our look-up and insert: theirs is the room.
    if (!isUniqueViolation(err, 'rooms_direct_key_key')) throw err;
    const winner = await repository.findDirectRoom(db, key);
    if (!winner) throw err;
    return winner;
  }
}

export const roomName = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(100, 'must be at most 100 characters')
  .refine((value) => !/\p{Cc}/u.test(value), 'must not contain control characters')
  .refine(hasNoDirectionControls, 'must not contain text-direction characters')
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

/**
 * Inside the transaction that adds them, after requireRoomsBelowCap locked the users' rows: the
 * adder's account still stands (a deletion updates that row, so it has committed or waits) and each
 * joiner is still their friend, the friendship rows locked (an unfriending or a block deletes them).
 * Whatever ended either a moment earlier is seen here, and no one joins past it.
 */
async function requireStillJoinable(trx: Trx, viewerId: string, joinerIds: string[], field: string) {
  const adder = await trx.selectFrom('users').select('deleted_at').where('id', '=', viewerId).executeTakeFirst();
  if (!adder || adder.deleted_at !== null) throw unauthenticated();
  const friends = await lockFriendships(trx, viewerId, joinerIds);
  if (joinerIds.some((id) => !friends.has(id))) {
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
  // The cap check locks the members' user rows until the room and its members are stored.
  const room = await db.transaction().execute(async (trx) => {
    await requireRoomsBelowCap(trx, memberIds, caps, 'memberIds');
    await requireStillJoinable(trx, viewerId, friendIds, 'memberIds');
    return repository.insertRoom(trx, { kind: 'GROUP', name: data.name, createdBy: viewerId }, memberIds);
  });
  publishMembership(pubsub, room.id, null, memberIds);
  return room;
}

/** The room if the viewer is a member; a room they are not in does not exist for them. */
export async function requireMembership(db: Db, viewerId: string, roomId: string): Promise<Room> {
  const [room] = await repository.getRoomsForMember(db, viewerId, [roomId]);
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
  const found = await repository.findRoomForSender(db, viewerId, roomId);
  if (!found) throw notFound('Room');
  if (!found.sendable) throw forbidden(DIRECT_ROOMS_ARE_FOR_FRIENDS);
  return found.room;
}

/** The OWNER and ADMINs of a group room add their own friends to it. */
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
  // The room row and the joiners' user rows stay locked (room-caps.ts) until the members and their event commit.
  const added = await db.transaction().execute(async (trx) => {
    const role = (await lockRoomRoles(trx, roomId, [viewerId]))?.roles.get(viewerId);
    if (role === undefined) throw notFound('Room'); // left or removed meanwhile
    if (!managesRoom(role)) throw forbidden('Only the owner and admins add members.');
    const joining = await newMembersBelowCap(trx, roomId, newIds, caps);
    if (joining.length === 0) return null;
    await requireRoomsBelowCap(trx, joining, caps, 'userIds');
    await requireStillJoinable(trx, viewerId, joining, 'userIds');
    await repository.insertMembers(trx, roomId, joining);
    return logMembershipEvent(trx, roomId, 'MEMBERS_ADDED', joining);
  });
  if (added) publishMembership(pubsub, roomId, added, added.userIds);
  return room;
}

/**
 * Leaves a group room (an OWNER hands it over: room-admin.service.ts). Direct rooms cannot be left
 * (they close when the friendship ends, see requireSendable).
 */
export async function leaveRoom({ db, pubsub }: RoomDeps, viewerId: string, roomId: string): Promise<void> {
  const room = await requireMembership(db, viewerId, roomId);
  if (room.kind === 'DIRECT') throw forbidden('You cannot leave a direct room.');
  const events = await db.transaction().execute((trx) => removeSelf(trx, roomId, viewerId));
  for (const event of events) {
    publishMembership(pubsub, roomId, event, event.kind === 'MEMBERS_REMOVED' ? [viewerId] : []);
  }
}

/**
 * Moves the viewer's read marker forward to `messageId` (a message of this room) or to the latest;
 * when it moves, the other members hear of it (coalesced: read-receipts.ts).
 */
export async function markRoomRead(
  { db, readReceipts }: { db: Db; readReceipts: ReadReceiptPublisher },
  viewerId: string,
  roomId: string,
  messageId: string | null,
): Promise<Room> {
  const room = await requireMembership(db, viewerId, roomId);
  let target = room.lastMessageId;
  if (messageId !== null) {
    target = await repository.findMessageIdInRoom(db, roomId, messageId);
    if (target === null) throw notFound('Message');
  }
  const readAt = target === null ? null : await repository.advanceReadMarker(db, roomId, viewerId, target);
  if (target !== null && readAt !== null) {
    readReceipts.record({ roomId, userId: viewerId, messageId: target, readAt: readAt.getTime() });
  }
  return room;
}
