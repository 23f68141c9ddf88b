import { createHash } from 'node:crypto';
import {
  Kysely,
  PostgresAdapter,
  PostgresDialect,
  type Transaction,
  type LogEvent,
  type PostgresPool,
  type PostgresPoolClient,
} from 'kysely';
import pg from 'pg';
import type { Logger } from 'pino';
import type { DatabaseTarget } from '../config.js';
import { lockDataDir } from './data-dir-lock.js';
import type { PoolStats } from '../observability/metrics.js';
import { createPGlitePool, openPGlite, type PGlitePool } from './pglite-pool.js';
import type { Database } from './tables.js';

export type Db = Kysely<Database>;
/** A transaction on `Db`: what a statement that must commit with others runs on. */
export type Trx = Transaction<Database>;

/** Each database's pool counts (Kysely keeps its pool to itself). */
const poolStatsByDb = new WeakMap<Db, () => PoolStats>();

/** The connections of the pool under `db`, for metrics: PGlite has one session, leased or idle. */
export function poolStats(db: Db): PoolStats {
  return poolStatsByDb.get(db)?.() ?? { total: 0, idle: 0, waiting: 0 };
}

function withPoolStats(db: Db, stats: () => PoolStats): Db {
  poolStatsByDb.set(db, stats);
  return db;
}

/**
 * Opens Kysely over PostgreSQL (a pg Pool) or embedded PGlite, per the configured target. On
 * PostgreSQL, a statement running longer than `statementTimeoutSeconds` is cancelled by the server
 * and a connection that stops answering is dropped; null (for migrations) sets neither, and lifts
 * any default timeout of the role or database for the migrations' transaction.
 *
 * The timeout reaches PostgreSQL two ways, neither of which leaves anything on a connection that a
 * pooler in transaction mode (PgBouncer) could hand to another client: as a startup parameter of
 * each connection (every statement), and with `set local` in every transaction's `begin` (that
 * transaction only). A pooler refuses the startup parameter (PgBouncer: "unsupported startup
 * parameter"): then connections are opened without it, transactions keep their timeout, and
 * statements outside one get the role's or database's default (see docs/pgbouncer.md).
 */
export async function createDatabase(
  target: DatabaseTarget,
  logger: Logger,
  {
    statementTimeoutSeconds,
    preparedStatements,
  }: { statementTimeoutSeconds: number | null; preparedStatements: boolean },
): Promise<Db> {
  const log = (event: LogEvent) => {
    if (event.level === 'error') {
      logger.debug({ sql: event.query.sql, err: event.error }, 'query failed');
    } else {
      logger.debug({ sql: event.query.sql, ms: Number(event.queryDurationMillis.toFixed(2)) }, 'query');
    }
  };
  const options = logger.isLevelEnabled('debug') ? { log } : {};

  if (target.kind === 'postgres') {
    const timeoutMs = statementTimeoutSeconds === null ? null : statementTimeoutSeconds * 1000;
    const pool = new pg.Pool({
      connectionString: target.url,
      max: 20,
      // Fail fast when PostgreSQL is away: callers get SERVICE_UNAVAILABLE instead of a hanging request.
      connectionTimeoutMillis: 3_000,
      ...(timeoutMs === null ? {} : { statement_timeout: timeoutMs }),
    });
    // An idle client losing its connection emits 'error' on the pool; without a listener it would crash the process.
    pool.on('error', (err) => logger.warn({ err }, 'idle PostgreSQL client error'));
    // A checked-out one emits it on itself, and its running query fails with the same error.
    pool.on('connect', (client) => client.on('error', (err) => logger.debug({ err }, 'PostgreSQL client error')));
    const checkouts = dropStalledClients(pool, logger, timeoutMs === null ? null : timeoutMs + STALL_MARGIN_MS);
    const names = preparedStatements ? new StatementNames() : null;
    const db = new Kysely<Database>({
      dialect: new ChatPostgresDialect({ pool: wrapPool(pool, names, logger, checkouts.dropAll, timeoutMs) }),
      ...options,
    });
    return withPoolStats(db, () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }));
  }

  const pool =
    target.kind === 'pglite-memory'
      ? createPGlitePool(await openPGlite(undefined))
      : await openLockedPGlite(target.dataDir);
  return withPoolStats(new Kysely<Database>({ dialect: new ChatPostgresDialect({ pool }), ...options }), pool.stats);
}

