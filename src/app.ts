import type { Logger } from 'pino';
import type { Config } from './platform/config.js';
import { SessionChecks } from './features/accounts/session-checks.js';
import { SessionExpiry } from './features/accounts/session-expiry.js';
import { createDatabase, type Db } from './platform/db/database.js';
import { readDeploymentId } from './platform/db/deployment.js';
import { migrateToLatest } from './platform/db/migrator.js';
import { createLogger } from './platform/logger.js';
import { startMetricsServer, type MetricsServer } from './platform/observability/metrics-server.js';
import { createObservability, probeDependencies } from './platform/observability/observability.js';
import { createPubSub } from './platform/broker/pubsub.js';
import type { TopicEvents } from './features/topics.js';
import { SocketSessions } from './realtime/socket-sessions.js';
import { MemoryPresenceStore, type PresenceStore } from './features/presence/presence-store.js';
import { RedisPresenceStore } from './features/presence/redis-presence-store.js';
import { PresenceHub } from './realtime/presence-hub.js';
import { InboxHub } from './realtime/inbox-hub.js';
import { SubscriptionQuota } from './realtime/subscription-quota.js';
import { RoomHubs } from './realtime/room-hub.js';
import { ReadReceiptPublisher } from './features/rooms/read-receipts.js';
import { KeyedThrottle } from './platform/keyed-throttle.js';
import { redisTarget } from './platform/redis-connection.js';
import { DEVELOPMENT_RATE_LIMIT_FACTOR, RateLimiter } from './platform/rate-limits.js';
import { createServer, databaseReachable } from './server.js';
import type { AppDeps } from './graphql/context.js';

/** Typing signals closer together than this are coalesced (the indicator lasts longer, see TYPING_TTL_MS). */
const TYPING_THROTTLE_MS = 1_000;

export interface App {
  /**
   * Listens on config.port (0 picks a free port), and serves metrics on config.metricsPort when
   * set; resolves with the addresses actually bound.
   */
  start(): Promise<{ port: number; url: string; metricsUrl?: string }>;
  /** Graceful stop: refuse new work, close sockets with 1001, finish in-flight requests, close pools. */
  stop(): Promise<void>;
  deps: AppDeps;
}

/** Opens the database, applies migrations and builds the server; nothing listens until start(). */
export async function buildApp(config: Config, options: { logger?: Logger } = {}): Promise<App> {
  const { logger, metrics, requestLog } = createObservability(config, options.logger ?? createLogger(config));
  warnIfEmbeddedInProduction(config, logger);
  const { db, deploymentId } = await openDatabase(config, logger);
  // Once the database is there: a start that fails on it says that alone.
  warnIfDevelopmentLimitsOnPostgres(config, logger);
  const redisPrefix = config.redisPrefix ?? `chat:${deploymentId}:`;
  const redis = redisTarget(config);
  if (redis) logger.info({ redisPrefix, redis: redis.kind }, 'redis namespace');
  const pubsub = createPubSub<TopicEvents>({ redis, prefix: redisPrefix, deploymentId }, logger);
  const limits = new RateLimiter(config.rateLimits, redis, redisPrefix, logger, (name) => requestLog.rateLimited(name));
  const roomHubs = new RoomHubs(db, pubsub, logger);
  const presence = new PresenceHub(db, pubsub, createPresenceStore(config, redisPrefix, logger), logger);
  const deps: AppDeps = {
    config,
    db,
    logger,
    pubsub,
    limits,
    typingThrottle: new KeyedThrottle(TYPING_THROTTLE_MS),
    roomHubs,
    readReceipts: new ReadReceiptPublisher(pubsub),
    inboxHub: new InboxHub(db, pubsub, roomHubs),
    subscriptionQuota: new SubscriptionQuota(),
    sessionChecks: new SessionChecks(db, pubsub),
    socketSessions: new SocketSessions(pubsub, db, logger, presence),
    presence,
    metrics,
    requestLog,
  };
  probeDependencies(deps);
  const sessionExpiry = new SessionExpiry(db, config, logger);
  const server = createServer(deps, async () => {
    const [pubsubUp, databaseUp] = await Promise.all([pubsub.isAnswering(), databaseReachable(deps)]);
    return pubsubUp && databaseUp;
  });
  let stopping: Promise<void> | undefined;
  let metricsServer: MetricsServer | undefined;

  return {
    deps,
    async start() {
      await deps.sessionChecks.start();
      await presence.start();
      sessionExpiry.start();
      // Before the public port: a metrics port already taken fails the start before any traffic.
      if (config.metricsPort !== null) {
        metricsServer = await startMetricsServer(metrics.registry, config.metricsPort, config.metricsHost, logger);
        logger.info({ url: metricsServer.url }, 'metrics listening');
      }
      const address = await server.listen(config.port, config.host);
      const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      const url = `http://${host === '0.0.0.0' || host === '[::]' ? 'localhost' : host}:${address.port}/graphql`;
      logger.info({ url }, 'server listening');
      return { port: address.port, url, metricsUrl: metricsServer?.url };
    },
    stop() {
      stopping ??= (async () => {
        server.markUnready();
        if (config.shutdownDelayMs > 0) {
          logger.info({ ms: config.shutdownDelayMs }, 'not ready; waiting before closing');
          await new Promise((resolve) => setTimeout(resolve, config.shutdownDelayMs));
        }
        await server.close();
        deps.sessionChecks.stop();
        await sessionExpiry.stop();
        await presence.stop(); // after the sockets closed, before pub/sub: the last changes go out
        deps.readReceipts.flush();
        await pubsub.close();
        await limits.close();
        await db.destroy();
        await metricsServer?.close();
        logger.info('server stopped');
      })();
      return stopping;
    },
  };
}

