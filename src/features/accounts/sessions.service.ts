import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.js';
import { unauthenticated } from '../../platform/errors.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Only a hash is stored, so a database leak does not hand out live refresh tokens. */
function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

function newRefreshToken(): string {
  return randomBytes(32).toString('base64url');
}

export interface IssuedRefreshToken {
  sessionId: string;
  userId: string;
  refreshToken: string;
  expiresAt: Date;
}

export async function createSession(db: Db, userId: string, ttlSeconds: number): Promise<IssuedRefreshToken> {
  const refreshToken = newRefreshToken();
  const expiresAt = new Date(Date.now() + ttlSeconds * 1000);
  const sessionId = await db.transaction().execute(async (trx) => {
    const session = await trx
      .insertInto('sessions')
      .values({ user_id: userId })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('refresh_tokens')
      .values({ token_hash: hashRefreshToken(refreshToken), session_id: session.id, expires_at: expiresAt })
      .execute();
    return session.id;
  });
  return { sessionId, userId, refreshToken, expiresAt };
}

type RotationOutcome = { ok: IssuedRefreshToken } | { reusedInSession: string } | { invalid: true };

/**
 * Spends a refresh token and issues its successor. A token already spent means it was copied:
 * the whole session is revoked (OAuth 2.0 Security BCP, refresh token rotation). Returns the
 * revoked session id through `onReuse` so callers can close its sockets.
 */
export async function rotateRefreshToken(
  db: Db,
  presented: string,
  ttlSeconds: number,
  onReuse: (sessionId: string) => void = () => {},
): Promise<IssuedRefreshToken> {
  const tokenHash = hashRefreshToken(presented);
  const outcome = await db.transaction().execute(async (trx): Promise<RotationOutcome> => {
    // The conditional update is the race guard: of two concurrent uses, exactly one spends the token.
    const spent = await trx
      .updateTable('refresh_tokens')
      .set({ rotated_at: sql<Date>`now()` })
      .where('token_hash', '=', tokenHash)
      .where('rotated_at', 'is', null)
      .returning(['session_id', 'expires_at'])
      .executeTakeFirst();
    if (!spent) {
      const known = await trx
        .selectFrom('refresh_tokens')
        .select('session_id')
        .where('token_hash', '=', tokenHash)
        .executeTakeFirst();
      if (!known) return { invalid: true };
      await revokeSessionWith(trx, known.session_id, 'refresh token reuse');
      return { reusedInSession: known.session_id };
    }
    const session = await trx
      .selectFrom('sessions')
      .select(['user_id', 'revoked_at'])
      .where('id', '=', spent.session_id)
      .executeTakeFirstOrThrow();
    if (session.revoked_at || spent.expires_at.getTime() <= Date.now()) return { invalid: true };

    const refreshToken = newRefreshToken();
    const expiresAt = new Date(Date.now() + ttlSeconds * 1000);
    await trx
      .insertInto('refresh_tokens')
      .values({ token_hash: hashRefreshToken(refreshToken), session_id: spent.session_id, expires_at: expiresAt })
      .execute();
    return { ok: { sessionId: spent.session_id, userId: session.user_id, refreshToken, expiresAt } };
  });

  if ('ok' in outcome) return outcome.ok;
  if ('reusedInSession' in outcome) {
    onReuse(outcome.reusedInSession);
    throw unauthenticated('Refresh token was already used; the session has been revoked.');
  }
  throw unauthenticated('Invalid or expired refresh token.');
}

/** Works inside or outside a transaction (a Transaction is a Kysely). */
async function revokeSessionWith(db: Db, sessionId: string, reason: string) {
  await db
    .updateTable('sessions')
    .set({ revoked_at: sql<Date>`now()`, revoked_reason: reason })
    .where('id', '=', sessionId)
    .where('revoked_at', 'is', null)
    .execute();
}

/** Ends a session: its refresh tokens stop working and its access tokens are refused from now on. */
export async function revokeSession(db: Db, sessionId: string, reason: string): Promise<void> {
  await revokeSessionWith(db, sessionId, reason);
}

/** Of `sessionIds`, those no longer live (revoked, or unknown). */
export async function inactiveSessions(db: Db, sessionIds: readonly string[]): Promise<string[]> {
  const valid = sessionIds.filter((id) => UUID.test(id));
  const live = new Set<string>();
  for (let start = 0; start < valid.length; start += 1_000) {
    const rows = await db
      .selectFrom('sessions')
      .select('id')
      .where('id', 'in', valid.slice(start, start + 1_000))
      .where('revoked_at', 'is', null)
      .execute();
    for (const row of rows) live.add(row.id);
  }
  return sessionIds.filter((id) => !live.has(id));
}

/** True when the session exists and has not been revoked. */
export async function isSessionActive(db: Db, sessionId: string): Promise<boolean> {
  if (!UUID.test(sessionId)) return false;
  const row = await db.selectFrom('sessions').select('revoked_at').where('id', '=', sessionId).executeTakeFirst();
  return !!row && row.revoked_at === null;
}

/**
 * One step of the dead-session sweep, over the `limit` sessions after `afterId` (by id, so a sweep
 * walks the table once in bounded statements): deletes those that cannot be used any more since
 * before `cutoff` (revoked, or without a refresh token valid then), their refresh tokens with them
 * (ON DELETE CASCADE), and the spent refresh tokens of the others that expired before `cutoff`.
 * Returns the last id looked at (null at the end of the table) and how many sessions went.
 */
export async function sweepDeadSessions(
  db: Db,
  cutoff: Date,
  afterId: string | null,
  limit: number,
): Promise<{ lastId: string | null; deleted: number }> {
  let page = db.selectFrom('sessions').select('id').orderBy('id').limit(limit);
  if (afterId !== null) page = page.where('id', '>', afterId);
  const ids = (await page.execute()).map((row) => row.id);
  if (ids.length === 0) return { lastId: null, deleted: 0 };
  const deleted = await db
    .deleteFrom('sessions as s')
    .where('s.id', 'in', ids)
    .where((eb) =>
      eb.or([
        eb('s.revoked_at', '<', cutoff),
        eb.and([
          eb('s.created_at', '<', cutoff),
          eb.not(
            eb.exists(
              eb
                .selectFrom('refresh_tokens as t')
                .select('t.session_id')
                .whereRef('t.session_id', '=', 's.id')
                .where('t.expires_at', '>=', cutoff),
            ),
          ),
        ]),
      ]),
    )
    .executeTakeFirst();
  await db
    .deleteFrom('refresh_tokens')
    .where('session_id', 'in', ids)
    .where('rotated_at', 'is not', null)
    .where('expires_at', '<', cutoff)
    .execute();
  return { lastId: ids.length < limit ? null : ids[ids.length - 1]!, deleted: Number(deleted.numDeletedRows) };
}
