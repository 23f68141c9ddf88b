import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runCleanups } from './cleanup.js';
import { benchEnv, pinSelfToLoadCore, RESULTS_DIR, taskset } from './env.js';
import { spawned } from './procs.js';

/** One line of the results table. `met` is null for informational rows (no target). */
export interface Row {
  workload: string;
  metric: string;
  value: number | null;
  unit: string;
  baseline?: number | null;
  ratio?: number | null;
  /** The best peer server's value (bench/peers/) and value ÷ that, where a row compares with peers. */
  peer?: number | null;
  peerName?: string;
  peerRatio?: number | null;
  target?: string;
  met?: boolean | null;
  note?: string;
  /** 'error': not a target but something that went wrong (refused requests, server errors). */
  kind?: 'error';
}

export interface WorkloadResult {
  workload: string;
  title: string;
  ok: boolean;
  error?: string;
  startedAt: string;
  seconds: number;
  rows: Row[];
  details: Record<string, unknown>;
}

export interface WorkloadContext {
  args: Record<string, string | boolean | undefined>;
  row(row: Omit<Row, 'workload'>): void;
  /** Free-form measurements kept in the JSON results (histograms, CPU, frame sizes…). */
  details: Record<string, unknown>;
  log(message: string): void;
}

const startTime = performance.now();
export const elapsed = () => `${((performance.now() - startTime) / 1000).toFixed(1).padStart(6)}s`;

export function formatValue(value: number | null | undefined, unit: string): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  switch (unit) {
    case 'ms':
      return `${value < 10 ? value.toFixed(2) : value.toFixed(1)} ms`;
    case 'µs':
      return `${value < 10 ? value.toFixed(2) : value.toFixed(1)} µs`;
    case 'B':
      return value >= 1024 ? `${(value / 1024).toFixed(1)} KB` : `${Math.round(value)} B`;
    case '%':
      return `${value.toFixed(1)} %`;
    case '':
      return value.toLocaleString('en-US', { maximumFractionDigits: 2 });
    default:
      return `${Math.round(value).toLocaleString('en-US')} ${unit}`;
  }
}

