import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { CLK_TCK, ROOT, SERVER_CORE, taskset } from './env.js';
import { onCleanup, onExit } from './cleanup.js';

export interface Managed {
  name: string;
  child: ChildProcess;
  pid: number;
  exited: Promise<number | null>;
  /** Lines the process wrote to stderr/stdout at warn level or above (pino JSON level ≥ 40, or plain text). */
  warnings: string[];
  /** V8's garbage-collection trace lines (`--trace-gc`, `--trace-gc-nvp`), kept apart from the warnings. */
  gcTrace: string[];
  /** SIGTERM, then SIGKILL after `graceMs`. Resolves with the exit code (null when killed). */
  stop(graceMs?: number): Promise<number | null>;
}

/** A free TCP port on 127.0.0.1 (released just before the child binds it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const PINO_LEVELS: Record<number, string> = { 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
const PRINTED_LINES = 5;
/** `[pid:0x…]   1234 ms: Scavenge …` (--trace-gc) and `[pid:0x…] 1234 ms: pause=… gc=s …` (--trace-gc-nvp). */
const V8_GC_TRACE = /^\[\d+:0x[0-9a-f]+\]\s+\d+ ms: /;

/** Every process spawned by this bench process, for the log summary in the results. */
export const spawned: Managed[] = [];

/**
 * Spawns `node <nodeArgs>` pinned to the server core, with the open-file limit raised as far as
 * the hard limit allows, in its own process group. Output lines at warn level or above are
 * printed (prefixed with the name) and kept, so a server that starts refusing work is loud.
 */
export function spawnNode(name: string, nodeArgs: string[], env: Record<string, string>): Managed {
  const pin = taskset();
  const command = [...(pin ? [pin, '-c', String(SERVER_CORE)] : []), process.execPath, ...nodeArgs]
    .map((part) => `'${part.replace(/'/g, `'\\''`)}'`)
    .join(' ');
  // exec keeps the pid: the pid we hold is node's own, so /proc/<pid> describes the server.
  const script = `ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"; exec ${command}`;
  const child = spawn('bash', ['-c', script], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  if (!child.pid) throw new Error(`could not spawn ${name}`);
  const pid = child.pid;
  const warnings: string[] = [];
  const gcTrace: string[] = [];
  let printed = 0;
  const onLine = (line: string) => {
    if (!line.trim()) return;
    if (V8_GC_TRACE.test(line)) {
      gcTrace.push(line);
      return;
    }
    let level = 'OUT';
    try {
      const parsed = JSON.parse(line) as { level?: number };
      if (typeof parsed.level === 'number') level = PINO_LEVELS[parsed.level] ?? (parsed.level >= 40 ? 'WARN' : '');
    } catch {
      // not JSON: plain text output (stack traces, node warnings)
    }
    if (!level) return;
    warnings.push(line);
    if (printed++ < PRINTED_LINES) console.warn(`  [${name} ${level}] ${line.slice(0, 300)}`);
    else if (printed === PRINTED_LINES + 1) console.warn(`  [${name}] … more warnings; counted when it stops`);
  };
  for (const stream of [child.stdout!, child.stderr!]) {
    let buffered = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      buffered += chunk;
      let newline: number;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        onLine(buffered.slice(0, newline));
        buffered = buffered.slice(newline + 1);
      }
    });
    stream.on('end', () => buffered && onLine(buffered));
  }
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  // An IPC channel whose peer died must not crash the load generator.
  child.on('error', (err) => console.warn(`  [${name}] process error: ${err.message}`));
  child.on('disconnect', () => {});
  let alive = true;
  void exited.then(() => (alive = false));
  const offExit = onExit(() => alive && child.kill('SIGKILL'));

  let stopping: Promise<number | null> | undefined;
  const managed: Managed = {
    name,
    child,
    pid,
    exited,
    warnings,
    gcTrace,
    stop(graceMs = 15_000) {
      stopping ??= (async () => {
        if (alive) child.kill('SIGTERM');
        const timer = setTimeout(() => {
          if (alive) {
            console.warn(`  [${name}] did not exit ${graceMs} ms after SIGTERM; killing`);
            child.kill('SIGKILL');
          }
        }, graceMs);
        const code = await exited;
        clearTimeout(timer);
        if (warnings.length > PRINTED_LINES) {
          console.warn(`  [${name}] logged ${warnings.length} warning/error lines in all (first ones in the results)`);
        }
        offExit();
        offCleanup();
        return code;
      })();
      return stopping;
    },
  };
  const offCleanup = onCleanup(`stop ${name}`, () => managed.stop().then(() => {}));
  spawned.push(managed);
  return managed;
}

