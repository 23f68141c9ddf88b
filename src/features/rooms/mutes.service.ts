import { badInput, notFound } from '../../platform/errors.js';
import type { RoomDeps } from './rooms.service.js';
import { requireMembership } from './rooms.service.js';
import type { Room } from './rooms.repository.js';
import { setMute } from './mutes.repository.js';

/**
 * Mutes the viewer's room until `until` (null unmutes). The room still counts unread and its inbox
 * events still arrive, marked `muted`; every instance's inbox of the viewer hears of the change.
 */
export async function muteRoom({ db, pubsub }: RoomDeps, viewerId: string, roomId: string, until: Date | null) {
  if (until !== null && until.getTime() <= Date.now()) {
    throw badInput('until', 'until must be in the future (pass null to unmute).');
  }
  const room: Room = await requireMembership(db, viewerId, roomId);
  if (!(await setMute(db, roomId, viewerId, until))) throw notFound('Room'); // left meanwhile
  pubsub.publish('user.rooms', viewerId, { type: 'MUTED', roomId, mutedUntil: until?.getTime() ?? null });
  return room;
}
