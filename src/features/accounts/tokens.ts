import { randomUUID } from 'node:crypto';
import { SignJWT, jwtVerify } from 'jose';
import { LRUCache } from 'lru-cache';
import { unauthenticated } from '../../platform/errors.js';

const ISSUER = 'chat-api';
const AUDIENCE = 'chat-api';
/** RFC 9068 access-token type: a token of any other type (or none) is refused. */
const ACCESS_TOKEN_TYPE = 'at+jwt';

export interface AccessTokenClaims {
  userId: string;
  sessionId: string;
  expiresAt: Date;
}

export interface TokenSettings {
  jwtSecret: Uint8Array;
  accessTokenTtlSeconds: number;
}

export async function signAccessToken(
  settings: TokenSettings,
  userId: string,
  sessionId: string,
  now = Date.now(),
): Promise<{ token: string; expiresAt: Date }> {
  const issuedAt = Math.floor(now / 1000);
  // Claims are whole seconds: rounding the expiry up keeps a token valid for at least its TTL
  // (rounding down would cut up to a second, all of a 1 s TTL).
  const expiresAt = Math.ceil(now / 1000) + settings.accessTokenTtlSeconds;
  const token = await new SignJWT({ sid: sessionId })
    .setProtectedHeader({ alg: 'HS256', typ: ACCESS_TOKEN_TYPE })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setSubject(userId)
    .setJti(randomUUID())
    .setIssuedAt(issuedAt)
    .setExpirationTime(expiresAt)
    .sign(settings.jwtSecret);
  return { token, expiresAt: new Date(expiresAt * 1000) };
}

/**
 * Tokens already verified, per secret, by their exact text: clients send the same token with every
 * request for up to an hour, and the HMAC check (WebCrypto) is a large share of a small request.
 * A hit still checks expiry; any change to the text is a miss and gets the full check.
 */
const verifiedTokens = new WeakMap<Uint8Array, LRUCache<string, AccessTokenClaims>>();

/** Verifies signature (HS256 only), issuer, audience, type and expiry; any failure is UNAUTHENTICATED. */
export async function verifyAccessToken(settings: TokenSettings, token: string): Promise<AccessTokenClaims> {
  let verified = verifiedTokens.get(settings.jwtSecret);
  if (!verified) verifiedTokens.set(settings.jwtSecret, (verified = new LRUCache({ max: 10_000 })));
  const known = verified.get(token);
  if (known && known.expiresAt.getTime() > Date.now()) return known;
  const claims = await verifyAccessTokenSignature(settings, token);
  verified.set(token, claims, { ttl: Math.max(1, claims.expiresAt.getTime() - Date.now()) });
  return claims;
}

async function verifyAccessTokenSignature(settings: TokenSettings, token: string): Promise<AccessTokenClaims> {
  try {
    const { payload } = await jwtVerify(token, settings.jwtSecret, {
      algorithms: ['HS256'],
      issuer: ISSUER,
      audience: AUDIENCE,
      typ: ACCESS_TOKEN_TYPE,
      requiredClaims: ['sub', 'sid', 'jti', 'exp'],
    });
    if (typeof payload.sid !== 'string' || !/^\d+$/.test(payload.sub ?? '')) throw new Error('malformed claims');
    return { userId: payload.sub!, sessionId: payload.sid, expiresAt: new Date(payload.exp! * 1000) };
  } catch {
    throw unauthenticated('Invalid or expired access token.');
  }
}
