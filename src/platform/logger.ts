import { createRequire } from 'node:module';
import pino, { type Logger } from 'pino';
import type { Config } from './config.js';

export function createLogger(config: Pick<Config, 'logLevel' | 'nodeEnv'>): Logger {
  return pino({
    level: config.logLevel,
    redact: ['req.headers.authorization', 'password', '*.password', 'refreshToken', '*.refreshToken'],
    ...(prettyOutput(config) ? { transport: { target: 'pino-pretty', options: PRETTY_OPTIONS } } : {}),
  });
}

/** One line per entry, as in JSON: a request's fields follow its message instead of a block under it. */
const PRETTY_OPTIONS = { translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname', singleLine: true };

/**
 * Pretty lines only for a person at a terminal: in development, with stdout a TTY and pino-pretty
 * installed (a devDependency, gone after `npm prune --omit=dev`). NODE_ENV defaults to development,
 * so a container or service started without it still writes JSON for its log collector, and so
 * does `npm run dev | jq`.
 */
function prettyOutput(config: Pick<Config, 'nodeEnv'>): boolean {
  if (config.nodeEnv !== 'development' || !process.stdout.isTTY) return false;
  try {
    createRequire(import.meta.url).resolve('pino-pretty');
    return true;
  } catch {
    return false;
  }
}
