/**
 * W4 — memory per socket: 10,000 idle graphql-ws sockets, each with one messageAdded
 * subscription, on the real server and then on the bare `ws` baseline
 * (bench/baselines/ws-broadcast.ts). Memory is read by the process itself after two full GCs
 * and a second for the freed pages to go back to the OS (`--expose-gc`; bench/lib/probe.ts
 * answers over IPC, no change to src/): RSS and V8 heap before
 * the sockets and after they are all live and settled; per socket = difference / count. RSS is
 * what the target is about (it includes the kernel-side socket buffers the process touches, V8 heap,
 * and native allocations); heap is reported alongside to tell JS objects from the rest. Also reports
 * how fast sockets get to a live subscription (connect + connection_init/ack + subscribe + replayed
 * first event), with a bounded number of handshakes in flight.
 *
 *   npx tsx bench/w4-memory.ts [--sockets 10000] [--concurrency 100] [--heap-snapshot]
 *
 * --heap-snapshot: also writes the server's V8 heap snapshots before the sockets and with them live
 * to bench/results/ (git-ignored); `npx tsx bench/heap-summary.ts <after> --before <before> --per N`
 * shows what the sockets added, per socket.
 */
import path from 'node:path';
import { RESULTS_DIR, ROOT, sleep } from './lib/env.js';
import { describeCpu } from './lib/procs.js';
import { atMost, isoStamp, runWorkload, type WorkloadContext } from './lib/report.js';
import type { ProbeMemory } from './lib/probe.js';
import { startWsBaseline, type RunningProcess } from './lib/server.js';
import { createRoom, sendMessage, usersForSubscribers, type BenchUser } from './lib/seed.js';
import { startStack } from './lib/setup.js';
import { openSubscribers } from './lib/subscribers.js';
import { procOpenFilesLimit } from './lib/procs.js';

const SETTLE_MS = 3_000;
/** RSS per subscribed idle socket: at most this × bare `ws` (and the moonshot). */
const RSS_FACTOR = 2;
const RSS_MOONSHOT_FACTOR = 1.5;

interface MemoryRun {
  before: ProbeMemory;
  after: ProbeMemory;
  rssPerSocket: number;
  heapPerSocket: number;
  ratePerSecond: number;
  /** CPU µs of the process per socket connected, initialised and subscribed (its replay included). */
  cpuPerSocket: number;
  handshakeP99: number;
  firstPayload: unknown;
}

async function measure(
  ctx: WorkloadContext,
  proc: RunningProcess,
  options: { sockets: number; concurrency: number; tokens: string[]; roomId: string; after: string },
  heapSnapshotFile?: string,
): Promise<MemoryRun> {
  const needed = options.sockets + 200;
  for (const [who, pid] of [
    [proc.name, proc.pid],
    ['load generator', process.pid],
  ] as const) {
    const limit = procOpenFilesLimit(pid);
    if (limit < needed) throw new Error(`${who} may open only ${limit} files; ${needed} needed (raise ulimit -n)`);
  }
  await sleep(1_000);
  if (heapSnapshotFile) await proc.heapSnapshot(heapSnapshotFile.replace('.heapsnapshot', '-before.heapsnapshot'));
  const before = await proc.memory();
  const pool = await openSubscribers({
    label: proc.name,
    wsUrl: proc.wsUrl,
    tokens: options.tokens,
    count: options.sockets,
    roomId: options.roomId,
    after: options.after,
    concurrency: options.concurrency,
    timeoutMs: 60_000,
    watchPids: [proc.pid],
  });
  ctx.log(
    `${proc.name}: ${options.sockets} subscriptions live in ${(pool.elapsedMs / 1000).toFixed(1)} s ` +
      `(${Math.round(pool.ratePerSecond)}/s), handshake ${pool.handshakeHist.describe()}, ${describeCpu(pool.cpu!, [proc.name])}`,
  );
  await sleep(SETTLE_MS);
  const after = await proc.memory();
  const procRss = proc.rss();
  const run: MemoryRun = {
    before,
    after,
    rssPerSocket: (after.rss - before.rss) / options.sockets,
    heapPerSocket: (after.heapUsed - before.heapUsed) / options.sockets,
    ratePerSecond: pool.ratePerSecond,
    cpuPerSocket: ((pool.cpu?.serverSeconds[0] ?? NaN) / options.sockets) * 1e6,
    handshakeP99: pool.handshakeHist.ms(99),
    firstPayload: pool.firstPayload,
  };
  ctx.log(
    `${proc.name}: RSS ${(before.rss / 2 ** 20).toFixed(1)} → ${(after.rss / 2 ** 20).toFixed(1)} MiB ` +
      `(/proc VmRSS ${(procRss / 2 ** 20).toFixed(1)} MiB), heap ${(before.heapUsed / 2 ** 20).toFixed(1)} → ` +
      `${(after.heapUsed / 2 ** 20).toFixed(1)} MiB: ${Math.round(run.rssPerSocket)} B RSS and ` +
      `${Math.round(run.heapPerSocket)} B heap per socket${after.gc ? '' : ' (NO GC: --expose-gc missing)'}`,
  );
  ctx.details[proc.name] = {
    ...run,
    firstPayload: undefined,
    procRss,
    handshake: pool.handshakeHist.summary(),
    cpu: pool.cpu,
  };
  if (heapSnapshotFile) {
    await proc.heapSnapshot(heapSnapshotFile);
    ctx.log(`${proc.name}: heap snapshot in ${path.relative(ROOT, heapSnapshotFile)}`);
  }
  if (pool.errors.total) throw new Error(`${proc.name}: socket errors while idle: ${pool.errors.summary()}`);
  await pool.close();
  return run;
}

