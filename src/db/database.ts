import { Kysely, PostgresDialect, type LogEvent } from 'kysely';
import pg from 'pg';
import type { Logger } from 'pino';
import type { DatabaseTarget } from '../config.js';
import { createPGlitePool, openPGlite } from './pglite-pool.js';
import type { Database } from './tables.js';

export type Db = Kysely<Database>;

/** Opens Kysely over PostgreSQL (a pg Pool) or embedded PGlite, per the configured target. */
export async function createDatabase(target: DatabaseTarget, logger: Logger): Promise<Db> {
  const log = (event: LogEvent) => {
    if (event.level === 'error') {
      logger.debug({ sql: event.query.sql, err: event.error }, 'query failed');
    } else {
      logger.debug({ sql: event.query.sql, ms: Number(event.queryDurationMillis.toFixed(2)) }, 'query');
    }
  };
  const options = logger.isLevelEnabled('debug') ? { log } : {};

  if (target.kind === 'postgres') {
    const pool = new pg.Pool({
      connectionString: target.url,
      max: 20,
      // Fail fast when PostgreSQL is away: callers get SERVICE_UNAVAILABLE instead of a hanging request.
      connectionTimeoutMillis: 3_000,
      // Fail a query fast instead of waiting on a stuck server forever.
      query_timeout: 15_000,
    });
    // An idle client losing its connection emits 'error' on the pool; without a listener it would crash the process.
    pool.on('error', (err) => logger.warn({ err }, 'idle PostgreSQL client error'));
    return new Kysely<Database>({ dialect: new PostgresDialect({ pool }), ...options });
  }

  const pglite = await openPGlite(target.kind === 'pglite' ? target.dataDir : undefined);
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool: createPGlitePool(pglite) }), ...options });
}

const CONNECTION_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
]);

/**
 * True when an error means "the database cannot be reached right now" rather than "this query is
 * wrong": refused or dropped connections, connect timeouts, and PostgreSQL's connection-exception
 * (08xxx), shutdown (57P01–57P03) and too-many-connections (53300) states.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown } | null;
  const code = typeof e?.code === 'string' ? e.code : '';
  const message = typeof e?.message === 'string' ? e.message : '';
  return (
    CONNECTION_ERROR_CODES.has(code) ||
    code.startsWith('08') ||
    ['57P01', '57P02', '57P03', '53300'].includes(code) ||
    /Connection terminated|timeout exceeded when trying to connect|not queryable|Query read timeout/i.test(message)
  );
}
