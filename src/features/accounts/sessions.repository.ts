import { sql } from 'kysely';
import type { Db, Trx } from '../../platform/db/database.js';

// Sessions and their refresh tokens in the database (a token is stored as its hash only). How
// tokens are issued, rotated and revoked is decided in sessions.service.ts.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Session ids are UUIDs: anything else is malformed, not merely unknown. */
export const isSessionId = (id: string): boolean => UUID.test(id);

/**
 * A new live session of the user; returns its id, or null when the account is deleted. The user's
 * row is read FOR SHARE: a deletion under way is waited for, then seen, so no session is opened
 * after the deletion revoked them all.
 */
export async function insertSession(trx: Trx, userId: string, userAgent: string | null): Promise<string | null> {
  const session = await trx
    .insertInto('sessions')
    .columns(['user_id', 'user_agent'])
    .expression((eb) =>
      eb
        .selectFrom('users')
        .select(['id', sql<string | null>`${userAgent}::text`.as('user_agent')])
        .where('id', '=', userId)
        .where('deleted_at', 'is', null)
        .forShare(),
    )
    .returning('id')
    .executeTakeFirst();
  return session?.id ?? null;
}

/** A refresh token of the session, by its hash, usable until `expiresAt`. */
export async function insertRefreshToken(
  trx: Trx,
  sessionId: string,
  tokenHash: string,
  expiresAt: Date,
): Promise<void> {
  await trx
    .insertInto('refresh_tokens')
    .values({ token_hash: tokenHash, session_id: sessionId, expires_at: expiresAt })
    .execute();
}

/**
 * Marks the token spent if it was not: of two concurrent calls, exactly one gets its session and
 * expiry; null when the token is unknown or was spent already.
 */
export async function spendRefreshToken(
  trx: Trx,
  tokenHash: string,
): Promise<{ sessionId: string; expiresAt: Date } | null> {
  const spent = await trx
    .updateTable('refresh_tokens')
    .set({ rotated_at: sql<Date>`now()` })
    .where('token_hash', '=', tokenHash)
    .where('rotated_at', 'is', null)
    .returning(['session_id', 'expires_at'])
    .executeTakeFirst();
  return spent ? { sessionId: spent.session_id, expiresAt: spent.expires_at } : null;
}

/**
 * Takes the one extra use of a token spent within the last `graceSeconds`: of concurrent calls,
 * one gets its session; null when the token is not spent, spent longer ago, or used so already.
 */
export async function takeGraceUse(trx: Trx, tokenHash: string, graceSeconds: number): Promise<string | null> {
  const taken = await trx
    .updateTable('refresh_tokens')
    .set({ grace_used: true })
    .where('token_hash', '=', tokenHash)
    .where('grace_used', '=', false)
    .where('rotated_at', '>', sql<Date>`now() - make_interval(secs => ${graceSeconds})`)
    .returning('session_id')
    .executeTakeFirst();
  return taken?.session_id ?? null;
}

/** The expiry of an unspent refresh token of the session; null when it is spent or unknown. */
export async function findUnspent(trx: Trx, sessionId: string, tokenHash: string): Promise<Date | null> {
  const row = await trx
    .selectFrom('refresh_tokens')
    .select('expires_at')
    .where('token_hash', '=', tokenHash)
    .where('session_id', '=', sessionId)
    .where('rotated_at', 'is', null)
    .executeTakeFirst();
  return row?.expires_at ?? null;
}

/** The session of a refresh token, spent or not; null for a token never issued. */
export async function findRefreshTokenSession(db: Db, tokenHash: string): Promise<string | null> {
  const known = await db
    .selectFrom('refresh_tokens')
    .select('session_id')
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
  return known?.session_id ?? null;
}

/** The user and revocation time of a session the caller knows exists (Kysely's NoResultError otherwise). */
export async function getSession(db: Db, sessionId: string): Promise<{ userId: string; revokedAt: Date | null }> {
  const session = await db
    .selectFrom('sessions')
    .select(['user_id', 'revoked_at'])
    .where('id', '=', sessionId)
    .executeTakeFirstOrThrow();
  return { userId: session.user_id, revokedAt: session.revoked_at };
}

/**
 * Ends a session: its refresh tokens stop working and its access tokens are refused from now on.
 * Works inside or outside a transaction (a Transaction is a Kysely); revoking twice keeps the first reason.
 */
export async function revokeSession(db: Db, sessionId: string, reason: string): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ revoked_at: sql<Date>`now()`, revoked_reason: reason })
    .where('id', '=', sessionId)
    .where('revoked_at', 'is', null)
    .execute();
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

/** Marks the session used now (at each refresh). */
export async function touchSession(trx: Trx, sessionId: string): Promise<void> {
  await trx
    .updateTable('sessions')
    .set({ last_used_at: sql<Date>`now()` })
    .where('id', '=', sessionId)
    .execute();
}

export interface SessionSummary {
  id: string;
  createdAt: Date;
  lastUsedAt: Date;
  userAgent: string | null;
}

/** The user's live sessions, last used first (at most `limit`). */
export async function listLiveSessions(db: Db, userId: string, limit: number): Promise<SessionSummary[]> {
  const rows = await db
    .selectFrom('sessions')
    .select(['id', 'created_at', 'last_used_at', 'user_agent'])
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .orderBy('last_used_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    userAgent: row.user_agent,
  }));
}

/** Revokes the user's live sessions among `sessionIds` (all of them when null); returns those revoked. */
export async function revokeSessionsOf(
  db: Db,
  userId: string,
  sessionIds: readonly string[] | null,
  reason: string,
): Promise<string[]> {
  let query = db
    .updateTable('sessions')
    .set({ revoked_at: sql<Date>`now()`, revoked_reason: reason })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null);
  if (sessionIds !== null)
    query = query.where(
      'id',
      'in',
      sessionIds.filter((id) => UUID.test(id)),
    );
  if (sessionIds !== null && !sessionIds.some((id) => UUID.test(id))) return [];
  const rows = await query.returning('id').execute();
  return rows.map((row) => row.id);
}
