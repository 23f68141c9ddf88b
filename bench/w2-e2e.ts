/**
 * W2 — end to end: `sendMessage` over HTTP → every one of 1,000 messageAdded subscribers, at 20
 * mutations/s (20,000 deliveries/s; open loop, scheduled send times, so a backlog shows as latency).
 * Latency is from the scheduled send to the LAST subscriber's delivery of that message. Two
 * topologies in the same run: one instance; two instances on the same PostgreSQL and Redis with the
 * subscribers split between them and every send going through the first. The targets compare them:
 * two instances add ≤ 10 ms to the p50 and ≤ 1.3× to the p99, and the server CPU per end-to-end
 * message (HTTP send + store + publish + fan-out), summed over both instances, is ≤ 1.2× one
 * instance's. The absolute percentiles are information: on two shared cores they mostly measure the
 * load generator.
 *
 * A rate the system cannot keep up with (the oldest undelivered message older than 2 s, or the
 * backlog not drained 10 s after sending stops) is reported as not sustained.
 *
 *   npx tsx bench/w2-e2e.ts [--rate 20] [--subscribers 1000] [--phase-ms 10000]
 */
import { windowMs } from './lib/env.js';
import { EventTracker, fixedRate } from './lib/fanout.js';
import { ErrorTally, gql } from './lib/graphql.js';
import { CpuMeter, describeCpu, type CpuReading } from './lib/procs.js';
import { atMost, runWorkload, type WorkloadContext } from './lib/report.js';
import { startServer, type RunningProcess } from './lib/server.js';
import {
  createRoom,
  SEND_MESSAGE,
  sendMessage,
  usersForSubscribers,
  type BenchRoom,
  type BenchUser,
} from './lib/seed.js';
import { startStack } from './lib/setup.js';
import { openSubscribers, type SubscriberPool } from './lib/subscribers.js';

const MAX_IN_FLIGHT = 256;
const GIVE_UP_AGE_MS = 2_000;
const DRAIN_MS = 10_000;
/** Two instances may add this much to one instance's p50 … */
const ADDED_P50_MS = 10;
/** … this factor to its p99, and this factor to its server CPU per message. */
const P99_FACTOR = 1.3;
const CPU_FACTOR = 1.2;

interface TopologyResult {
  label: string;
  p50: number;
  p99: number;
  /** Server CPU µs per message, summed over the instances. */
  serverUsPerMessage: number;
  servicesUsPerMessage: number;
  sustained: boolean;
  cpu: CpuReading;
}

/** "CODE×n, …" over several tallies. */
function mergeTallies(tallies: ErrorTally[]): string {
  const merged = new Map<string, number>();
  for (const tally of tallies) {
    for (const [code, count] of tally.counts) merged.set(code, (merged.get(code) ?? 0) + count);
  }
  return [...merged].map(([code, count]) => `${code}×${count}`).join(', ');
}

/** Subscribers split over the servers, each proven live by the replay of `after`'s next message. */
async function subscribeAll(
  ctx: WorkloadContext,
  servers: RunningProcess[],
  options: {
    tokens: string[];
    subscribers: number;
    roomId: string;
    after: string;
    onDelivery: (index: number, body: string, at: number) => void;
  },
): Promise<SubscriberPool[]> {
  const pools: SubscriberPool[] = [];
  for (const [i, server] of servers.entries()) {
    const share = Math.floor(options.subscribers / servers.length) + (i < options.subscribers % servers.length ? 1 : 0);
    const offset = pools.reduce((sum, pool) => sum + pool.clients.length, 0);
    const pool = await openSubscribers({
      label: server.name,
      wsUrl: server.wsUrl,
      tokens: options.tokens,
      count: share,
      roomId: options.roomId,
      after: options.after,
      watchPids: [server.pid],
      onEvent: (index, body, at) => options.onDelivery(offset + index, body, at),
    });
    pools.push(pool);
    ctx.log(
      `${server.name}: ${share} subscriptions live in ${(pool.elapsedMs / 1000).toFixed(1)} s ` +
        `(${Math.round(pool.ratePerSecond)}/s; ${describeCpu(pool.cpu!, [server.name])})`,
    );
  }
  return pools;
}

