import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GraphQLContext } from '../../graphql/context.js';
import { badInput, forbidden, unauthenticated } from '../../platform/errors.js';
import type { AuthPayload } from './accounts.service.js';

/**
 * The opt-in browser mode: a request that sends `X-Refresh-Cookie: 1` gets its refresh token as an
 * HttpOnly cookie instead of in the body, so page scripts (and an XSS) never hold it. The header is
 * also the CSRF guard: a cross-origin page can only send it after a CORS preflight the server
 * answers for CORS_ORIGINS alone, and SameSite=Strict keeps the cookie off cross-site requests.
 */
export const REFRESH_COOKIE_HEADER = 'x-refresh-cookie';
export const REFRESH_COOKIE_NAME = 'chat_refresh';
/** Only refreshToken and logOut (POST /graphql) need it; nothing else ever carries it. */
const COOKIE_PATH = '/graphql';

export interface RefreshCookieMode {
  /** The refresh token the browser presented, if any. */
  presented: string | null;
  /**
   * More than one value came: another site on this host (another port, a sibling subdomain) may
   * have planted its own; none is used.
   */
  ambiguous: boolean;
  /** Sets the cookie from a fresh pair and blanks the body's copy. */
  deliver(payload: AuthPayload): AuthPayload;
  /** Expires the cookie (logOut, or a refresh token that no longer works). */
  clear(): void;
}

/** The mode of this request: null unless it is HTTP and opted in. FORBIDDEN from a foreign origin. */
export function refreshCookieMode(context: GraphQLContext): RefreshCookieMode | null {
  const res = context.httpResponse;
  const req = res?.req;
  if (!res || !req || req.headers[REFRESH_COOKIE_HEADER] !== '1') return null;
  if (!originAllowed(req, context.config.corsOrigins)) {
    throw forbidden('The refresh cookie is only served to this server’s own origin or CORS_ORIGINS.');
  }
  const values = readCookies(req.headers.cookie, REFRESH_COOKIE_NAME);
  return {
    presented: values.length === 1 ? values[0]! : null,
    ambiguous: values.length > 1,
    deliver(payload) {
      const maxAge = Math.max(0, Math.floor((payload.refreshTokenExpiresAt.getTime() - Date.now()) / 1000));
      setCookie(res, serializeCookie(payload.refreshToken, maxAge));
      return { ...payload, refreshToken: '' };
    },
    clear: () => setCookie(res, serializeCookie('', 0)),
  };
}

/** A fresh pair as the request asked for it: in the body, or the refresh token as the cookie. */
export function deliverTokens(mode: RefreshCookieMode | null, payload: AuthPayload): AuthPayload {
  return mode?.deliver(payload) ?? payload;
}

/**
 * The refresh token to rotate: the argument, else (in cookie mode) the cookie. In cookie mode the
 * cookie is expired up front: the response sets a new one when the rotation succeeds, and a token
 * that fails stays useless to the browser.
 */
export function presentedRefreshToken(mode: RefreshCookieMode | null, argument: string | null | undefined): string {
  if (!mode) {
    if (argument == null) {
      throw badInput('refreshToken', 'refreshToken is required (or X-Refresh-Cookie: 1 over HTTP).');
    }
    return argument;
  }
  mode.clear();
  if (argument) return argument;
  if (mode.ambiguous) throw unauthenticated('More than one refresh cookie was sent: log in again.');
  if (!mode.presented) throw unauthenticated('No refresh token: log in again.');
  return mode.presented;
}

/**
 * Defence in depth behind the preflight: a browser names the page's origin on every cross-origin
 * POST (and on same-origin ones too, in current browsers); it must be ours or an allowed one.
 * `*` is not enough for a credential: it must be named.
 */
function originAllowed(req: IncomingMessage, corsOrigins: string[]): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  const ownHost = req.headers.host?.toLowerCase();
  try {
    if (new URL(origin).host.toLowerCase() === ownHost) return true;
  } catch {
    return false;
  }
  return corsOrigins.includes(origin);
}

function serializeCookie(value: string, maxAgeSeconds: number): string {
  return `${REFRESH_COOKIE_NAME}=${value}; Max-Age=${maxAgeSeconds}; Path=${COOKIE_PATH}; HttpOnly; Secure; SameSite=Strict`;
}

/** Sets our cookie, replacing an earlier value of it in this response (a clear, then a new pair). */
function setCookie(res: ServerResponse, cookie: string): void {
  const existing = res.getHeader('set-cookie');
  const list = existing === undefined ? [] : Array.isArray(existing) ? existing : [String(existing)];
  res.setHeader('set-cookie', [...list.filter((each) => !each.startsWith(`${REFRESH_COOKIE_NAME}=`)), cookie]);
}

/** Every value of one cookie in a Cookie header; refresh tokens are URL-safe, so no decoding. */
export function readCookies(header: string | undefined, name: string): string[] {
  const values: string[] = [];
  for (const pair of (header ?? '').split(';')) {
    const separator = pair.indexOf('=');
    if (separator > 0 && pair.slice(0, separator).trim() === name) values.push(pair.slice(separator + 1).trim());
  }
  return values.filter(Boolean);
}
