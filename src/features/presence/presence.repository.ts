import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.js';

/**
 * Of `candidateIds`, those who may see `userId`'s presence, and whose presence `userId` may see:
 * friends, or members of a group room together, with no block either way, not deleted. The
 * relation is symmetric, so one statement serves both directions: the users a viewer asks about
 * (User.presence), and the local subscribers an instance tells of a user's change (one statement
 * per change, whatever the number of subscribers). Direct rooms need not be looked at: one is
 * open only while its two members are friends. `userId` itself is never in the result.
 */
export async function presencePeersAmong(
  db: Db,
  userId: string,
  candidateIds: readonly string[],
): Promise<Set<string>> {
  if (candidateIds.length === 0) return new Set();
  // The members of userId's group rooms are read once (a hashed subplan), not once per candidate.
  const { rows } = await sql<{ id: string }>`
    select c.id
    from unnest(${[...new Set(candidateIds)]}::bigint[]) as c(id)
    where c.id <> ${userId}
      and (
        exists (select 1 from friendships f where f.user_id = ${userId} and f.friend_id = c.id)
        or c.id in (
          select other.user_id
          from room_members mine
          join rooms r on r.id = mine.room_id and r.kind = 'GROUP'
          join room_members other on other.room_id = mine.room_id
          where mine.user_id = ${userId}
        )
      )
      and not exists (
        select 1 from blocks b
        where (b.blocker_id = ${userId} and b.blocked_id = c.id) or (b.blocker_id = c.id and b.blocked_id = ${userId})
      )
      and not exists (select 1 from users u where u.id = c.id and u.deleted_at is not null)
  `.execute(db);
  return new Set(rows.map((row) => String(row.id)));
}
