import type { Logger } from 'pino';
import type { Db } from '../../platform/db/database.js';
import { unauthenticated } from '../../platform/errors.js';
import { announceSuspensions, endRelationsOf } from '../friends/friends.service.js';
import { removeSelf } from '../rooms/leaving.js';
import { publishMembership, type MembershipEvent } from '../rooms/room-events.js';
import type { AppPubSub } from '../topics.js';
import { unusablePasswordHash } from './passwords.js';
import { revokeSessionsOf } from './sessions.repository.js';
import { markDeleted } from './users.repository.js';
import { checkDeletionPassword } from './users.service.js';

// Deleting an account takes away the person, never what others hold: the users row stays (messages,
// reactions and room events name it) and reads as "Deleted user" (toUser in users.repository.ts).

/** What deleting an account uses: it stores, then tells rooms and sockets. */
export interface AccountDeletionDeps {
  db: Db;
  pubsub: AppPubSub;
  logger: Logger;
}

/**
 * Deletes the user's account once their password is checked (BAD_USER_INPUT on `password`). In one
 * transaction: the account is marked deleted (display name and password scrubbed, the username kept
 * reserved), every session revoked, and every friendship, friend request and block, both ways,
 * removed, and every group room left. Then `onSessionEnded` learns each ended session (to close its sockets everywhere), the
 * suspended direct rooms are announced (their history stays readable to the other member), and so is
 * the user leaving each group room, which the same transaction did (an owner hands the room over).
 * UNAUTHENTICATED when the account is deleted already (a concurrent call).
 */
export async function deleteAccount(
  deps: AccountDeletionDeps,
  userId: string,
  input: { password: string },
  onSessionEnded: (sessionId: string) => void,
): Promise<void> {
  await checkDeletionPassword(deps.db, userId, input);
  // Hashed before the transaction: argon2 takes tens of milliseconds, the row locks should not.
  const unusableHash = await unusablePasswordHash();
  const { ended, suspended, left } = await deps.db.transaction().execute(async (trx) => {
    // The user's row first: a room join waits on it (rooms.service.ts locks joiners' rows and then
    // sees the deletion), so the rooms listed next are all the rooms the user will ever be in.
    if (!(await markDeleted(trx, userId, unusableHash))) throw unauthenticated();
    const left: Array<{ roomId: string; events: MembershipEvent[] }> = [];
    for (const roomId of await listGroupRoomIds(trx, userId)) {
      left.push({ roomId, events: await removeSelf(trx, roomId, userId) });
    }
    const ended = await revokeSessionsOf(trx, userId, null, 'account deleted');
    return { ended, suspended: await endRelationsOf(trx, userId), left };
  });
  for (const sessionId of ended) onSessionEnded(sessionId);
  announceSuspensions(deps.pubsub, suspended);
  for (const { roomId, events } of left) {
    for (const event of events) {
      publishMembership(deps.pubsub, roomId, event, event.kind === 'MEMBERS_REMOVED' ? [userId] : []);
    }
  }
}

/** The user's group rooms in id order (direct rooms stay: their history remains the other member's). */
async function listGroupRoomIds(db: Db, userId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('room_members')
    .innerJoin('rooms', 'rooms.id', 'room_members.room_id')
    .select('rooms.id')
    .where('room_members.user_id', '=', userId)
    .where('rooms.kind', '=', 'GROUP')
    .orderBy('rooms.id')
    .execute();
  return rows.map((row) => row.id);
}
