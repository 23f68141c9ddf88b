import type { Trx } from '../../platform/db/database.js';
import type { MembershipEvent } from './room-events.js';
import { logMembershipEvent } from './room-events.repository.js';
import { findSuccessor, lockRoomRoles, setRoles } from './memberships.repository.js';
import { deleteMember } from './rooms.repository.js';

/**
 * Takes the viewer out of a group room (under its lock); an OWNER who leaves hands the room to the
 * longest-standing ADMIN, else the longest-standing member. Returns the events to publish, in order
 * (none when a concurrent call removed them first).
 */
export async function removeSelf(trx: Trx, roomId: string, viewerId: string): Promise<MembershipEvent[]> {
  const viewerRole = (await lockRoomRoles(trx, roomId, [viewerId]))?.roles.get(viewerId);
  if (!viewerRole || !(await deleteMember(trx, roomId, viewerId))) return []; // a concurrent call removed them
  const events = [await logMembershipEvent(trx, roomId, 'MEMBERS_REMOVED', [viewerId])];
  if (viewerRole !== 'OWNER') return events;
  const successor = await findSuccessor(trx, roomId);
  if (successor === null) return events; // the last member left: nobody to hand it to
  await setRoles(trx, roomId, [{ userId: successor, role: 'OWNER' }]);
  events.push(await logMembershipEvent(trx, roomId, 'ROLE_CHANGED', [successor]));
  return events;
}
