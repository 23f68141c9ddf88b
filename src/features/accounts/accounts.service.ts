import type { Db } from '../../platform/db/database.js';
import type { User } from './users.repository.js';
import { findUserById } from './users.repository.js';
import * as users from './users.service.js';
import { badInput, DomainError, notFound, unauthenticated } from '../../platform/errors.js';
import type { RateLimiter } from '../../platform/rate-limits.js';
import { createSession, rotateRefreshToken, type IssuedRefreshToken } from './sessions.service.js';
import { isSessionId, listLiveSessions, revokeSession, revokeSessionsOf } from './sessions.repository.js';
import { signAccessToken, type TokenSettings } from './tokens.js';

export interface AuthSettings extends TokenSettings {
  refreshTokenTtlSeconds: number;
  refreshReuseGraceSeconds: number;
}

export interface AuthPayload {
  accessToken: string;
  accessTokenExpiresAt: Date;
  refreshToken: string;
  refreshTokenExpiresAt: Date;
  user: User;
}

async function issueTokens(settings: AuthSettings, user: User, issued: IssuedRefreshToken): Promise<AuthPayload> {
  const access = await signAccessToken(settings, user.id, issued.sessionId);
  return {
    accessToken: access.token,
    accessTokenExpiresAt: access.expiresAt,
    refreshToken: issued.refreshToken,
    refreshTokenExpiresAt: issued.expiresAt,
    user,
  };
}

export async function signUp(
  db: Db,
  settings: AuthSettings,
  input: unknown,
  userAgent: string | null = null,
): Promise<AuthPayload> {
  const user = await users.signUp(db, input);
  return issueTokens(settings, user, await createSession(db, user.id, settings.refreshTokenTtlSeconds, userAgent));
}

/**
 * Checks credentials and opens a session. Failed attempts are counted per username and per client
 * address; once either budget is spent, attempts are refused (RATE_LIMITED) until its window ends,
 * even with the right password, so guessing slows down without locking the owner out for good.
 * Successful logins have a budget per username too. Every budget is reserved before the password is
 * verified, so a concurrent burst gets no more verifications than the budget; verification then
 * gives back what did not happen (a success was no failed guess, and a failure no login).
 */
export async function logIn(
  db: Db,
  settings: AuthSettings,
  limits: RateLimiter,
  clientAddress: string,
  input: { username: string; password: string },
  userAgent: string | null = null,
): Promise<AuthPayload> {
  const account = input.username.trim().toLowerCase().slice(0, 64);
  const reservation = await limits.reserve(
    ['login', account],
    ['loginAddress', clientAddress],
    ['loginSuccess', account],
  );
  let user: User;
  try {
    user = await users.authenticate(db, input.username, input.password);
  } catch (err) {
    // Only a wrong password is a guess; anything else (the database failing) counts as nothing.
    const guessed = err instanceof DomainError && err.code === 'UNAUTHENTICATED';
    await reservation.release(guessed ? ['loginSuccess'] : undefined);
    throw err;
  }
  await reservation.release(['login', 'loginAddress']);
  return issueTokens(settings, user, await createSession(db, user.id, settings.refreshTokenTtlSeconds, userAgent));
}

/** Rotates a refresh token into a new pair. `onReuse` learns of a session revoked for token reuse. */
export async function refreshTokens(
  db: Db,
  settings: AuthSettings,
  refreshToken: string,
  onReuse?: (sessionId: string) => void,
): Promise<AuthPayload> {
  if (refreshToken.length > 128) throw unauthenticated('Invalid or expired refresh token.');
  const issued = await rotateRefreshToken(db, refreshToken, settings, onReuse);
  const user = await findUserById(db, issued.userId);
  // Deleted since the rotation: the deletion revoked this session too.
  if (!user) throw unauthenticated('Invalid or expired refresh token.');
  return issueTokens(settings, user, issued);
}

export async function logOut(db: Db, sessionId: string): Promise<void> {
  await revokeSession(db, sessionId, 'logout');
}

/** At most this many sessions are listed (the newest in use). */
export const MAX_SESSIONS_LISTED = 100;

export const listSessions = (db: Db, userId: string) => listLiveSessions(db, userId, MAX_SESSIONS_LISTED);

/**
 * Ends one of the user's sessions (NOT_FOUND for a session that is not theirs, or no longer live);
 * returns its id, for the caller to close its sockets everywhere.
 */
export async function revokeOwnSession(db: Db, userId: string, sessionId: string): Promise<string> {
  if (!isSessionId(sessionId)) throw badInput('sessionId', 'sessionId: not a session id');
  const [revoked] = await revokeSessionsOf(db, userId, [sessionId], 'revoked by its user');
  if (!revoked) throw notFound('Session');
  return revoked;
}

/** Ends every session of the user, the caller's included; returns their ids. */
export const logOutEverywhere = (db: Db, userId: string) => revokeSessionsOf(db, userId, null, 'logged out everywhere');

/**
 * Changes the password (the current one checked) and ends every session of the user: the caller
 * continues in a new session whose tokens are returned (the old session's refresh token is stored
 * only as a hash, so it cannot be handed back), every other device must log in again. Returns the
 * ended sessions too, for the caller to close their sockets.
 */
export async function changePassword(
  db: Db,
  settings: AuthSettings,
  userId: string,
  input: unknown,
  userAgent: string | null = null,
): Promise<{ payload: AuthPayload; ended: string[] }> {
  await users.changePassword(db, userId, input);
  const ended = await revokeSessionsOf(db, userId, null, 'password changed');
  const user = await findUserById(db, userId);
  if (!user) throw unauthenticated();
  const issued = await createSession(db, userId, settings.refreshTokenTtlSeconds, userAgent);
  return { payload: await issueTokens(settings, user, issued), ended };
}