await runWorkload(
  'W4',
  'memory per socket',
  {
    deadlineSeconds: 300,
    flags: { sockets: { type: 'string' }, concurrency: { type: 'string' }, 'heap-snapshot': { type: 'boolean' } },
  },
  async (ctx) => {
    const sockets = Number(ctx.args.sockets ?? 10_000);
    const concurrency = Number(ctx.args.concurrency ?? 100);
    // Sockets share users' tokens round-robin: enough users for the server's 20 live subscriptions per user and room.
    const stack = await startStack(ctx.log, { users: usersForSubscribers(sockets) });
    const users = stack.users as [BenchUser, ...BenchUser[]];
    const room = await createRoom(stack.server.url, users, 'idle');
    const first = await sendMessage(stack.server.url, users[0], room.id, 'seed a');
    await sendMessage(stack.server.url, users[0], room.id, 'seed b');
    const options = {
      sockets,
      concurrency,
      tokens: users.map((user) => user.token),
      roomId: room.id,
      after: first.cursor,
    };

    const snapshot = ctx.args['heap-snapshot'] ? path.join(RESULTS_DIR, `${isoStamp()}-W4.heapsnapshot`) : undefined;
    const server = await measure(ctx, stack.server, options, snapshot);
    await stack.server.stop();

    // The baseline answers each subscribe with the very frame the server replayed.
    const replay = JSON.stringify(server.firstPayload);
    const baselineProc = await startWsBaseline(`bench.idle.${process.pid}`, replay);
    ctx.log(`${baselineProc.describe()} ready`);
    const bare = await measure(ctx, baselineProc, options);
    await baselineProc.stop();

    ctx.row({
      metric: `RSS per subscribed socket, ${sockets.toLocaleString('en-US')} idle`,
      value: server.rssPerSocket,
      unit: 'B',
      ...atMost(server.rssPerSocket, bare.rssPerSocket, RSS_FACTOR),
      target: `≤ ${RSS_FACTOR}× bare`,
    });
    ctx.row({
      metric: 'RSS per subscribed socket, moonshot',
      value: server.rssPerSocket,
      unit: 'B',
      ...atMost(server.rssPerSocket, bare.rssPerSocket, RSS_MOONSHOT_FACTOR),
      target: `≤ ${RSS_MOONSHOT_FACTOR}× bare`,
    });
    ctx.row({
      metric: 'V8 heap per subscribed socket (after GC)',
      value: server.heapPerSocket,
      unit: 'B',
      baseline: bare.heapPerSocket,
      ratio: server.heapPerSocket / bare.heapPerSocket,
    });
    ctx.row({
      metric: 'CPU per connect+init+subscribe (replay included)',
      value: server.cpuPerSocket,
      unit: 'µs',
      baseline: bare.cpuPerSocket,
      ratio: server.cpuPerSocket / bare.cpuPerSocket,
    });
    ctx.row({
      metric: `connect+init+subscribe per second (${concurrency} in flight)`,
      value: server.ratePerSecond,
      unit: '/s',
      baseline: bare.ratePerSecond,
      ratio: server.ratePerSecond / bare.ratePerSecond,
    });
  },
);
