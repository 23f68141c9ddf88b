import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Config } from '../platform/config.js';

/**
 * Request headers a page on an allowed origin may send: the bearer token, JSON bodies, Apollo's
 * multipart `Accept` (its quotes make it a non-safelisted value, so it is preflighted), the opt-in
 * refresh cookie mode and a request id of the client's own.
 */
const ALLOWED_HEADERS = 'accept, authorization, content-type, x-refresh-cookie, x-request-id';
/** Response headers such a page may read: how long to back off, and the id to quote in a bug report. */
const EXPOSED_HEADERS = 'retry-after, x-request-id';
const ALLOWED_METHODS = 'GET, POST, OPTIONS';

/**
 * Sets CORS headers on a response, before anything answers it: every response to an allowed origin
 * carries them (refusals before GraphQL, probes and errors too), so a browser app reads the coded
 * error instead of an opaque "Failed to fetch". Returns true when it answered a preflight itself.
 *
 * CORS_ORIGINS empty: no headers, so browsers keep the API same-origin. `*`: any origin, without
 * credentials (browsers refuse `*` with them). A list: those origins, with credentials (the
 * refresh cookie). Synchronous on purpose: nothing may come between the request and its handler
 * while a draining server decides whether to keep the connection alive (see ConnectionDrain).
 */
export function createCors(config: Pick<Config, 'corsOrigins' | 'corsMaxAgeSeconds'>) {
  const anyOrigin = config.corsOrigins.includes('*');
  const listed = new Set(config.corsOrigins);
  const maxAge = String(config.corsMaxAgeSeconds);
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    if (listed.size === 0) return false;
    // A cache in front must not hand one origin's answer to another.
    if (!anyOrigin) res.setHeader('vary', 'Origin');
    const origin = req.headers.origin;
    if (!origin || (!anyOrigin && !listed.has(origin))) return false;
    res.setHeader('access-control-allow-origin', anyOrigin ? '*' : origin);
    if (!anyOrigin) res.setHeader('access-control-allow-credentials', 'true');
    res.setHeader('access-control-expose-headers', EXPOSED_HEADERS);
    if (req.method !== 'OPTIONS' || !req.headers['access-control-request-method']) return false;
    res.writeHead(204, {
      'access-control-allow-methods': ALLOWED_METHODS,
      'access-control-allow-headers': ALLOWED_HEADERS,
      'access-control-max-age': maxAge,
      // Safari waits for a body on a 204 without one.
      'content-length': '0',
    });
    res.end();
    return true;
  };
}
