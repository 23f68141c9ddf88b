import { z } from 'zod';
import type { Trx } from '../../platform/db/database.js';
import { badInput, forbidden, notFound } from '../../platform/errors.js';
import { hasNoDirectionControls, isWellFormed } from '../../platform/text.js';
import { parseInput } from '../../platform/validation.js';
import { publishMembership, publishRoomEvent } from './room-events.js';
import { logMembershipEvent } from './room-events.repository.js';
import { lockRoomRoles, setRoles, updateRoomDetails } from './memberships.repository.js';
import { managesRoom, mayRemove, roleChanges, type RoomRole } from './roles.js';
import { deleteMember, type Room } from './rooms.repository.js';
import { requireMembership, roomName, type RoomDeps } from './rooms.service.js';

// What OWNERs and ADMINs do to a group room (rules in roles.ts). Each change runs under the room
// row's lock, where the actor's role is read, so a role taken away a moment earlier cannot be used;
// it commits with its room event, then is published (members' streams, and inboxes).

const NO_ROLES_IN_DIRECT_ROOMS = 'Direct rooms have no roles, name or topic to change.';

/** Locks the group room and returns the roles of the viewer and `others` (FORBIDDEN in a direct room). */
async function lockGroupRoom(trx: Trx, roomId: string, viewerId: string, others: string[] = []) {
  const locked = await lockRoomRoles(trx, roomId, [viewerId, ...others]);
  const viewerRole = locked?.roles.get(viewerId);
  if (!locked || !viewerRole) throw notFound('Room'); // left or removed meanwhile
  if (locked.kind === 'DIRECT') throw forbidden(NO_ROLES_IN_DIRECT_ROOMS);
  return { viewerRole, roles: locked.roles };
}

const roomTopic = z
  .string()
  .trim()
  .max(500, 'must be at most 500 characters')
  // Line breaks are fine in a topic; other control characters are not.
  .refine((value) => !/(?![\n\t])\p{Cc}/u.test(value), 'must not contain control characters')
  .refine(hasNoDirectionControls, 'must not contain text-direction characters')
  .refine(isWellFormed, 'must be valid Unicode (no lone surrogates)');

const updateRoomInput = z.object({ name: roomName.optional(), topic: roomTopic.nullable().optional() });

/** Renames the room and/or sets its topic (an empty or null topic clears it): OWNER and ADMIN. */
export async function updateRoom(
  { db, pubsub }: RoomDeps,
  viewerId: string,
  roomId: string,
  input: { name?: string | null; topic?: string | null },
): Promise<Room> {
  if (input.name === null) throw badInput('name', 'A group room keeps a name: leave name out to keep it.');
  const details = parseInput(updateRoomInput, input);
  if (details.topic === '') details.topic = null;
  await requireMembership(db, viewerId, roomId);
  const event = await db.transaction().execute(async (trx) => {
    const { viewerRole } = await lockGroupRoom(trx, roomId, viewerId);
    if (!managesRoom(viewerRole)) throw forbidden('Only the owner and admins change the name and topic.');
    if (details.name === undefined && details.topic === undefined) return null;
    await updateRoomDetails(trx, roomId, details);
    return logMembershipEvent(trx, roomId, 'ROOM_UPDATED', [viewerId]);
  });
  if (event) publishRoomEvent(pubsub, roomId, event);
  return requireMembership(db, viewerId, roomId);
}

/** Removes another member: the OWNER anyone, an ADMIN plain members. Their streams of the room end on every instance. */
export async function removeRoomMember({ db, pubsub }: RoomDeps, viewerId: string, roomId: string, userId: string) {
  if (userId === viewerId) throw badInput('userId', 'To leave a room yourself, use leaveRoom.');
  await requireMembership(db, viewerId, roomId);
  const removed = await db.transaction().execute(async (trx) => {
    const { viewerRole, roles } = await lockGroupRoom(trx, roomId, viewerId, [userId]);
    const targetRole = roles.get(userId);
    if (!managesRoom(viewerRole)) throw forbidden('Only the owner and admins remove members.');
    if (!targetRole) throw notFound('RoomMember');
    if (!mayRemove(viewerRole, targetRole)) throw forbidden('Admins remove members, not the owner or other admins.');
    await deleteMember(trx, roomId, userId);
    return logMembershipEvent(trx, roomId, 'MEMBERS_REMOVED', [userId]);
  });
  publishMembership(pubsub, roomId, removed, [userId]);
  return requireMembership(db, viewerId, roomId);
}

/** The OWNER sets a member's role; making another member OWNER hands the room over (the old OWNER becomes ADMIN). */
export async function setRoomMemberRole(
  { db, pubsub }: RoomDeps,
  viewerId: string,
  roomId: string,
  userId: string,
  role: RoomRole,
): Promise<Room> {
  await requireMembership(db, viewerId, roomId);
  const event = await db.transaction().execute(async (trx) => {
    const { viewerRole, roles } = await lockGroupRoom(trx, roomId, viewerId, [userId]);
    if (viewerRole !== 'OWNER') throw forbidden('Only the owner changes roles.');
    const current = roles.get(userId);
    if (!current) throw notFound('RoomMember');
    const changes = roleChanges(viewerId, userId, current, role);
    if (changes === null) {
      throw badInput('role', 'A room always has an owner: make another member OWNER to hand it over.');
    }
    if (changes.length === 0) return null;
    await setRoles(trx, roomId, changes);
    return logMembershipEvent(
      trx,
      roomId,
      'ROLE_CHANGED',
      changes.map((change) => change.userId),
    );
  });
  if (event) publishRoomEvent(pubsub, roomId, event);
  return requireMembership(db, viewerId, roomId);
}
