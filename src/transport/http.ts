import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Config } from '../platform/config.js';
import { coded, type ClientErrorCode } from '../platform/errors.js';
import type { GraphQLHandler } from './yoga.js';
import type { WebAppHandler } from './web-app.js';

/** Largest HTTP request body accepted (a 1 MB field still reaches validation and gets a field error). */
export const MAX_BODY_BYTES = 2 * 1024 * 1024;

/** Where the server is in its life: /ready answers 503 once it is unready or draining. */
export interface Lifecycle {
  unready: boolean;
  draining: boolean;
}

/** With TRUSTED_HOSTS set, only those Host values pass (a DNS-rebinding guard); else any. */
export function createHostCheck(config: Pick<Config, 'trustedHosts'>): (host: string | undefined) => boolean {
  const trusted = new Set(config.trustedHosts.map((host) => host.toLowerCase()));
  return (host) => trusted.size === 0 || trusted.has((host ?? '').toLowerCase());
}

/**
 * The HTTP request listener: CORS first (its headers go on every answer below, and it answers
 * preflights), probes, then the refusals that need no GraphQL (wrong host, a body without a length
 * or over the limit, a body that is not JSON), then yoga. Synchronous up to yoga, so a draining
 * server's `Connection: close` reaches every response (see ConnectionDrain).
 */
export interface HttpRouting {
  hostAllowed: (host: string | undefined) => boolean;
  lifecycle: Lifecycle;
  readiness: () => Promise<boolean>;
  /** CORS first, on every response; true when it answered (a preflight). */
  applyCors: (req: IncomingMessage, res: ServerResponse) => boolean;
  /** The built web app (WEB_DIR), when served: true when it answered. */
  serveWebApp?: WebAppHandler;
}

export function createHttpHandler(yoga: GraphQLHandler, routing: HttpRouting) {
  const { hostAllowed, lifecycle, readiness, applyCors, serveWebApp } = routing;
  return (req: IncomingMessage, res: ServerResponse) => {
    if (applyCors(req, res)) return;
    if (!hostAllowed(req.headers.host)) return sendError(res, 421, 'MISDIRECTED_REQUEST', 'Unknown host.');
    const path = req.url?.split('?')[0];
    if (path === '/health') return sendJson(res, 200, { status: 'ok' });
    if (path === '/ready') return answerReady(res, lifecycle, readiness);
    if (serveWebApp?.(req, res)) return;
    if (req.method === 'POST') {
      const refused = refusePostBody(req, res);
      if (refused) return;
    }
    void yoga.requestListener(req, res);
  };
}

function answerReady(res: ServerResponse, lifecycle: Lifecycle, readiness: () => Promise<boolean>) {
  if (lifecycle.draining || lifecycle.unready) return sendJson(res, 503, { status: 'shutting down' });
  readiness().then(
    (ready) => sendJson(res, ready ? 200 : 503, { status: ready ? 'ready' : 'unavailable' }),
    () => sendJson(res, 503, { status: 'unavailable' }),
  );
}

/** Answers (and returns true) when a POST's body must not reach GraphQL. */
function refusePostBody(req: IncomingMessage, res: ServerResponse): boolean {
  const length = req.headers['content-length'];
  if (length === undefined) {
    sendError(res, 411, 'LENGTH_REQUIRED', 'POST requests need a Content-Length.');
    return true;
  }
  if (Number(length) > MAX_BODY_BYTES) {
    res.shouldKeepAlive = false;
    sendError(res, 413, 'PAYLOAD_TOO_LARGE', `Request bodies are limited to ${MAX_BODY_BYTES} bytes.`);
    return true;
  }
  // JSON only, as GraphQL over HTTP defines: a form, multipart, text/plain or application/graphql
  // POST is a "simple" request any web page can send cross-site without a CORS preflight (a
  // forged logIn or signUp from a visitor's browser).
  if (mediaType(req.headers['content-type']) !== 'application/json') {
    sendError(res, 415, 'UNSUPPORTED_MEDIA_TYPE', 'POST bodies must be application/json.');
    return true;
  }
  return false;
}

function sendJson(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

/** `Application/JSON; charset=utf-8` → `application/json`; '' when there is none. */
function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';', 1)[0]!.trim().toLowerCase();
}

/** A transport-level refusal, shaped like a GraphQL error response so clients parse it the same way. */
function sendError(res: ServerResponse, status: number, code: ClientErrorCode, message: string) {
  sendJson(res, status, { errors: [{ message, extensions: coded(code) }] });
}