/** VmRSS and VmHWM of a process, in bytes, from /proc. */
export function procMemory(pid: number): { rss: number; hwm: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
  return { rss: field('VmRSS'), hwm: field('VmHWM') };
}

/** User+system CPU seconds a process (all its threads) has used so far. */
export function procCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
}

/** The soft open-files limit of a process. */
export function procOpenFilesLimit(pid: number): number {
  const limits = readFileSync(`/proc/${pid}/limits`, 'utf8');
  return Number(/^Max open files\s+(\d+)/m.exec(limits)?.[1] ?? NaN);
}

/** The CPU core(s) a process may run on, as taskset reports them (e.g. "0"). */
export function procAffinity(pid: number): string {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return /^Cpus_allowed_list:\s+(\S+)/m.exec(status)?.[1] ?? '?';
}

/** CPU seconds and command name of every process on the machine, from /proc/<pid>/stat. */
function allProcessCpu(): Map<number, { comm: string; seconds: number }> {
  const result = new Map<number, { comm: string; seconds: number }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const open = stat.indexOf('(');
      const close = stat.lastIndexOf(')');
      const fields = stat.slice(close + 2).split(' ');
      result.set(Number(entry), {
        comm: stat.slice(open + 1, close),
        seconds: (Number(fields[11]) + Number(fields[12])) / CLK_TCK,
      });
    } catch {
      // the process ended while we looked
    }
  }
  return result;
}

const SERVICES = new Set(['postgres', 'redis-server']);

export interface CpuReading {
  /** % of one core used over the interval by: this load generator, each watched process… */
  loadgenPct: number;
  serverPct: number[];
  /** CPU seconds of each watched process over the interval (unrounded). */
  serverSeconds: number[];
  /** …PostgreSQL and Redis (shared by the whole machine)… */
  servicesPct: number;
  /** …and every other process: anything above a few % means the numbers were taken on a busy machine. */
  otherPct: number;
  /** CPU seconds over the interval of all PostgreSQL processes, and of Redis, apart (servicesPct is their sum). */
  postgresSeconds: number;
  redisSeconds: number;
  /**
   * CPU seconds of each watched process from the scheduler's own count (`/proc/<pid>/task/<tid>/schedstat`,
   * nanoseconds; serverSeconds is in clock ticks, 10 ms), or serverSeconds where schedstat is missing.
   */
  serverPreciseSeconds: number[];
  /**
   * With CpuMeterOptions.database: CPU seconds (schedstat) of the PostgreSQL backends connected to
   * that database plus PostgreSQL's own background processes (WAL writer, checkpointer…), and
   * apart, of the backends of every other database (someone else's work on this PostgreSQL).
   */
  database?: { name: string; seconds: number; otherDatabasesSeconds: number };
}

export interface CpuMeterOptions {
  /** Split PostgreSQL's CPU by database (from each process's title): see CpuReading.database. */
  database?: string;
}

/**
 * CPU seconds of every thread of a process from `/proc/<pid>/task/<tid>/schedstat` (its first field,
 * nanoseconds on the CPU), or null when the kernel does not expose it or the process is gone.
 */
export function procCpuSecondsPrecise(pid: number): number | null {
  try {
    let ns = 0;
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      try {
        ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
      } catch {
        // the thread ended while we looked
      }
    }
    return Number.isFinite(ns) ? ns / 1e9 : null;
  } catch {
    return null;
  }
}

/**
 * The database a PostgreSQL process works for, from its process title (update_process_title): a
 * backend, `postgres: [cluster: ]user database host(port) state`, or an autovacuum worker; null for
 * PostgreSQL's own background processes (postmaster, WAL writer, checkpointer…); undefined if gone.
 */
function postgresDatabaseOf(pid: number): string | null | undefined {
  let title: string;
  try {
    title = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
  } catch {
    return undefined;
  }
  const match = /^postgres: (?:\S+: )?(?:autovacuum worker (\S+)|\S+ (\S+) (?:\[local\]|\S+\(\d+\)))/.exec(title);
  return match ? (match[1] ?? match[2] ?? null) : null;
}

