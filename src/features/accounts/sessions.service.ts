import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { Db, Trx } from '../../platform/db/database.js';
import { unauthenticated } from '../../platform/errors.js';
import * as repository from './sessions.repository.js';
import { INVALID_CREDENTIALS } from './users.service.js';

// The rules of sessions: how refresh tokens are issued and rotated, and what a reused one revokes
// (statements in sessions.repository.ts).

/** Only a hash is stored, so a database leak does not hand out live refresh tokens. */
function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

function newRefreshToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * The token that replaces `presented`, derived rather than drawn, so that a second use within the
 * grace window can hand out the same one without its text being stored anywhere: only someone who
 * holds `presented` can have it computed, and only the server (keyed with its secret) can compute it.
 */
function successorOf(secret: Uint8Array, presented: string): string {
  return createHmac('sha256', secret).update(`refresh token successor\u0000${presented}`).digest('base64url');
}

export interface RotationSettings {
  jwtSecret: Uint8Array;
  refreshTokenTtlSeconds: number;
  refreshReuseGraceSeconds: number;
}

export interface IssuedRefreshToken {
  sessionId: string;
  userId: string;
  refreshToken: string;
  expiresAt: Date;
}

/** The longest User-Agent kept with a session. */
const MAX_USER_AGENT_LENGTH = 256;

export async function createSession(
  db: Db,
  userId: string,
  ttlSeconds: number,
  userAgent: string | null = null,
): Promise<IssuedRefreshToken> {
  const refreshToken = newRefreshToken();
  const expiresAt = new Date(Date.now() + ttlSeconds * 1000);
  const agent = userAgent ? userAgent.slice(0, MAX_USER_AGENT_LENGTH) : null;
  const sessionId = await db.transaction().execute(async (trx) => {
    const sessionId = await repository.insertSession(trx, userId, agent);
    // Deleted since its password was checked: refused as its credentials are from now on.
    if (sessionId === null) throw unauthenticated(INVALID_CREDENTIALS);
    await repository.insertRefreshToken(trx, sessionId, hashRefreshToken(refreshToken), expiresAt);
    return sessionId;
  });
  return { sessionId, userId, refreshToken, expiresAt };
}

type RotationOutcome = { ok: IssuedRefreshToken } | { reusedInSession: string } | { invalid: true };

/**
 * Spends a refresh token and issues its successor. A token spent already is a copy in other hands
 * (OAuth 2.0 Security BCP, refresh token rotation): the whole session is revoked and `onReuse`
 * learns which, so callers can close its sockets. One exception: within `refreshReuseGraceSeconds`
 * of its spending, a token presented once more (a second tab refreshing at the same moment, a retry
 * whose answer was lost) gets the same successor, as long as that one is unspent.
 */
export async function rotateRefreshToken(
  db: Db,
  presented: string,
  settings: RotationSettings,
  onReuse: (sessionId: string) => void = () => {},
): Promise<IssuedRefreshToken> {
  const tokenHash = hashRefreshToken(presented);
  const successor = successorOf(settings.jwtSecret, presented);
  const outcome = await db.transaction().execute(async (trx): Promise<RotationOutcome> => {
    // The conditional update is the race guard: of two concurrent uses, exactly one spends the token.
    const spent = await repository.spendRefreshToken(trx, tokenHash);
    if (!spent) return (await graceUse(trx, tokenHash, successor, settings)) ?? reuse(trx, tokenHash);
    const session = await repository.getSession(trx, spent.sessionId);
    if (session.revokedAt || spent.expiresAt.getTime() <= Date.now()) return { invalid: true };
    const expiresAt = new Date(Date.now() + settings.refreshTokenTtlSeconds * 1000);
    await repository.insertRefreshToken(trx, spent.sessionId, hashRefreshToken(successor), expiresAt);
    await repository.touchSession(trx, spent.sessionId);
    return { ok: { sessionId: spent.sessionId, userId: session.userId, refreshToken: successor, expiresAt } };
  });

  if ('ok' in outcome) return outcome.ok;
  if ('reusedInSession' in outcome) {
    onReuse(outcome.reusedInSession);
    throw unauthenticated('Refresh token was already used; the session has been revoked.');
  }
  throw unauthenticated('Invalid or expired refresh token.');
}

/** The same successor once more, within the grace window, while it is unspent and the session live. */
async function graceUse(
  trx: Trx,
  tokenHash: string,
  successor: string,
  settings: RotationSettings,
): Promise<RotationOutcome | null> {
  const sessionId = await repository.takeGraceUse(trx, tokenHash, settings.refreshReuseGraceSeconds);
  if (sessionId === null) return null;
  const expiresAt = await repository.findUnspent(trx, sessionId, hashRefreshToken(successor));
  const session = await repository.getSession(trx, sessionId);
  if (expiresAt === null || session.revokedAt) return null;
  return { ok: { sessionId, userId: session.userId, refreshToken: successor, expiresAt } };
}

/** A spent token presented again outside the grace: its session is revoked (a token never issued is just invalid). */
async function reuse(trx: Trx, tokenHash: string): Promise<RotationOutcome> {
  const reusedInSession = await repository.findRefreshTokenSession(trx, tokenHash);
  if (reusedInSession === null) return { invalid: true };
  await repository.revokeSession(trx, reusedInSession, 'refresh token reuse');
  return { reusedInSession };
}