/**
 * One topology at `rate`: fresh server processes (nothing queued by an earlier phase leaks in),
 * the subscribers split between them, a warm-up, then the measured window.
 */
async function measureTopology(
  ctx: WorkloadContext,
  setup: {
    servers: RunningProcess[];
    users: [BenchUser, ...BenchUser[]];
    room: BenchRoom;
    subscribers: number;
    databaseName: string;
  },
  options: { rate: number; phaseMs: number; phase: number },
): Promise<TopologyResult> {
  const { servers, users, room, subscribers } = setup;
  const label = servers.length === 1 ? 'one instance' : 'two instances + Redis';
  const [front] = servers as [RunningProcess, ...RunningProcess[]];
  const first = await sendMessage(front.url, users[0], room.id, 'seed a');
  await sendMessage(front.url, users[0], room.id, 'seed b');
  let current: EventTracker | null = null;
  const pools = await subscribeAll(ctx, servers, {
    tokens: users.map((user) => user.token),
    subscribers,
    roomId: room.id,
    after: first.cursor,
    onDelivery: (index, body, at) => current?.onDelivery(index, body, at),
  });
  const sendErrors = new ErrorTally(`${label} sendMessage`);
  let inFlight = 0;
  let refused = 0;
  const fire = (tracker: EventTracker) => (k: number, sentAt: number) => {
    if (inFlight >= MAX_IN_FLIGHT) return void refused++;
    inFlight++;
    const user = users[k % users.length]!;
    const input = { roomId: room.id, body: tracker.body(k, sentAt) };
    gql(front.url, SEND_MESSAGE, { input }, { token: user.token, tally: sendErrors })
      .catch(() => {})
      .finally(() => inFlight--);
  };

  // Warm-up: a few messages one at a time (first deliveries fill per-subscription caches).
  const warm = new EventTracker(options.phase * 2, subscribers);
  current = warm;
  await fixedRate(warm, fire(warm), 5, 1_000, { drainMs: 30_000 });
  if (warm.outstanding) throw new Error(`${label}: warm-up messages did not reach every subscriber in 30 s`);

  const tracker = new EventTracker(options.phase * 2 + 1, subscribers);
  current = tracker;
  const meter = new CpuMeter(
    servers.map((server) => server.pid),
    { database: setup.databaseName },
  );
  const result = await fixedRate(tracker, fire(tracker), options.rate, windowMs(options.phaseMs), {
    drainMs: DRAIN_MS,
    abortIf: () =>
      tracker.oldestOutstandingMs() > GIVE_UP_AGE_MS ? `oldest message undelivered after ${GIVE_UP_AGE_MS} ms` : null,
  });
  const cpu = meter.read();
  const sustained = !result.aborted && result.drained && refused === 0;
  const serverSeconds = cpu.serverPreciseSeconds.reduce((sum, value) => sum + value, 0);
  const servicesSeconds = (cpu.database?.seconds ?? cpu.postgresSeconds) + cpu.redisSeconds;
  const outcome: TopologyResult = {
    label,
    p50: tracker.perEvent.ms(50),
    p99: tracker.perEvent.ms(99),
    serverUsPerMessage: (serverSeconds / result.events) * 1e6,
    servicesUsPerMessage: (servicesSeconds / result.events) * 1e6,
    sustained,
    cpu,
  };
  ctx.log(
    `${label}, ${options.rate}/s: ${result.events} sent (${result.achievedRate.toFixed(1)}/s), send→last delivery ` +
      `${tracker.perEvent.describe()}, server CPU ${outcome.serverUsPerMessage.toFixed(0)} µs/message, ` +
      `${describeCpu(
        cpu,
        servers.map((server) => server.name),
      )}` +
      (sustained
        ? ''
        : ` — NOT SUSTAINED (${result.aborted ?? `${result.missing} deliveries missing, ${refused} sends refused`})`),
  );
  ctx.details[label] = { ...result, ...outcome, sendToLastDelivery: tracker.perEvent.summary(), refusedSends: refused };
  reportErrors(ctx, label, sendErrors, pools);
  for (const pool of pools) await pool.close();
  return outcome;
}