/** Precise CPU seconds of every PostgreSQL process (by pid). */
function postgresPreciseCpu(pids: Iterable<number>): Map<number, number> {
  const result = new Map<number, number>();
  for (const pid of pids) {
    const seconds = procCpuSecondsPrecise(pid);
    if (seconds !== null) result.set(pid, seconds);
  }
  return result;
}

const postgresPids = (all: Map<number, { comm: string }>) =>
  [...all].filter(([, { comm }]) => comm === 'postgres').map(([pid]) => pid);

/**
 * CPU use over a measured interval, as % of one core: this process, the watched processes
 * (servers under test, baselines), PostgreSQL + Redis, and everything else on the machine — the
 * last tells whether someone else was using the cores while we measured.
 */
export class CpuMeter {
  private readonly selfStart = process.cpuUsage();
  private readonly wallStart = performance.now();
  private readonly machineStart = allProcessCpu();
  private readonly preciseStart: Array<number | null>;
  private readonly postgresStart: Map<number, number> | null;
  constructor(
    private readonly pids: number[],
    private readonly options: CpuMeterOptions = {},
  ) {
    this.preciseStart = pids.map(procCpuSecondsPrecise);
    this.postgresStart = options.database ? postgresPreciseCpu(postgresPids(this.machineStart)) : null;
  }
  read(): CpuReading {
    const preciseNow = this.pids.map(procCpuSecondsPrecise);
    let database: CpuReading['database'];
    if (this.postgresStart && this.options.database) {
      const postgresNow = postgresPreciseCpu(postgresPids(allProcessCpu()));
      database = { name: this.options.database, seconds: 0, otherDatabasesSeconds: 0 };
      for (const [pid, seconds] of postgresNow) {
        const owner = postgresDatabaseOf(pid);
        if (owner === undefined) continue;
        // A backend started during the interval counts from zero; one that ended is lost to both readings.
        const used = Math.max(0, seconds - (this.postgresStart.get(pid) ?? 0));
        if (owner === null || owner === this.options.database) database.seconds += used;
        else database.otherDatabasesSeconds += used;
      }
    }
    const wall = (performance.now() - this.wallStart) / 1000;
    const self = process.cpuUsage(this.selfStart);
    const pct = (seconds: number) => Math.round((seconds / wall) * 100);
    const now = allProcessCpu();
    const delta = (pid: number) => (now.get(pid)?.seconds ?? 0) - (this.machineStart.get(pid)?.seconds ?? 0);
    let services = 0;
    let other = 0;
    let postgres = 0;
    let redis = 0;
    for (const [pid, { comm }] of now) {
      if (pid === process.pid || this.pids.includes(pid)) continue;
      const used = Math.max(0, delta(pid));
      if (SERVICES.has(comm)) services += used;
      else other += used;
      if (comm === 'postgres') postgres += used;
      else if (comm === 'redis-server') redis += used;
    }
    return {
      loadgenPct: pct((self.user + self.system) / 1e6),
      serverPct: this.pids.map((pid) => pct(delta(pid))),
      serverSeconds: this.pids.map((pid) => delta(pid)),
      servicesPct: pct(services),
      otherPct: pct(other),
      postgresSeconds: postgres,
      redisSeconds: redis,
      serverPreciseSeconds: this.pids.map((pid, i) => {
        const start = this.preciseStart[i];
        const end = preciseNow[i];
        return start !== null && start !== undefined && end !== null && end !== undefined ? end - start : delta(pid);
      }),
      ...(database ? { database } : {}),
    };
  }
}

/** One line for progress output; warns when other processes used the cores. */
export function describeCpu(reading: CpuReading, names: string[] = ['server']): string {
  const parts = reading.serverPct.map((value, i) => `${names[i] ?? `proc${i}`} ${value}%`);
  parts.push(`load generator ${reading.loadgenPct}%`, `pg+redis ${reading.servicesPct}%`);
  let line = `cpu ${parts.join(', ')}`;
  if (reading.otherPct > 10) line += `, OTHER PROCESSES ${reading.otherPct}% (busy machine: numbers unreliable)`;
  return line;
}
