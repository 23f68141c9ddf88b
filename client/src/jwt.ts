/** A JWT's `exp` in ms since the epoch, or null when the token is not a JWT with an `exp`. */
export const tokenExpiresAt = (token: string): number | null => claimMs(token, 'exp');

/** A JWT's `iat` in ms since the epoch, or null. */
export const tokenIssuedAt = (token: string): number | null => claimMs(token, 'iat');

function claimMs(token: string, claim: 'exp' | 'iat'): number | null {
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const claims: unknown = JSON.parse(decodeBase64Url(payload));
    const seconds = (claims as Record<string, unknown> | null)?.[claim];
    return typeof seconds === 'number' && Number.isFinite(seconds) ? seconds * 1000 : null;
  } catch {
    return null;
  }
}

/** base64url text to a string (atob: the same in browsers and Node, no Buffer). */
export function decodeBase64Url(text: string): string {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return new TextDecoder().decode(Uint8Array.from(binary, (char) => char.charCodeAt(0)));
}
