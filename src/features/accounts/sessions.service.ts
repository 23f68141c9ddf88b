import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../../platform/db/database.js';
import { unauthenticated } from '../../platform/errors.js';
import * as repository from './sessions.repository.js';

// The rules of sessions: how refresh tokens are issued and rotated, and what a reused one revokes
// (statements in sessions.repository.ts).

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
    const sessionId = await repository.insertSession(trx, userId);
    await repository.insertRefreshToken(trx, sessionId, hashRefreshToken(refreshToken), expiresAt);
    return sessionId;
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
    const spent = await repository.spendRefreshToken(trx, tokenHash);
    if (!spent) {
      const reusedInSession = await repository.findRefreshTokenSession(trx, tokenHash);
      if (reusedInSession === null) return { invalid: true };
      await repository.revokeSession(trx, reusedInSession, 'refresh token reuse');
      return { reusedInSession };
    }
    const session = await repository.getSession(trx, spent.sessionId);
    if (session.revokedAt || spent.expiresAt.getTime() <= Date.now()) return { invalid: true };

    const refreshToken = newRefreshToken();
    const expiresAt = new Date(Date.now() + ttlSeconds * 1000);
    await repository.insertRefreshToken(trx, spent.sessionId, hashRefreshToken(refreshToken), expiresAt);
    return { ok: { sessionId: spent.sessionId, userId: session.userId, refreshToken, expiresAt } };
  });

  if ('ok' in outcome) return outcome.ok;
  if ('reusedInSession' in outcome) {
    onReuse(outcome.reusedInSession);
    throw unauthenticated('Refresh token was already used; the session has been revoked.');
  }
  throw unauthenticated('Invalid or expired refresh token.');
}
