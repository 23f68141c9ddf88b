import type { RoomRole } from '../../platform/db/tables.js';

// Who may do what in a group room, as pure rules (room-admin.service.ts applies them under the
// room's lock). Direct rooms have no roles to change: both members are MEMBER there.

export type { RoomRole } from '../../platform/db/tables.js';

/** OWNER and ADMIN add and remove members and edit the name and topic. */
export const managesRoom = (role: RoomRole): boolean => role === 'OWNER' || role === 'ADMIN';

/** The OWNER removes anyone else; an ADMIN removes plain members only (not the OWNER, not another ADMIN). */
export const mayRemove = (actor: RoomRole, target: RoomRole): boolean =>
  actor === 'OWNER' ? target !== 'OWNER' : actor === 'ADMIN' && target === 'MEMBER';

export interface RoleChange {
  userId: string;
  role: RoomRole;
}

/**
 * The role changes the OWNER asks for by setting `targetId`'s role to `role`, in the order they must
 * be written (the old OWNER steps down before the new one steps up: one OWNER at all times).
 * Making another member OWNER hands the room over, and the old OWNER stays on as ADMIN. The OWNER
 * cannot step down without naming a successor: null then (the caller refuses it).
 */
export function roleChanges(ownerId: string, targetId: string, current: RoomRole, role: RoomRole): RoleChange[] | null {
  if (targetId === ownerId) return role === 'OWNER' ? [] : null;
  if (role === current) return [];
  if (role === 'OWNER') {
    return [
      { userId: ownerId, role: 'ADMIN' },
      { userId: targetId, role: 'OWNER' },
    ];
  }
  return [{ userId: targetId, role }];
}
