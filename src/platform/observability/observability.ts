import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { poolStats } from '../db/database.js';
import { createClientAddressOf } from '../client-address.js';
import { redisTarget } from '../redis-connection.js';
import { Metrics } from './metrics.js';
import { RequestLog } from './request-log.js';
import { RequestScopes, withRequestIds } from './request-scope.js';

export interface Observability {
  /** The app's logger: each line logged during a request's work carries its request id. */
  logger: Logger;
  metrics: Metrics;
  requestLog: RequestLog;
}

/** One app's logger, metrics and request log, sharing one request scope. */
export function createObservability(config: Config, baseLogger: Logger): Observability {
  const scopes = new RequestScopes();
  const logger = withRequestIds(baseLogger, scopes);
  const metrics = new Metrics({ runtime: config.metricsPort !== null, redis: redisTarget(config) !== null });
  const requestLog = new RequestLog(logger, metrics, scopes, createClientAddressOf(config.trustedProxies));
  return { logger, metrics, requestLog };
}

/** What the probes read: the app's dependencies, as far as metrics need them. */
interface Probed {
  metrics: Metrics;
  db: Parameters<typeof poolStats>[0];
  roomHubs: { readonly size: number };
  pubsub: { isConnected(): boolean };
}

/** Points the metrics' probes at what they read (the server adds its open sockets). */
export function probeDependencies(deps: Probed): void {
  const { metrics, db, roomHubs, pubsub } = deps;
  metrics.probes.roomHubs = () => roomHubs.size;
  metrics.probes.databasePool = () => poolStats(db);
  metrics.probes.redisConnected = () => pubsub.isConnected();
}
