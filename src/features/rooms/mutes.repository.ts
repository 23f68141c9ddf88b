import type { Db } from '../../platform/db/database.js';

// Each member's mute of a room (room_members.muted_until). A mute only quietens notifications:
// unread counts and inbox events go on, marked muted (inbox-hub.ts).

/** Every room of the user with their mute of it (ms since the epoch, or null): what an inbox follows. */
export async function listRoomMutes(db: Db, userId: string): Promise<Map<string, number | null>> {
  const rows = await db
    .selectFrom('room_members')
    .select(['room_id', 'muted_until'])
    .where('user_id', '=', userId)
    .execute();
  return new Map(rows.map((row) => [row.room_id, row.muted_until?.getTime() ?? null]));
}

/** The viewer's mutes still in force among `roomIds` (a batch loader's query). */
export async function getActiveMutes(db: Db, viewerId: string, roomIds: readonly string[]): Promise<Map<string, Date>> {
  if (roomIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('room_members')
    .select(['room_id', 'muted_until'])
    .where('user_id', '=', viewerId)
    .where('room_id', 'in', roomIds)
    .where('muted_until', '>', new Date())
    .execute();
  return new Map(rows.map((row) => [row.room_id, row.muted_until!]));
}

/** Sets (or with null clears) the member's mute; false when they are not a member. */
export async function setMute(db: Db, roomId: string, userId: string, until: Date | null): Promise<boolean> {
  const { numUpdatedRows } = await db
    .updateTable('room_members')
    .set({ muted_until: until })
    .where('room_id', '=', roomId)
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
  return numUpdatedRows > 0n;
}
