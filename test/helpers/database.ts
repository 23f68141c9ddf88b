import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The PostgreSQL server to test against, or null for the embedded database. Set by DATABASE_URL. */
export const postgresUrl = /^postgres(ql)?:\/\//.test(process.env.DATABASE_URL ?? '')
  ? process.env.DATABASE_URL!
  : null;

export interface TestDatabase {
  /** The DATABASE_URL a server under test should use. */
  url: string;
  drop(): Promise<void>;
}

/**
 * A database of its own for one test server: a freshly created PostgreSQL database when testing
 * against PostgreSQL (dropped afterwards), otherwise an in-memory PGlite. Fails loudly, never skips,
 * when PostgreSQL is configured but unreachable.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  if (!postgresUrl) return { url: 'memory://', drop: async () => {} };
  const name = `chat_test_${randomBytes(6).toString('hex')}`;
  await withAdminClient((client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(postgresUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () =>
      withAdminClient((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => {}),
  };
}

async function withAdminClient<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: postgresUrl!, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
