import { createReadStream, realpathSync, statSync, type Stats } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';

/** Answers a request for the web app (true), or leaves it to the API (false). */
export type WebAppHandler = (req: IncomingMessage, res: ServerResponse) => boolean;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
};

/** The API's own paths: never shadowed by a file, nor by the index.html fallback. */
const API_PATHS = /^\/(graphql|health|ready|metrics)(\/|$)/;

// The app talks to its own origin only (HTTP and WebSocket); nothing inline, no frames.
const CONTENT_SECURITY_POLICY =
  "default-src 'self'; connect-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

/**
 * Serves the built web app (`vite build` output) from `dir`: GET and HEAD of its files, and
 * index.html for any other extensionless path (the app's own routes, such as /rooms/…). Vite's
 * hashed /assets/ are cached for good; everything else is revalidated.
 */
export function createWebAppHandler(dir: string): WebAppHandler {
  const root = realpathSync(path.resolve(dir));
  return (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const pathname = decodedPath(req.url);
    if (pathname === null) {
      sendNotFound(res);
      return true;
    }
    if (API_PATHS.test(pathname)) return false;
    const file = fileFor(root, pathname);
    if (file) sendFile(req, res, file, pathname.startsWith('/assets/'));
    else if (path.posix.extname(pathname) === '') sendFile(req, res, path.join(root, 'index.html'));
    else sendNotFound(res);
    return true;
  };
}

/** The URL's path, percent-decoded; null when malformed (bad escapes, NUL). */
function decodedPath(url: string | undefined): string | null {
  try {
    const pathname = decodeURIComponent(new URL(url ?? '/', 'http://localhost').pathname);
    return pathname.includes('\0') ? null : pathname;
  } catch {
    return null;
  }
}

/** The regular file under root the path names; null for anything outside root (links too) or hidden (dotfiles). */
function fileFor(root: string, pathname: string): string | null {
  const segments = pathname.split(/[/\\]/).filter(Boolean);
  if (segments.some((segment) => segment.startsWith('.'))) return null;
  const target = path.resolve(root, ...segments);
  if (!isUnder(root, target)) return null;
  const candidate = pathname.endsWith('/') ? path.join(target, 'index.html') : target;
  if (!safeStat(candidate)?.isFile()) return null;
  // A symbolic link in the build may point anywhere: serve only what really lies under root.
  const real = safeRealpath(candidate);
  return real !== null && isUnder(root, real) ? real : null;
}

const isUnder = (root: string, target: string) => target === root || target.startsWith(root + path.sep);

/**
 * stat that never throws: `throwIfNoEntry: false` covers only ENOENT, and a request names any path
 * (ENAMETOOLONG, ENOTDIR for /index.html/x, ELOOP, EACCES), so a throw here would end the process.
 */
function safeStat(file: string): Stats | undefined {
  try {
    return statSync(file, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}

function safeRealpath(file: string): string | null {
  try {
    return realpathSync(file);
  } catch {
    return null;
  }
}

function sendFile(req: IncomingMessage, res: ServerResponse, file: string, immutable = false) {
  const stat = safeStat(file);
  if (!stat?.isFile()) return sendNotFound(res);
  const type = CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
  res.writeHead(200, {
    'content-type': type,
    'content-length': stat.size,
    'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'same-origin',
    ...(type.startsWith('text/html') ? { 'content-security-policy': CONTENT_SECURITY_POLICY } : {}),
  });
  if (req.method === 'HEAD') return void res.end();
  createReadStream(file)
    .on('error', () => res.destroy())
    .pipe(res);
}

function sendNotFound(res: ServerResponse) {
  res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-cache' });
  res.end('Not found');
}
