import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite, Mutex, types } from '@electric-sql/pglite';
import type { PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';
import type { PoolStats } from '../observability/metrics.js';

/** A pool over one PGlite session, which counts its lease and the checkouts waiting for it. */
export interface PGlitePool extends PostgresPool {
  stats(): PoolStats;
}

/**
 * Presents one PGlite instance as the pool Kysely's PostgresDialect expects.
 * PGlite has a single session, so a connection is an exclusive lease: a transaction
 * holds it until it commits, and no other query can interleave with it.
 */
export function createPGlitePool(pglite: PGlite): PGlitePool {
  const lease = new Mutex();
  let waiting = 0;
  let leased = false;
  return {
    stats: () => ({ total: 1, idle: leased ? 0 : 1, waiting }),
    async connect(): Promise<PostgresPoolClient> {
      waiting += 1;
      const release = await lease.acquire().finally(() => (waiting -= 1));
      leased = true;
      let released = false;
      const client = {
        async query<R>(sql: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>> {
          const result = await pglite.query<R>(sql, parameters as unknown[]);
          const { command } = result as unknown as { command: PostgresQueryResult<R>['command'] };
          return {
            command,
            rowCount: result.affectedRows ?? result.rows.length,
            rows: result.rows,
          };
        },
        release() {
          if (released) return;
          released = true;
          leased = false;
          release();
        },
      };
      return client as PostgresPoolClient;
    },
    async end() {
      await pglite.close();
    },
  };
}

/** Opens PGlite with the same int8/numeric handling as node-postgres (strings), so both backends agree. */
export async function openPGlite(dataDir: string | undefined): Promise<PGlite> {
  // PGlite creates only the last directory of the path; a fresh DATA_DIR needs its parents.
  if (dataDir) mkdirSync(path.dirname(dataDir), { recursive: true });
  return PGlite.create(dataDir, {
    parsers: { [types.INT8]: (value: string) => value, [types.NUMERIC]: (value: string) => value },
  });
}
