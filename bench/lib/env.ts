import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root (bench/lib/ → ../..). Servers are spawned from here. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const RESULTS_DIR = path.join(ROOT, 'bench', 'results');

/** Refuses any URL whose host is not on this machine's loopback: the bench sends traffic nowhere else. */
export function requireLoopback(url: string, name: string): string {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  if (!(host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host))) {
    throw new Error(`${name} must point at 127.0.0.1/localhost, got ${host}`);
  }
  return url;
}

function intFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return value;
}

/** Everything tunable from the environment, validated once. */
export const benchEnv = {
  /** Admin connection used to CREATE and DROP the per-run databases (any database on the server). */
  pgUrl: requireLoopback(process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres', 'BENCH_PG_URL'),
  /**
   * Redis for the servers under test. A database index of its own (/13) keeps the servers' Redis
   * keys (rate-limit counters, e.g. `rl:socket:127.0.0.1`) apart from tests and other programs on
   * this machine; pub/sub channels ignore the index, which is why bench databases use private id ranges.
   */
  redisUrl: requireLoopback(process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/13', 'BENCH_REDIS_URL'),
  /**
   * RATE_LIMITS handed to the servers under test. The bench plays thousands of clients with a
   * handful of identities from one address, so per-user, per-address and per-socket budgets are
   * lifted: the limiters still run (and cost what they cost) but never refuse. Set
   * BENCH_RATE_LIMITS to measure with other budgets; an empty value passes none (server defaults).
   */
  rateLimits:
    process.env.BENCH_RATE_LIMITS ??
    ['socket', 'subscribe', 'message', 'signUp', 'friendRequest', 'typing', 'createRoom', 'roomMembers']
      .map((name) => `${name}=1000000000/1s`)
      .join(','),
  /**
   * Distinct users signed up through the API per workload (at least; workloads with many sockets in
   * one room sign up one per 20 sockets, the server's live subscriptions per user and room: see
   * usersForSubscribers in lib/seed.ts); sockets and senders reuse their tokens round-robin. Each
   * sign-up costs one argon2 hash.
   */
  users: intFromEnv('BENCH_USERS', 8),
  /** Scales every measuring window (0.5 = half as long); setup is not scaled. */
  timeScale: Number(process.env.BENCH_TIME_SCALE ?? '1') || 1,
};

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Scaled measuring window in ms. */
export const windowMs = (ms: number) => Math.max(500, Math.round(ms * benchEnv.timeScale));

let tasksetPath: string | null | undefined;
/** `taskset` (util-linux) if installed and the machine has at least two cores, else null (no pinning). */
export function taskset(): string | null {
  if (tasksetPath !== undefined) return tasksetPath;
  tasksetPath = null;
  if (os.availableParallelism() < 2) return tasksetPath;
  for (const candidate of ['/usr/bin/taskset', '/bin/taskset', '/usr/local/bin/taskset']) {
    if (existsSync(candidate)) return (tasksetPath = candidate);
  }
  return tasksetPath;
}

/** Core the server side (server under test, baselines) runs on, and the one the load generator runs on. */
export const SERVER_CORE = 0;
export const LOAD_CORE = 1;

/** Pins this process (all its current threads; new ones inherit) to the load generator's core. */
export function pinSelfToLoadCore(): string {
  const bin = taskset();
  if (!bin) return 'unpinned (no taskset or a single core)';
  execFileSync(bin, ['-a', '-p', '-c', String(LOAD_CORE), String(process.pid)], { stdio: 'ignore' });
  return `load generator pinned to core ${LOAD_CORE}`;
}

/** The PostgreSQL pool size the server uses, read from its source so the baselines follow it. */
export function serverPoolSize(): { size: number; source: string } {
  const file = path.join(ROOT, 'src', 'platform', 'db', 'database.ts');
  try {
    const match = /new pg\.Pool\(\{[\s\S]*?\bmax:\s*(\d+)/.exec(readFileSync(file, 'utf8'));
    if (match) return { size: Number(match[1]), source: 'src/platform/db/database.ts' };
  } catch {
    // fall through
  }
  console.warn('!! could not read the pg pool size from src/platform/db/database.ts; assuming 20');
  return { size: 20, source: 'assumed' };
}

/** Clock ticks per second for /proc/<pid>/stat CPU times. */
export const CLK_TCK = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();
