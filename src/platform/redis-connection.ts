import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';

/** One Redis cluster node, as REDIS_CLUSTER_NODES names it. */
export interface RedisNode {
  host: string;
  port: number;
}

/** Where Redis is: one server (REDIS_URL) or a cluster (REDIS_CLUSTER_NODES). */
export type RedisTarget = { kind: 'single'; url: string } | { kind: 'cluster'; nodes: RedisNode[] };

/** A client for either target: ioredis gives both the same commands. */
export type RedisClient = Redis | Cluster;

/** The target configured, if any (config validation refuses both at once). */
export function redisTarget(config: {
  redisUrl: string | null;
  redisClusterNodes: RedisNode[] | null;
}): RedisTarget | null {
  if (config.redisClusterNodes) return { kind: 'cluster', nodes: config.redisClusterNodes };
  if (config.redisUrl) return { kind: 'single', url: config.redisUrl };
  return null;
}

/** Parses `host:port,host:port,…` (IPv6 as `[::1]:7000`); returns an error message for a bad entry. */
export function parseClusterNodes(value: string): RedisNode[] | string {
  const nodes: RedisNode[] = [];
  for (const entry of value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)) {
    const match = /^(?:\[([0-9a-fA-F:.]+)\]|([\w.-]+)):(\d{1,5})$/.exec(entry);
    const port = Number(match?.[3]);
    if (!match || port < 1 || port > 65_535) return `bad entry "${entry}": expected host:port`;
    nodes.push({ host: match[1] ?? match[2]!, port });
  }
  return nodes.length > 0 ? nodes : 'expected at least one host:port';
}

/**
 * A client for `target` with `options` as for one server. On a cluster they apply to each node's
 * connection, `retryStrategy` becomes the cluster's reconnection, and `extra` is passed through
 * (slotsRefreshInterval, say).
 */
export function createRedisClient(
  target: RedisTarget,
  options: RedisOptions,
  extra: Partial<ClusterOptions> = {},
): RedisClient {
  if (target.kind === 'single') return new Redis(target.url, options);
  const { retryStrategy, enableOfflineQueue, ...nodeOptions } = options;
  return new Cluster(target.nodes, {
    redisOptions: nodeOptions,
    clusterRetryStrategy: retryStrategy ? (attempt) => retryStrategy(attempt) ?? null : undefined,
    enableOfflineQueue: enableOfflineQueue ?? true,
    // A command whose connection closed may have run: a client that must not have it sent twice
    // (or out of order, as presence) fails it instead of letting the cluster resend it. Errors that
    // say it did not run (MOVED, ASK, TRYAGAIN, CLUSTERDOWN) are still retried.
    retryDelayOnFailover: options.autoResendUnfulfilledCommands === false ? 0 : 100,
    ...extra,
  });
}

/** Resolves once the client is connected, or after `timeoutMs` regardless. */
export function whenReady(redis: RedisClient, timeoutMs: number): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      redis.off('ready', done);
      resolve();
    };
    const timer = setTimeout(done, timeoutMs);
    redis.once('ready', done);
  });
}