/**
 * Kysely's Migrator locks with a session-level advisory lock, taken and released in statements of
 * their own outside the migrations' transaction. Behind a pooler in transaction mode (PgBouncer)
 * those three run on whichever server connections are free: the unlock misses the lock, which then
 * stays on a pooled server connection, and another instance's migrations given that connection
 * take it again (advisory locks are re-entrant) and run at the same time. migrateToLatest
 * (migrator.ts) takes a transaction-scoped lock inside its one transaction instead; the Migrator's
 * own is a no-op here.
 */
class TransactionLockedMigrationsAdapter extends PostgresAdapter {
  override async acquireMigrationLock(): Promise<void> {}
  override async releaseMigrationLock(): Promise<void> {}
}

class ChatPostgresDialect extends PostgresDialect {
  override createAdapter() {
    return new TransactionLockedMigrationsAdapter();
  }
}

/**
 * PGlite on a directory this process has locked (see data-dir-lock.ts); the lock is released when
 * the pool ends, or at once if PGlite fails to open. Throws DataDirLockedError while another
 * process holds it.
 */
async function openLockedPGlite(dataDir: string): Promise<PGlitePool> {
  const lock = lockDataDir(dataDir);
  let pool: PGlitePool;
  try {
    pool = createPGlitePool(await openPGlite(dataDir));
  } catch (err) {
    lock.release();
    throw err;
  }
  return {
    stats: () => pool.stats(),
    connect: () => pool.connect(),
    end: () => pool.end().finally(() => lock.release()),
  };
}

/**
 * Names for the statements sent to PostgreSQL, so that each is parsed once per connection (a named
 * prepared statement) instead of at every execution, and planned once where PostgreSQL's plan cache
 * settles on a generic plan: for our small statements that was most of PostgreSQL's work
 * (`npx tsx bench/w3-send.ts`: PostgreSQL's CPU per sendMessage). A text with parameters is named
 * from its second use, so one-off texts are not kept, and at most MAX_NAMED_STATEMENTS at a time:
 * each costs memory on every connection that ran it, and texts with an `in (…)` list differ with
 * the list's length. A name is derived from the text, so it means the same statement in every
 * instance.
 */
class StatementNames {
  private readonly texts = new Map<string, { name: string | null; generation: number }>();
  private named = 0;
  private disabled = false;

  nameFor(text: string, parameterCount: number): string | undefined {
    if (this.disabled || parameterCount === 0) return undefined;
    const tracked = this.texts.get(text);
    if (!tracked) {
      if (this.texts.size < MAX_TRACKED_STATEMENTS) this.texts.set(text, { name: null, generation: 0 });
      return undefined;
    }
    if (tracked.name) return tracked.name;
    if (this.named >= MAX_NAMED_STATEMENTS) return undefined;
    this.named += 1;
    const digest = createHash('sha1').update(text).digest('hex').slice(0, 24);
    return (tracked.name = `s_${digest}_${tracked.generation}`);
  }

  /** `name` gets a successor at the text's next use, so every connection prepares it afresh. */
  replace(text: string, name: string): void {
    const tracked = this.texts.get(text);
    if (tracked?.name !== name) return; // another connection has replaced it already
    tracked.name = null;
    tracked.generation += 1;
    this.named -= 1;
  }

  /** No statement is named from now on. */
  disable(): void {
    this.disabled = true;
  }
}

const MAX_NAMED_STATEMENTS = 200;
const MAX_TRACKED_STATEMENTS = 2_000;

type PgError = { code?: string; routine?: string; message?: string };

/**
 * PostgreSQL refuses to run a prepared statement whose result columns changed since it was
 * prepared (`select *` or `returning *` after a migration added a column, while this instance
 * runs): nothing ran, and the statement can be prepared anew.
 */
