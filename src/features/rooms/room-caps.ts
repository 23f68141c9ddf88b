import { sql } from 'kysely';
import type { Trx } from '../../platform/db/database.js';
import type { RoomCaps } from '../../platform/config.js';
import { badInput } from '../../platform/errors.js';

export type { RoomCaps } from '../../platform/config.js';

/**
 * Refuses (BAD_USER_INPUT on `field`) when any of `userIds` is already in as many group rooms as
 * the cap allows. Their user rows stay locked until the transaction ends, in id order (so that
 * two such checks never wait on each other in a cycle), so concurrent joins cannot pass the cap.
 */
export async function requireRoomsBelowCap(trx: Trx, userIds: readonly string[], caps: RoomCaps, field: string) {
  if (userIds.length === 0) return;
  await sql`select id from users where id in (${sql.join(userIds)}) order by id for no key update`.execute(trx);
  const full = await trx
    .selectFrom('room_members')
    .innerJoin('rooms', 'rooms.id', 'room_members.room_id')
    .select('room_members.user_id')
    .where('room_members.user_id', 'in', userIds)
    .where('rooms.kind', '=', 'GROUP')
    .groupBy('room_members.user_id')
    .having(sql`count(*)`, '>=', caps.maxRoomsPerUser)
    .execute();
  if (full.length > 0) {
    throw badInput(field, `A user may be in at most ${caps.maxRoomsPerUser} group rooms; one of ${field} is.`);
  }
}

/**
 * Of `candidateIds`, those not yet in the room; refuses (BAD_USER_INPUT on userIds) when adding
 * them would take it past the cap. Locks the room's row first, so concurrent additions to one room
 * are counted one at a time.
 */
export async function newMembersBelowCap(
  trx: Trx,
  roomId: string,
  candidateIds: readonly string[],
  caps: RoomCaps,
): Promise<string[]> {
  await sql`select id from rooms where id = ${roomId} for update`.execute(trx);
  const members = await trx.selectFrom('room_members').select('user_id').where('room_id', '=', roomId).execute();
  const present = new Set(members.map((row) => row.user_id));
  const joining = candidateIds.filter((id) => !present.has(id));
  if (present.size + joining.length > caps.maxMembersPerRoom) {
    throw badInput('userIds', `A room may have at most ${caps.maxMembersPerRoom} members.`);
  }
  return joining;
}
