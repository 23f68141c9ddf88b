/**
 * W3 — send cost: 64 concurrent senders calling `sendMessage` over HTTP in a closed loop (each waits
 * for its answer, then sends again) into one room, persisted on PostgreSQL, with 0 and then 100
 * messageAdded subscribers on that room. Measured as CPU per message stored: the server process's
 * and PostgreSQL's (the backends of the bench database and PostgreSQL's background processes),
 * apart, from /proc, over the measured window, divided by the sends answered in it; Redis apart, as
 * information (all of Redis: it is shared).
 *
 * Baseline: bench/baselines/pg-send.ts, its own process on the server's core, running the same
 * transaction in a closed loop with the same number of workers through a `pg` pool of the server's
 * size (read from src/platform/db/database.ts): lock the room row (joined with the sender's
 * membership), insert the message, update the room, commit; statements named (prepared once per
 * connection) as the server prepares its own (--bare-unprepared: pg's unnamed statements). Its
 * process CPU + PostgreSQL CPU per insert against the server's + PostgreSQL's per send: ≤ 1.5× with no
 * subscribers. With 100 the send also fans out to 100 sockets: the same rows, as information.
 * Throughput and p99 latency are information too (the server's latency is the load generator's
 * HTTP round trip; the baseline's is one transaction, pool wait included, timed in its process).
 *
 *   npx tsx bench/w3-send.ts [--senders 64] [--subscribers 100] [--bare-unprepared] [--profile]
 *
 * --profile: the server's CPU profile of each sendMessage phase goes to bench/results/
 * (W3-<subscribers>-<date>.cpuprofile; read it with bench/top-functions.ts).
 */
import path from 'node:path';
import { RESULTS_DIR, ROOT, serverPoolSize, sleep, windowMs } from './lib/env.js';
import { ErrorTally, gql } from './lib/graphql.js';
import { Histogram } from './lib/histogram.js';
import { CpuMeter, describeCpu, type CpuReading } from './lib/procs.js';
import { atMost, isoStamp, runWorkload, type WorkloadContext } from './lib/report.js';
import { createRoom, rowIdOf, SEND_MESSAGE, sendMessage, type BenchUser } from './lib/seed.js';
import { startPgSendBaseline } from './lib/server.js';
import { startStack } from './lib/setup.js';
import { openSubscribers } from './lib/subscribers.js';

const WARMUP_MS = 1_000;
const MEASURE_MS = 5_000;

/** CPU µs per unit of work (a send, an insert), by whose CPU it was. */
interface PerUnit {
  /** The server process, or the baseline process. */
  process: number;
  postgres: number;
  redis: number;
  /** process + postgres: what the target compares. */
  total: number;
}

function perUnit(cpu: CpuReading, units: number): PerUnit {
  const us = (seconds: number) => (seconds / units) * 1e6;
  const processUs = us(cpu.serverPreciseSeconds[0] ?? NaN);
  const postgresUs = us(cpu.database?.seconds ?? NaN);
  return { process: processUs, postgres: postgresUs, redis: us(cpu.redisSeconds), total: processUs + postgresUs };
}

const describeUnit = (cost: PerUnit, name: string) =>
  `per unit: ${name} ${cost.process.toFixed(0)} µs + PostgreSQL ${cost.postgres.toFixed(0)} µs = ` +
  `${cost.total.toFixed(0)} µs (Redis ${cost.redis.toFixed(0)} µs)`;

/** Says so when other databases' backends worked while we measured: PostgreSQL is shared. */
function warnSharedPostgres(ctx: WorkloadContext, cpu: CpuReading, label: string) {
  const other = cpu.database?.otherDatabasesSeconds ?? 0;
  if (other > 0.05 * Math.max(cpu.database?.seconds ?? 0, 0.01)) {
    ctx.log(
      `!! ${label}: other databases' backends used ${other.toFixed(2)} s of CPU meanwhile (not counted, but busy)`,
    );
  }
}

interface LoopResult {
  perSecond: number;
  ok: number;
  errors: number;
  latency: Histogram;
  cpu: CpuReading;
}