/** The migrated database and the deployment id it holds; nothing stays open if either fails. */
async function openDatabase(config: Config, logger: Logger): Promise<{ db: Db; deploymentId: string }> {
  const db = await createDatabase(config.database, logger, config);
  try {
    const applied = await runMigrations(config, db, logger);
    if (applied.length) logger.info({ applied }, 'migrations applied');
    return { db, deploymentId: await readDeploymentId(db) };
  } catch (err) {
    await db.destroy();
    throw err;
  }
}

/** Presence in Redis when several instances share one, else in this process. */
function createPresenceStore(config: Config, redisPrefix: string, logger: Logger): PresenceStore {
  const target = redisTarget(config);
  if (!target) return new MemoryPresenceStore();
  const ttlMs = config.presenceTtlSeconds * 1_000;
  return new RedisPresenceStore({ target, prefix: redisPrefix, ttlMs, logger });
}

/** The embedded database is one process's (see db/data-dir-lock.ts): no second instance, no failover. */
function warnIfEmbeddedInProduction(config: Config, logger: Logger): void {
  if (config.nodeEnv !== 'production' || config.database.kind === 'postgres') return;
  logger.warn(
    { database: config.database.kind },
    'NODE_ENV=production on the embedded database (PGlite): one process only, no replicas; ' +
      'set DATABASE_URL=postgres://… for a production deployment',
  );
}

/**
 * NODE_ENV defaults to development, whose rate limits are ten times production's: a shared
 * PostgreSQL suggests a deployment that forgot NODE_ENV=production.
 */
function warnIfDevelopmentLimitsOnPostgres(config: Config, logger: Logger): void {
  if (config.nodeEnv !== 'development' || config.database.kind !== 'postgres') return;
  logger.warn(
    { factor: DEVELOPMENT_RATE_LIMIT_FACTOR },
    `NODE_ENV=development on PostgreSQL: development rate limits (${DEVELOPMENT_RATE_LIMIT_FACTOR}x production) are in effect; ` +
      'set NODE_ENV=production for a deployment',
  );
}

/**
 * Migrations run without the statement timeout (an index build may rightly take longer than any
 * request should): on PostgreSQL through a pool of their own, closed afterwards; PGlite has no
 * timeout to lift.
 */
async function runMigrations(config: Config, db: Db, logger: Logger): Promise<string[]> {
  if (config.database.kind !== 'postgres') return migrateToLatest(db);
  const migrationDb = await createDatabase(config.database, logger, {
    statementTimeoutSeconds: null,
    preparedStatements: false,
  });
  try {
    return await migrateToLatest(migrationDb);
  } finally {
    await migrationDb.destroy();
  }
}
