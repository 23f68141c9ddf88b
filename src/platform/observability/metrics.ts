import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** A database pool's connections: open, idle among them, and checkouts waiting for one. */
export interface PoolStats {
  total: number;
  idle: number;
  waiting: number;
}

/** Values read at scrape time from the objects that own them (set once those exist). */
export interface MetricProbes {
  openSockets(): number;
  roomHubs(): number;
  databasePool(): PoolStats;
  redisConnected(): boolean;
}

export type Transport = 'http' | 'ws';

/** One GraphQL operation that has ended, as the request log saw it. */
export interface EndedOperation {
  transport: Transport;
  /** query, mutation, subscription, or unknown (a document that did not parse). */
  type: string;
  /** The operation's name; undefined when anonymous. */
  name: string | undefined;
  /** `ok`, or the first error's `extensions.code`. */
  outcome: string;
  seconds: number;
}

/**
 * Operation names are the client's choice: the first MAX_OPERATION_NAMES seen get series of their
 * own, later ones share `_other`, so no client can grow the registry (and every scrape) without bound.
 */
const MAX_OPERATION_NAMES = 200;

/** Latency buckets for queries and mutations, in seconds. */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * This app's Prometheus metrics, in a registry of its own (tests run many apps in one process).
 * Process, GC and event-loop metrics (prom-client's defaults) are collected only with `runtime`:
 * they start observers that nothing can stop, which an app that exposes no metrics should not leave.
 */
export class Metrics {
  readonly registry = new Registry();
  readonly probes: MetricProbes = {
    openSockets: () => 0,
    roomHubs: () => 0,
    databasePool: () => ({ total: 0, idle: 0, waiting: 0 }),
    redisConnected: () => false,
  };
  /** Subscription frames written to sockets: a bare count on the fan-out path, read at scrape. */
  readonly deliveries = { count: 0 };
  private readonly operations: Counter<'transport' | 'type' | 'name' | 'outcome'>;
  private readonly durations: Histogram<'transport' | 'type' | 'name'>;
  private readonly subscriptions: Gauge<'transport'>;
  private readonly refusals: Counter<'limit'>;
  private readonly names = new Set<string>();

  constructor(options: { runtime: boolean; redis: boolean }) {
    const registers = [this.registry];
    this.operations = new Counter({
      name: 'chat_graphql_operations_total',
      help: 'GraphQL operations ended, by transport, type, name and outcome (ok or the first error code)',
      labelNames: ['transport', 'type', 'name', 'outcome'],
      registers,
    });
    this.durations = new Histogram({
      name: 'chat_graphql_operation_duration_seconds',
      help: 'Duration of GraphQL queries and mutations (subscriptions last as long as their clients want)',
      labelNames: ['transport', 'type', 'name'],
      buckets: DURATION_BUCKETS,
      registers,
    });
    this.subscriptions = new Gauge({
      name: 'chat_active_subscriptions',
      help: 'Subscriptions whose stream is live, by transport (ws: WebSocket, http: SSE)',
      labelNames: ['transport'],
      registers,
    });
    this.refusals = new Counter({
      name: 'chat_rate_limit_refusals_total',
      help: 'Actions refused by a rate limit, by limit name',
      labelNames: ['limit'],
      registers,
    });
    this.registerProbes(options.redis);
    if (options.runtime) collectDefaultMetrics({ register: this.registry });
  }

  operationEnded(operation: EndedOperation): void {
    const name = this.nameLabel(operation.name);
    const { transport, type, outcome } = operation;
    this.operations.inc({ transport, type, name, outcome });
    if (type !== 'subscription') this.durations.observe({ transport, type, name }, operation.seconds);
  }

  subscriptionStarted(transport: Transport): void {
    this.subscriptions.inc({ transport });
  }

  subscriptionEnded(transport: Transport): void {
    this.subscriptions.dec({ transport });
  }

  rateLimited(limit: string): void {
    this.refusals.inc({ limit });
  }

  private nameLabel(name: string | undefined): string {
    if (name === undefined) return '_anonymous';
    if (this.names.has(name)) return name;
    if (this.names.size >= MAX_OPERATION_NAMES) return '_other';
    this.names.add(name);
    return name;
  }

  private registerProbes(redis: boolean) {
    const { probes, deliveries } = this;
    const registers = [this.registry];
    const gauge = (name: string, help: string, read: () => number) =>
      new Gauge({ name, help, registers, collect: probeInto(read) });
    gauge('chat_open_sockets', 'WebSocket connections open', () => probes.openSockets());
    gauge(
      'chat_room_feeds_open',
      'Room hubs open on this instance (one per room with subscribers; the name predates hubs)',
      () => probes.roomHubs(),
    );
    gauge('chat_db_pool_connections', 'Database connections open in the pool', () => probes.databasePool().total);
    gauge('chat_db_pool_idle_connections', 'Database connections idle in the pool', () => probes.databasePool().idle);
    gauge('chat_db_pool_waiting', 'Checkouts waiting for a database connection', () => probes.databasePool().waiting);
    if (redis) {
      gauge('chat_redis_connected', '1 while the pub/sub connections to Redis are ready, else 0', () =>
        Number(probes.redisConnected()),
      );
    }
    let reported = 0;
    new Counter({
      name: 'chat_subscription_deliveries_total',
      help: 'Subscription events written to WebSocket connections (one per subscriber and event)',
      registers,
      collect() {
        this.inc(deliveries.count - reported);
        reported = deliveries.count;
      },
    });
  }
}

function probeInto(read: () => number) {
  return function (this: Gauge) {
    this.set(read());
  };
}