/** `workers` loops calling `once(worker, i)` back to back: warm-up, then a measured window. */
async function closedLoop(
  workers: number,
  durationMs: number,
  pid: number,
  database: string,
  once: (worker: number, i: number) => Promise<void>,
): Promise<LoopResult> {
  const latency = new Histogram();
  let ok = 0;
  let errors = 0;
  let measuring = false;
  let stop = false;
  let counter = 0;
  const loop = async (worker: number) => {
    while (!stop) {
      const started = performance.now();
      try {
        await once(worker, counter++);
        if (measuring) {
          ok++;
          latency.recordMs(performance.now() - started);
        }
      } catch {
        if (measuring) errors++;
      }
    }
  };
  const loops = Array.from({ length: workers }, (_, worker) => loop(worker));
  await sleep(WARMUP_MS);
  const cpu = new CpuMeter([pid], { database });
  measuring = true;
  const started = performance.now();
  await sleep(durationMs);
  measuring = false;
  const seconds = (performance.now() - started) / 1000;
  const reading = cpu.read();
  stop = true;
  await Promise.all(loops);
  return { perSecond: ok / seconds, ok, errors, latency, cpu: reading };
}

interface BareResult {
  perSecond: number;
  inserts: number;
  p50: number;
  p99: number;
  cpu: CpuReading;
  errors: number;
  firstError: string | null;
}