const isStalePlan = (err: PgError) =>
  err.code === '0A000' &&
  (err.routine === 'RevalidateCachedQuery' || /cached plan must not change result type/.test(err.message ?? ''));

/**
 * A named statement the connection should have and does not, or should not have and does: the
 * connection is shared through a pooler (PgBouncer in transaction mode) that does not keep
 * prepared statements per client.
 */
const isPoolerMismatch = (err: PgError) => err.code === '26000' || err.code === '42P05';

/** Kysely's `begin` or `start transaction …`: the statement that opens a transaction. */
const opensTransaction = (text: string) => /^\s*(begin|start\s+transaction)\b/i.test(text);

/**
 * A pooler refused the statement timeout as a startup parameter (PgBouncer sends 08P01
 * "unsupported startup parameter: statement_timeout", unless told to ignore it).
 */
const isTimeoutParameterRefused = (err: PgError) =>
  /unsupported startup parameter: statement_timeout/.test(err.message ?? '');

/**
 * The pool as Kysely sees it: every query made through pg's callback form instead of the promise
 * form Kysely calls, and named for preparation when `names` is given.
 *
 * Every transaction's `begin` carries `set local statement_timeout` in the same simple-protocol
 * message (no extra round trip): `timeoutMs`, or 0 (none) when null. On a connection of its own
 * that repeats the startup parameter; through a pooler in transaction mode, where the startup
 * parameter cannot be used, it is what gives transactions their timeout, and it ends with the
 * transaction instead of staying on a server connection that other clients get next. If the
 * pooler refuses the startup parameter, the pool stops sending it (logged once) and connects
 * again.
 *
 * The callback form: with the promise form, each result (rows, their strings and dates) outlives
 * V8's young-generation collections and is copied to the old generation, which only full
 * collections clear: on a page of 50 messages, ~30 KB promoted per request and scavenges ten times
 * as long (`npx tsx bench/gc-promotion.ts`, cases pg-promise and pg-callback). Same results, same
 * errors; one wrapper per pooled client, kept for the client's life, because Kysely keys its
 * connection objects by the client it is given.
 *
 * A statement refused as stale (isStalePlan) gets a new name and runs once more unnamed. On a
 * pooler mismatch (isPoolerMismatch) naming stops for good and the statement runs once more
 * unnamed. Inside a transaction that retry fails too (the transaction is aborted), and the first
 * error is reported: the transaction fails once.
 */