export function markdownTable(rows: Row[]): string {
  const lines = [
    '| workload | metric | value | baseline | ratio | best peer | ratio to peer | target | met? |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  const times = (ratio: number | null | undefined) =>
    ratio === null || ratio === undefined || Number.isNaN(ratio) ? '—' : `${ratio.toFixed(2)}×`;
  for (const row of rows) {
    const met = row.met === true ? '✅' : row.met === false ? '❌' : '';
    const metric = row.note ? `${row.metric} (${row.note})` : row.metric;
    const peer =
      row.peer === null || row.peer === undefined
        ? '—'
        : `${formatValue(row.peer, row.unit)}${row.peerName ? ` (${row.peerName})` : ''}`;
    lines.push(
      `| ${row.workload} | ${metric} | ${formatValue(row.value, row.unit)} | ${formatValue(row.baseline, row.unit)} | ` +
        `${times(row.ratio)} | ${peer} | ${times(row.peerRatio)} | ${row.target ?? ''} | ${met} |`,
    );
  }
  return lines.join('\n');
}

export const isoStamp = () =>
  new Date()
    .toISOString()
    .replace(/:/g, '-')
    .replace(/\.\d+Z$/, 'Z');

export function writeResults(file: string, content: unknown) {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(content, null, 2)}\n`);
}

export function machineInfo() {
  return {
    node: process.version,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    loadavg: os.loadavg().map((value) => Math.round(value * 100) / 100),
    taskset: taskset() ?? 'none',
    users: benchEnv.users,
    rateLimits: benchEnv.rateLimits,
    redisUrl: benchEnv.redisUrl,
    timeScale: benchEnv.timeScale,
  };
}

/**
 * Runs one workload as a process of its own: pins itself to the load generator's core, enforces a
 * deadline, always cleans up (servers, databases), prints its table and writes its results
 * (`--json-out <file>` when run by bench/run.ts, else bench/results/<date>-<workload>.json).
 */
export async function runWorkload(
  workload: string,
  title: string,
  options: { deadlineSeconds: number; flags?: Record<string, { type: 'string' | 'boolean' }> },
  body: (ctx: WorkloadContext) => Promise<void>,
): Promise<void> {
  const { values } = parseArgs({
    options: { 'json-out': { type: 'string' }, ...options.flags },
    allowPositionals: false,
  });
  const rows: Row[] = [];
  const details: Record<string, unknown> = {};
  const result: WorkloadResult = {
    workload,
    title,
    ok: false,
    startedAt: new Date().toISOString(),
    seconds: 0,
    rows,
    details,
  };
  const log = (message: string) => console.log(`[${elapsed()}] ${workload} ${message}`);
  const finish = async (exitCode: number) => {
    await runCleanups();
    // What the spawned processes logged at warn level or above: loud in the table, kept in the results.
    details.processLogs = spawned.map((proc) => ({
      name: proc.name,
      pid: proc.pid,
      warningLines: proc.warnings.length,
      first: proc.warnings.slice(0, 20),
    }));
    const logged = spawned.filter((proc) => proc.warnings.length);
    if (logged.length) {
      const first = logged[0]!.warnings[0]!;
      let message = first;
      try {
        const parsed = JSON.parse(first) as { msg?: string; err?: unknown };
        message = `${parsed.msg ?? ''} ${typeof parsed.err === 'string' ? parsed.err : ''}`.trim();
      } catch {
        // plain text line
      }
      rows.push({
        workload,
        metric: 'warning/error lines logged by servers',
        value: logged.reduce((sum, proc) => sum + proc.warnings.length, 0),
        unit: '',
        target: '0',
        met: false,
        kind: 'error',
        note: `first: ${message.slice(0, 120)}`,
      });
    }
    result.seconds = Math.round(performance.now() - startTime) / 1000;
    const out = (values['json-out'] as string | undefined) ?? path.join(RESULTS_DIR, `${isoStamp()}-${workload}.json`);
    writeResults(out, values['json-out'] ? result : { machine: machineInfo(), results: [result] });
    if (!values['json-out']) {
      console.log(`\n${markdownTable(rows)}\n\n${workload} took ${result.seconds} s; results in ${out}`);
    }
    process.exit(exitCode);
  };
  const fail = (reason: string) => {
    console.error(`\n!! ${workload} FAILED: ${reason}\n`);
    result.error = reason;
    const firstLine = reason.split('\n')[0]!.slice(0, 300);
    rows.push({
      workload,
      metric: 'run',
      value: null,
      unit: '',
      met: false,
      kind: 'error',
      note: `FAILED: ${firstLine}`,
    });
  };

  const deadline = setTimeout(() => {
    fail(`deadline of ${options.deadlineSeconds} s exceeded`);
    void finish(1);
  }, options.deadlineSeconds * 1000);
  deadline.unref();
  // A stray rejection (a socket closing mid-handshake…) must not kill the process before cleanup.
  process.on('unhandledRejection', (reason) => {
    const text = reason instanceof Error ? reason.message : (JSON.stringify(reason) ?? String(reason));
    console.warn(`  !! unhandled rejection in the load generator: ${text.slice(0, 300)}`);
  });
  process.once('uncaughtException', (err) => {
    fail(`uncaught exception: ${err.stack ?? err.message}`);
    void finish(1);
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      fail(`interrupted by ${signal}`);
      void finish(130);
    });
  }

  log(`— ${title} (${pinSelfToLoadCore()})`);
  try {
    await body({ args: values, row: (row) => rows.push({ workload, ...row }), details, log });
    result.ok = true;
  } catch (err) {
    fail(err instanceof Error ? (err.stack ?? err.message) : String(err));
  }
  clearTimeout(deadline);
  await finish(result.ok ? 0 : 1);
}

/** ratio and met for "value ≥ factor × baseline". */
export function atLeast(value: number, baseline: number, factor: number) {
  const ratio = value / baseline;
  return { baseline, ratio, met: Number.isFinite(ratio) ? ratio >= factor : false };
}

/** ratio and met for "value ≤ factor × baseline + slack". */
export function atMost(value: number, baseline: number, factor: number, slack = 0) {
  const ratio = value / baseline;
  return {
    baseline,
    ratio,
    met: Number.isFinite(value) && Number.isFinite(baseline) && value <= factor * baseline + slack,
  };
}