await runWorkload(
  'W3',
  'send cost',
  {
    deadlineSeconds: 180,
    flags: {
      senders: { type: 'string' },
      subscribers: { type: 'string' },
      'bare-unprepared': { type: 'boolean' },
      profile: { type: 'boolean' },
    },
  },
  async (ctx) => {
    const senders = Number(ctx.args.senders ?? 64);
    const subscriberCount = Number(ctx.args.subscribers ?? 100);
    const measureMs = windowMs(MEASURE_MS);
    const pool = serverPoolSize();
    const prepared = !ctx.args['bare-unprepared'];
    ctx.details.pgPool = pool;
    ctx.details.senders = senders;
    ctx.details.barePrepared = prepared;

    const stack = await startStack(ctx.log);
    const database = stack.database.name;
    const users = stack.users as [BenchUser, ...BenchUser[]];
    const serverRoom = await createRoom(stack.server.url, users, 'send throughput');
    const baselineRoom = await createRoom(stack.server.url, users, 'send throughput baseline');

    // Baseline first: the bare transaction in its own process, pool of the server's size, same concurrency.
    const bareProc = await startPgSendBaseline({
      databaseUrl: stack.database.url,
      poolSize: pool.size,
      roomId: rowIdOf(baselineRoom.id, 'Room'),
      senderIds: users.map((user) => rowIdOf(user.id, 'User')),
      prepared,
    });
    ctx.log(`${bareProc.describe()} ready (${prepared ? 'named' : 'unnamed'} statements)`);
    const control = async <T>(request: string, method = 'POST'): Promise<T> => {
      const response = await fetch(`${bareProc.origin}${request}`, { method });
      if (!response.ok)
        throw new Error(`pg-send baseline ${request}: HTTP ${response.status} ${await response.text()}`);
      return (await response.json()) as T;
    };
    type Counts = { ok: number; errors: number };
    await control(`/start?workers=${senders}`);
    await sleep(WARMUP_MS);
    const bareMeter = new CpuMeter([bareProc.pid], { database });
    const first = await control<Counts>('/mark?record=1');
    const bareStarted = performance.now();
    await sleep(measureMs);
    const last = await control<Counts>('/mark?record=0');
    const bareSeconds = (performance.now() - bareStarted) / 1000;
    const bareCpu = bareMeter.read();
    const bareLatency = await control<{ count: number; p50: number; p99: number }>('/latency', 'GET');
    const stopped = await control<Counts & { firstError: string | null }>('/stop');
    await bareProc.stop();
    const bare: BareResult = {
      perSecond: (last.ok - first.ok) / bareSeconds,
      inserts: last.ok - first.ok,
      p50: bareLatency.p50,
      p99: bareLatency.p99,
      cpu: bareCpu,
      errors: stopped.errors,
      firstError: stopped.firstError,
    };
    const bareCost = perUnit(bareCpu, bare.inserts);
    ctx.log(
      `bare pg (pool ${pool.size}, ${senders} workers): ${Math.round(bare.perSecond)} inserts/s, ` +
        `p50 ${bare.p50?.toFixed(2)} ms p99 ${bare.p99?.toFixed(2)} ms, ${describeCpu(bareCpu, ['baseline'])}; ` +
        describeUnit(bareCost, 'baseline'),
    );
    warnSharedPostgres(ctx, bareCpu, 'bare pg');
    ctx.details.bare = { ...bare, perInsertUs: bareCost };
    if (bare.errors) throw new Error(`the bare pg baseline failed ${bare.errors} times: ${bare.firstError}`);

    const sendErrors = new ErrorTally('sendMessage');
    const viaApi = (worker: number, i: number) =>
      gql(
        stack.server.url,
        SEND_MESSAGE,
        { input: { roomId: serverRoom.id, body: `w3 api ${i}` } },
        { token: users[worker % users.length]!.token, tally: sendErrors },
      ).then(() => {});

    for (const subscribers of [0, subscriberCount]) {
      let delivered = 0;
      let closePool = async () => {};
      if (subscribers > 0) {
        const seedA = await sendMessage(stack.server.url, users[0], serverRoom.id, 'seed a');
        await sendMessage(stack.server.url, users[0], serverRoom.id, 'seed b');
        const subs = await openSubscribers({
          label: 'w3 subscribers',
          wsUrl: stack.server.wsUrl,
          tokens: users.map((user) => user.token),
          count: subscribers,
          roomId: serverRoom.id,
          after: seedA.cursor,
          onEvent: () => delivered++,
        });
        closePool = async () => {
          await subs.close();
          if (subs.errors.total) {
            ctx.row({
              metric: `subscription errors, ${subscribers} subscribers`,
              value: subs.errors.total,
              unit: '',
              target: '0',
              met: false,
              kind: 'error',
              note: subs.errors.summary(),
            });
          }
        };
      }
      const profileFile = path.join(RESULTS_DIR, `W3-${subscribers}-${isoStamp()}.cpuprofile`);
      if (ctx.args.profile) await stack.server.profileStart();
      const result = await closedLoop(senders, measureMs, stack.server.pid, database, viaApi);
      if (ctx.args.profile) {
        await stack.server.profileStop(profileFile);
        ctx.log(`CPU profile of this phase: ${path.relative(ROOT, profileFile)}`);
      }
      await closePool();
      const cost = perUnit(result.cpu, result.ok);
      ctx.log(
        `sendMessage, ${subscribers} subscribers: ${Math.round(result.perSecond)} sends/s, ` +
          `${result.latency.describe()}, ${describeCpu(result.cpu)}; ${describeUnit(cost, 'server')}` +
          (result.errors ? ` — ${result.errors} ERRORS (${sendErrors.summary()})` : '') +
          (subscribers ? `; ${delivered.toLocaleString()} deliveries` : ''),
      );
      warnSharedPostgres(ctx, result.cpu, `sendMessage, ${subscribers} subscribers`);
      ctx.details[`api${subscribers}`] = {
        ...result,
        latency: result.latency.summary(),
        delivered,
        perSendUs: cost,
      };
      const phase = `${subscribers} subscribers`;
      ctx.row({
        metric: `server + PostgreSQL CPU per sendMessage, ${phase}`,
        value: cost.total,
        unit: 'µs',
        ...(subscribers === 0
          ? { ...atMost(cost.total, bareCost.total, 1.5), target: '≤ 1.5× bare pg + PostgreSQL' }
          : { baseline: bareCost.total, ratio: cost.total / bareCost.total, note: 'includes the fan-out; no target' }),
      });
      ctx.row({
        metric: `server process CPU per sendMessage, ${phase}`,
        value: cost.process,
        unit: 'µs',
        baseline: bareCost.process,
        ratio: cost.process / bareCost.process,
      });
      ctx.row({
        metric: `PostgreSQL CPU per sendMessage, ${phase}`,
        value: cost.postgres,
        unit: 'µs',
        baseline: bareCost.postgres,
        ratio: cost.postgres / bareCost.postgres,
      });
      ctx.row({
        metric: `Redis CPU per sendMessage, ${phase}`,
        value: cost.redis,
        unit: 'µs',
        note: 'all of Redis, shared',
      });
      ctx.row({
        metric: `sendMessage/s, ${senders} senders, ${phase}`,
        value: result.perSecond,
        unit: '/s',
        baseline: bare.perSecond,
        ratio: result.perSecond / bare.perSecond,
      });
      ctx.row({
        metric: `p99 sendMessage latency, ${phase}`,
        value: result.latency.ms(99),
        unit: 'ms',
        baseline: bare.p99,
        ratio: result.latency.ms(99) / bare.p99,
      });
      if (result.errors) {
        ctx.row({
          metric: `sendMessage errors, ${phase}`,
          value: result.errors,
          unit: '',
          target: '0',
          met: false,
          kind: 'error',
          note: sendErrors.summary(),
        });
      }
    }
  },
);