function wrapPool(
  pool: pg.Pool,
  names: StatementNames | null,
  logger: Logger,
  dropCheckedOut: () => void,
  timeoutMs: number | null,
): PostgresPool {
  const wrappers = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  const run = (client: pg.PoolClient, config: pg.QueryConfig) =>
    new Promise<pg.QueryResult>((resolve, reject) => {
      client.query(config, (err: Error | undefined, result: pg.QueryResult) => (err ? reject(err) : resolve(result)));
    });
  const setLocalTimeout = `; set local statement_timeout = ${timeoutMs ?? 0}`;
  const wrap = (client: pg.PoolClient): PostgresPoolClient => ({
    // Kysely passes a cursor instead of SQL only to stream, which needs a cursor class we do not configure.
    query: (async (text: string, parameters: readonly unknown[]) => {
      const values = parameters as unknown[];
      if (values.length === 0 && opensTransaction(text)) {
        // Two statements in one simple query: pg answers with a result for each; the begin's is Kysely's.
        const results = (await run(client, { text: text + setLocalTimeout })) as unknown as pg.QueryResult[];
        return results[0];
      }
      const name = names?.nameFor(text, values.length);
      if (!name) return run(client, { text, values });
      try {
        return await run(client, { text, values, name });
      } catch (err) {
        if (isStalePlan(err as PgError)) {
          names!.replace(text, name);
          logger.warn({ statement: name }, 'prepared statement outdated by a schema change; preparing it again');
        } else if (isPoolerMismatch(err as PgError)) {
          names!.disable();
          logger.warn(
            { err },
            'prepared statements are not kept on these PostgreSQL connections (a pooler in transaction mode?): ' +
              'no longer preparing them; set PREPARED_STATEMENTS=false',
          );
        } else {
          throw err;
        }
        return run(client, { text, values }).catch((retryErr: unknown) => {
          throw (retryErr as PgError).code === '25P02' ? err : retryErr;
        });
      }
    }) as unknown as PostgresPoolClient['query'],
    // pg-pool gives the client a new release function at every checkout: look it up each time.
    release: (destroy) => client.release(destroy),
  });
  let timeoutParameterDropped = false;
  const connectWithoutTimeoutParameter = (err: unknown) => {
    if (!isTimeoutParameterRefused(err as PgError)) throw err;
    if (timeoutParameterDropped) return pool.connect(); // a connect begun before it was dropped
    timeoutParameterDropped = true;
    delete pool.options.statement_timeout;
    logger.warn(
      'the connection to PostgreSQL refused statement_timeout as a startup parameter (a pooler: PgBouncer?): ' +
        'connecting without it; transactions set it themselves, statements outside one get the default of ' +
        'the database role (ALTER ROLE … SET statement_timeout)',
    );
    return pool.connect();
  };
  return {
    connect: async () => {
      const client = await pool.connect().catch(connectWithoutTimeoutParameter);
      let wrapper = wrappers.get(client);
      if (!wrapper) wrappers.set(client, (wrapper = wrap(client)));
      return wrapper;
    },
    end: () => {
      // The pool ends after the server's grace period, so a client still checked out belongs to a
      // request already cut; a PostgreSQL gone silent would hold it, and the stop, for good.
      const cut = setTimeout(dropCheckedOut, END_GRACE_MS).unref();
      return pool.end().finally(() => clearTimeout(cut));
    },
  };
}

/** How long ending the pool waits for checked-out clients before cutting their connections. */
const END_GRACE_MS = 2_000;

/**
 * A client checked out for this long past the statement timeout belongs to a server that stopped
 * answering: a live one would have cancelled the statement by then.
 */
const STALL_MARGIN_MS = 5_000;

/**
 * Cuts the connection of any client checked out for longer than `stalledAfterMs` (none without a
 * statement timeout), and of every checked-out client on `dropAll` (at the end), so a request
 * waiting on a PostgreSQL that went silent (no RST: a partition, a failed-over host) fails with
 * SERVICE_UNAVAILABLE instead of hanging for TCP's retransmission timeout.
 *
 * One sweep a second instead of pg's `query_timeout`, which arms a timer per query: with it, query
 * results are promoted out of V8's young generation instead of dying there (`npx tsx
 * bench/gc-promotion.ts`, cases pg and pg-query-timeout: mark-compacts where there were none, and
 * scavenges ten times as long).
 */
function dropStalledClients(pool: pg.Pool, logger: Logger, stalledAfterMs: number | null): { dropAll: () => void } {
  const checkedOut = new Map<pg.PoolClient, number>();
  pool.on('acquire', (client) => checkedOut.set(client, performance.now()));
  pool.on('release', (_err, client) => checkedOut.delete(client));
  pool.on('remove', (client) => checkedOut.delete(client as pg.PoolClient));
  const drop = (client: pg.PoolClient) => {
    checkedOut.delete(client);
    (client as unknown as pg.Client).connection.stream.destroy();
  };
  const dropAll = () => [...checkedOut.keys()].forEach(drop);
  if (stalledAfterMs === null) return { dropAll };
  const sweep = setInterval(() => {
    if (pool.ending) return clearInterval(sweep);
    const stalledSince = performance.now() - stalledAfterMs;
    for (const [client, since] of checkedOut) {
      if (since > stalledSince) continue;
      logger.warn(`PostgreSQL did not answer for ${stalledAfterMs / 1000} s; dropping the connection`);
      drop(client);
    }
  }, 1_000);
  sweep.unref();
  return { dropAll };
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
    ['57P01', '57P02', '57P03', '53300', '57014'].includes(code) ||
    /Connection terminated|timeout exceeded when trying to connect|not queryable/i.test(message)
  );
}
