/**
 * `npm run bench`: every workload, one after another, each in a process of its own (so one that
 * fails or leaks cannot spoil the next), then one results file, bench/results/latest.json, and
 * the table: workload, metric, value, baseline, ratio, target, met?
 *
 *   npm run bench [-- --only w1,w3]
 *
 * Environment: BENCH_PG_URL, BENCH_REDIS_URL, BENCH_USERS, BENCH_RATE_LIMITS, BENCH_TIME_SCALE
 * (see bench/README.md).
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { dropStaleBenchDatabases } from './lib/database.js';
import { benchEnv, RESULTS_DIR, ROOT, sleep } from './lib/env.js';
import { CpuMeter } from './lib/procs.js';
import { ensurePeersInstalled } from './lib/peers.js';
import { buildForBench } from './lib/server.js';
import {
  elapsed,
  isoStamp,
  machineInfo,
  markdownTable,
  writeResults,
  type Row,
  type WorkloadResult,
} from './lib/report.js';
import pg from 'pg';

/** W1 at both of the room sizes unless BENCH_W1_SUBSCRIBERS names others. */
const W1_SUBSCRIBERS = process.env.BENCH_W1_SUBSCRIBERS ?? '1000,10000';

const WORKLOADS = [
  { id: 'w1', file: 'bench/w1-fanout.ts', deadline: 1500, args: ['--subscribers', W1_SUBSCRIBERS] },
  { id: 'w2', file: 'bench/w2-e2e.ts', deadline: 300, args: [] },
  { id: 'w3', file: 'bench/w3-send.ts', deadline: 180, args: [] },
  { id: 'w4', file: 'bench/w4-memory.ts', deadline: 300, args: [] },
  { id: 'w5', file: 'bench/w5-history.ts', deadline: 240, args: [] },
  { id: 'w6', file: 'bench/w6-search.ts', deadline: 900, args: [] },
  { id: 'w7', file: 'bench/w7-rooms.ts', deadline: 600, args: [] },
];

const { values } = parseArgs({ options: { only: { type: 'string' } } });
const only = values.only?.toLowerCase().split(',');
const selected = WORKLOADS.filter((workload) => !only || only.includes(workload.id));
if (!selected.length) throw new Error(`--only matched nothing; choose from ${WORKLOADS.map((w) => w.id).join(',')}`);

const log = (message: string) => console.log(`[${elapsed()}] ${message}`);
const stamp = isoStamp();
const started = performance.now();

function git(args: string[]): string {
  try {
    return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    return '?';
  }
}

async function preflight() {
  const client = new pg.Client({ connectionString: benchEnv.pgUrl, connectionTimeoutMillis: 5_000 });
  await client.connect().catch((err: Error) => {
    throw new Error(`PostgreSQL at ${benchEnv.pgUrl} is not reachable: ${err.message}`);
  });
  await client.end();
  const redis = new Redis(benchEnv.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
  await redis.connect().catch((err: Error) => {
    throw new Error(`Redis at ${benchEnv.redisUrl} is not reachable: ${err.message}`);
  });
  redis.disconnect();
  const dropped = await dropStaleBenchDatabases();
  if (dropped.length) log(`dropped ${dropped.length} bench database(s) left by earlier runs: ${dropped.join(', ')}`);
  // Someone else using the cores spoils every number below: measure it, say so, keep going.
  const meter = new CpuMeter([]);
  await sleep(1_000);
  const busy = meter.read();
  if (busy.otherPct + busy.servicesPct > 15) {
    log(
      `!! the machine is busy before the run: other processes use ${busy.otherPct + busy.servicesPct}% of a core. ` +
        'Results will be noisy; each phase reports the CPU other processes took while it ran.',
    );
  }
  return busy;
}

function runOne(workload: (typeof WORKLOADS)[number], dir: string): Promise<WorkloadResult> {
  const out = path.join(dir, `${workload.id}.json`);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', workload.file, ...workload.args, '--json-out', out], {
      cwd: ROOT,
      env: { ...process.env, BENCH_SKIP_BUILD: '1' }, // built once above
      stdio: 'inherit',
    });
    // The workload enforces its own deadline; this is the backstop if it hangs anyway.
    const killTimer = setTimeout(
      () => {
        log(`!! ${workload.id} overran its deadline; stopping it`);
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 30_000).unref();
      },
      (workload.deadline + 30) * 1000,
    );
    const forward = () => child.kill('SIGTERM');
    process.once('SIGINT', forward);
    process.once('SIGTERM', forward);
    child.on('exit', (code, signal) => {
      clearTimeout(killTimer);
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      try {
        resolve(JSON.parse(readFileSync(out, 'utf8')) as WorkloadResult);
      } catch {
        const reason = `exited with ${signal ?? code} and wrote no results`;
        resolve({
          workload: workload.id.toUpperCase(),
          title: workload.file,
          ok: false,
          error: reason,
          startedAt: new Date().toISOString(),
          seconds: 0,
          rows: [
            { workload: workload.id.toUpperCase(), metric: 'run', value: null, unit: '', met: false, note: reason },
          ],
          details: {},
        });
      }
    });
  });
}

log(
  `bench ${stamp}: ${selected.map((w) => w.id).join(', ')} — git ${git(['rev-parse', '--short', 'HEAD'])}` +
    (git(['status', '--porcelain', '--', 'src', 'migrations']) ? ' (src/ has uncommitted changes)' : ''),
);
const machine = machineInfo();
log(
  `node ${machine.node}, ${machine.cpus} cores (${machine.cpuModel}), taskset: ${machine.taskset}, users: ${machine.users}`,
);
const idle = await preflight();
buildForBench(log);
// W1 measures the peer servers of bench/peers/, whose packages are kept apart from the server's.
if (selected.some((workload) => workload.id === 'w1')) ensurePeersInstalled(log);

const dir = mkdtempSync(path.join(os.tmpdir(), 'chat-bench-'));
const results: WorkloadResult[] = [];
let interrupted = false;
process.once('SIGINT', () => (interrupted = true));
for (const workload of selected) {
  if (interrupted) break;
  const result = await runOne(workload, dir);
  results.push(result);
  log(`${result.workload} ${result.ok ? 'done' : 'FAILED'} in ${result.seconds} s`);
}
rmSync(dir, { recursive: true, force: true });

const rows: Row[] = results.flatMap((result) => result.rows);
const seconds = Math.round((performance.now() - started) / 100) / 10;
// One file, replaced by each run: the repository keeps the latest results, git keeps their history.
const file = path.join(RESULTS_DIR, 'latest.json');
writeResults(file, {
  startedAt: stamp,
  seconds,
  git: { commit: git(['rev-parse', 'HEAD']), dirty: git(['status', '--porcelain', '--', 'src', 'migrations']) !== '' },
  machine,
  cpuBeforeRun: idle,
  results,
});
const targets = rows.filter((row) => row.met !== undefined && row.met !== null && row.kind !== 'error');
const errorRows = rows.filter((row) => row.kind === 'error');
console.log(`\n${markdownTable(rows)}\n`);
console.log(
  `${targets.filter((row) => row.met).length}/${targets.length} targets met; ` +
    (errorRows.length ? `${errorRows.length} ERROR row(s) (see ❌ rows with target 0); ` : '') +
    `${results.filter((r) => !r.ok).length} workload(s) failed; ${seconds} s in all; results in ${path.relative(ROOT, file)}`,
);
process.exit(results.every((result) => result.ok) ? 0 : 1);