function reportErrors(ctx: WorkloadContext, label: string, sendErrors: ErrorTally, pools: SubscriberPool[]) {
  const socketErrors = pools.reduce((sum, pool) => sum + pool.errors.total, 0);
  for (const [metric, count, note] of [
    [`sendMessage errors, ${label}`, sendErrors.total, sendErrors.summary()],
    [`subscription errors, ${label}`, socketErrors, mergeTallies(pools.map((pool) => pool.errors))],
  ] as const) {
    if (count) ctx.row({ metric, value: count, unit: '', target: '0', met: false, kind: 'error', note });
  }
}

function compareTopologies(ctx: WorkloadContext, one: TopologyResult, two: TopologyResult, rate: number) {
  const note = one.sustained && two.sustained ? `${rate} messages/s` : `${rate} messages/s; NOT SUSTAINED`;
  const both = one.sustained && two.sustained;
  ctx.row({ metric: 'p50 send → last delivery, one instance', value: one.p50, unit: 'ms', note });
  ctx.row({ metric: 'p99 send → last delivery, one instance', value: one.p99, unit: 'ms', note });
  const p50 = atMost(two.p50, one.p50, 1, ADDED_P50_MS);
  ctx.row({
    metric: 'p50 send → last delivery, two instances + Redis',
    value: two.p50,
    unit: 'ms',
    note,
    ...p50,
    met: both && p50.met,
    target: `≤ one instance + ${ADDED_P50_MS} ms`,
  });
  const p99 = atMost(two.p99, one.p99, P99_FACTOR);
  ctx.row({
    metric: 'p99 send → last delivery, two instances + Redis',
    value: two.p99,
    unit: 'ms',
    note,
    ...p99,
    met: both && p99.met,
    target: `≤ ${P99_FACTOR}× one instance`,
  });
  ctx.row({ metric: 'server CPU per message, one instance', value: one.serverUsPerMessage, unit: 'µs', note });
  ctx.row({
    metric: 'server CPU per message, two instances summed',
    value: two.serverUsPerMessage,
    unit: 'µs',
    note,
    ...atMost(two.serverUsPerMessage, one.serverUsPerMessage, CPU_FACTOR),
    target: `≤ ${CPU_FACTOR}× one instance`,
  });
  for (const result of [one, two]) {
    ctx.row({
      metric: `PostgreSQL (this database) + Redis CPU per message, ${result.label}`,
      value: result.servicesUsPerMessage,
      unit: 'µs',
      note,
    });
  }
}

await runWorkload(
  'W2',
  'end to end: sendMessage → 1,000 subscribers, one instance against two',
  {
    deadlineSeconds: 300,
    flags: { rate: { type: 'string' }, subscribers: { type: 'string' }, 'phase-ms': { type: 'string' } },
  },
  async (ctx) => {
    const rate = Number(ctx.args.rate ?? 20);
    const subscribers = Number(ctx.args.subscribers ?? 1000);
    const phaseMs = Number(ctx.args['phase-ms'] ?? 10_000);
    // Sockets share users' tokens round-robin: enough users for the server's 20 live subscriptions per user and room.
    const stack = await startStack(ctx.log, { users: usersForSubscribers(subscribers) });
    const users = stack.users as [BenchUser, ...BenchUser[]];
    const room = await createRoom(stack.server.url, users, 'e2e');
    const setup = { users, room, subscribers, databaseName: stack.database.name };

    const one = await measureTopology(ctx, { ...setup, servers: [stack.server] }, { rate, phaseMs, phase: 1 });
    await stack.server.stop();
    const pair = await Promise.all(
      [1, 2].map((i) => startServer({ name: `server-${i}`, databaseUrl: stack.database.url })),
    );
    for (const server of pair) ctx.log(`${server.describe()} ready`);
    const two = await measureTopology(ctx, { ...setup, servers: pair }, { rate, phaseMs, phase: 2 });
    for (const server of pair) await server.stop();
    compareTopologies(ctx, one, two, rate);
  },
);
