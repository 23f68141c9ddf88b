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
      connectionTimeoutMillis: 5_000,
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
