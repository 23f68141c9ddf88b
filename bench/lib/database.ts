import { randomBytes, randomInt } from 'node:crypto';
import pg from 'pg';
import { benchEnv } from './env.js';
import { onCleanup } from './cleanup.js';

const PREFIX = 'chat_bench_';

async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: benchEnv.pgUrl, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export interface BenchDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/**
 * A fresh database on the local PostgreSQL, named after this process so a later run can tell a
 * leftover from a live one; dropped at cleanup even when the workload fails.
 */
export async function createBenchDatabase(): Promise<BenchDatabase> {
  const name = `${PREFIX}${process.pid}_${randomBytes(4).toString('hex')}`;
  await withAdmin((client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(benchEnv.pgUrl);
  url.pathname = `/${name}`;
  let dropped: Promise<void> | undefined;
  const drop = () =>
    (dropped ??= withAdmin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => {}));
  onCleanup(`drop database ${name}`, drop);
  return { name, url: url.toString(), drop };
}

/** Drops bench databases left by runs whose process no longer exists (a kill -9, a crash). */
export async function dropStaleBenchDatabases(): Promise<string[]> {
  return withAdmin(async (client) => {
    const { rows } = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE '${PREFIX}%'`,
    );
    const dropped: string[] = [];
    for (const { datname } of rows) {
      const pid = Number(/^chat_bench_(\d+)_/.exec(datname)?.[1]);
      if (pid && pidAlive(pid)) continue;
      await client.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
      dropped.push(datname);
    }
    return dropped;
  });
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Moves the id sequences of a freshly migrated database to a random high range. Pub/sub channels
 * are keyed by room and user ids and Redis is shared by everything on this machine (tests running
 * with REDIS_URL, another bench): distinct ids keep their events and ours apart.
 */
export async function offsetIdentities(url: string): Promise<void> {
  const base = randomInt(1_000_000, 9_000_000) * 1_000_000;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const table of ['users', 'rooms', 'messages', 'friend_requests']) {
      await client.query(`ALTER TABLE ${table} ALTER COLUMN id RESTART WITH ${base}`);
    }
  } finally {
    await client.end();
  }
}

/** A pg client on a bench database, closed at cleanup. */
export async function connectClient(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  onCleanup('close pg client', () => client.end().catch(() => {}));
  return client;
}

/**
 * The deployment id the servers on this database stamp on every pub/sub event (migration
 * 0003_deployment, one row): read as any outsider can, from the table. Their Redis channels are
 * prefixed with REDIS_PREFIX, which the bench sets (lib/server.ts); without it the server would
 * use `chat:<this id>:`.
 */
export async function readDeploymentId(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string }>('SELECT id FROM deployment');
    if (rows.length !== 1 || !rows[0]!.id) {
      throw new Error(`expected one row in the deployment table of ${url}, found ${rows.length}`);
    }
    return rows[0]!.id;
  } finally {
    await client.end();
  }
}
