import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { buildApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/platform/config.js';
import { RATE_LIMIT_DEFAULTS } from '../../src/platform/rate-limits.js';
import { createTestDatabase } from './database.js';

export const GENEROUS_RATE_LIMITS = Object.keys(RATE_LIMIT_DEFAULTS)
  .map((name) => (name === 'queryCost' ? `${name}=1000000000/1s` : `${name}=1000000/1s`))
  .join(',');

const memoryPrefix = `test-${randomBytes(4).toString('hex')}`;
function redisPrefixFor(databaseUrl: string) {
  // An embedded database (in memory, or under a directory) is this server's alone.
  const name = /^postgres(ql)?:\/\//.test(databaseUrl)
    ? new URL(databaseUrl).pathname.slice(1)
    : `${memoryPrefix}-${randomBytes(4).toString('hex')}`;
  return `${name}:`;
}

export const TEST_JWT_SECRET = 'test-secret-that-is-at-least-32-bytes-long!';

export interface TestServer {
  app: App;
  /** http://127.0.0.1:PORT/graphql */
  url: string;
  /** ws://127.0.0.1:PORT/graphql */
  wsUrl: string;
  origin: string;
  /** The metrics server's `GET /metrics`, when `METRICS_PORT` is set. */
  metricsUrl: string | undefined;
  databaseUrl: string;
  /** Stops the server and drops its database (unless `keepDatabase`). */
  stop(): Promise<void>;
}

/**
 * Starts a real server on a free port with its own database. `env` overrides the environment the
 * server is configured from, exactly as the process would read it.
 */
export async function startServer(
  options: {
    env?: Record<string, string>;
    databaseUrl?: string;
    keepDatabase?: boolean;
    logger?: Logger;
    /** Leave REDIS_PREFIX unset, as a deployment would: the server derives its own from its database. */
    defaultRedisPrefix?: boolean;
    /** Leave out the suite's REDIS_URL: for a server given another Redis (REDIS_CLUSTER_NODES). */
    withoutRedisUrl?: boolean;
  } = {},
): Promise<TestServer> {
  // A database is created only when nothing names one: an env DATABASE_URL (the embedded database
  // under a DATA_DIR, say) would leave a created one unused, and never dropped.
  const named = options.databaseUrl ?? options.env?.DATABASE_URL;
  const database = named !== undefined ? { url: named, drop: async () => {} } : await createTestDatabase();
  const config = loadConfig({
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    JWT_SECRET: TEST_JWT_SECRET,
    DATABASE_URL: database.url,
    ...(process.env.REDIS_URL && !options.withoutRedisUrl ? { REDIS_URL: process.env.REDIS_URL } : {}),
    // Test files share one Redis but not their databases (ids repeat across them): one namespace
    // per database keeps their channels and counters apart, and instances on one database together.
    ...(options.defaultRedisPrefix ? {} : { REDIS_PREFIX: redisPrefixFor(database.url) }),
    // Suites sign up and send far more from one address than a person would; the limits have
    // their own tests (test/limits.test.ts), which set tight values.
    RATE_LIMITS: GENEROUS_RATE_LIMITS,
    // Tests that run as production need no load balancer's grace at stop.
    SHUTDOWN_DELAY_MS: '0',
    ...options.env,
  });
  const app = await buildApp(config, { logger: options.logger });
  const { port, metricsUrl } = await app.start();
  const origin = `http://127.0.0.1:${port}`;
  return {
    app,
    url: `${origin}/graphql`,
    wsUrl: `ws://127.0.0.1:${port}/graphql`,
    origin,
    metricsUrl,
    databaseUrl: database.url,
    async stop() {
      await app.stop();
      if (!options.keepDatabase) await database.drop();
    },
  };
}
