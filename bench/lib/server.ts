import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { withTimeout } from './cleanup.js';
import { benchEnv, RESULTS_DIR, ROOT, sleep } from './env.js';
import type { ProbeMemory } from './probe.js';
import { freePort, procAffinity, procMemory, procOpenFilesLimit, spawnNode, type Managed } from './procs.js';

export interface RunningProcess extends Managed {
  port: number;
  origin: string;
  /** http://127.0.0.1:PORT/graphql */
  url: string;
  /** ws://127.0.0.1:PORT/graphql */
  wsUrl: string;
  /** Memory after two full GCs, as the process itself sees it (through bench/lib/probe.ts). */
  memory(): Promise<ProbeMemory>;
  /** Starts the in-process V8 CPU profiler (bench/lib/probe.ts). */
  profileStart(): Promise<void>;
  /** Stops it and writes the profile to `file`. */
  profileStop(file: string): Promise<void>;
  /** Starts V8's sampling heap profiler, freed objects included (bench/lib/probe.ts). */
  allocationProfileStart(): Promise<void>;
  /** Stops it and writes the .heapprofile to `file`. */
  allocationProfileStop(file: string): Promise<void>;
  /** Writes a V8 heap snapshot to `file` (bench/lib/probe.ts). */
  heapSnapshot(file: string): Promise<void>;
  /** VmRSS from /proc, no GC. */
  rss(): number;
  describe(): string;
}

/**
 * Node flags of every process the bench starts, servers, baselines and peers alike: the server's
 * production flag (npm start, Dockerfile), so that what is compared is code, not tuning, and the
 * probe.
 */
const PROBE_ARGS = ['--max-semi-space-size=64', '--expose-gc', '--import', './bench/.build/lib/probe.js'];

let built = false;
/**
 * Compiles what the bench runs as plain JavaScript, the way it runs in production (`npm start`):
 * the server into dist/ (`npm run build`), the probe and baselines into bench/.build/. Running
 * TypeScript through tsx instead would measure tsx too (its keep-names wrapper gives every
 * closure a property store: about 5 KB more heap per subscribed socket, and CPU on every call).
 * Incremental, so a run after the first costs a few seconds; BENCH_SKIP_BUILD=1 skips it.
 */
export function buildForBench(log: (line: string) => void = () => {}): void {
  if (built || process.env.BENCH_SKIP_BUILD === '1') return;
  const started = performance.now();
  const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  for (const project of ['tsconfig.build.json', 'bench/tsconfig.build.json']) {
    execFileSync(process.execPath, [tsc, '-p', project], { cwd: ROOT, stdio: 'inherit' });
  }
  built = true;
  log(
    `compiled the server (dist/) and the bench processes (bench/.build/) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
}

/**
 * Redis key and channel prefix of the servers under test (REDIS_PREFIX): one per bench process,
 * shared by its instances, apart from everything else using this Redis.
 */
export const REDIS_PREFIX = `bench${process.pid}:`;

/** One JWT secret per bench process: every instance of a run must accept the same tokens. */
const JWT_SECRET = randomBytes(48).toString('base64url');

let probeId = 0;
/** Sends a request to bench/lib/probe.ts in the child and waits for the answer with the same id. */
function ask<T>(managed: Managed, request: Record<string, unknown>, timeoutMs = 30_000): Promise<T> {
  const id = ++probeId;
  return withTimeout(
    new Promise<T>((resolve, reject) => {
      const onMessage = (message: T & { id?: number; error?: string }) => {
        if (message?.id !== id) return;
        managed.child.off('message', onMessage);
        if (message.error) reject(new Error(`${managed.name} probe ${String(request.type)}: ${message.error}`));
        else resolve(message);
      };
      managed.child.on('message', onMessage);
      if (!managed.child.send({ ...request, id })) reject(new Error(`${managed.name}: IPC send failed`));
    }),
    timeoutMs,
    `${managed.name} probe ${String(request.type)}`,
  );
}

function attach(managed: Managed, port: number): RunningProcess {
  const origin = `http://127.0.0.1:${port}`;
  return {
    ...managed,
    port,
    origin,
    url: `${origin}/graphql`,
    wsUrl: `ws://127.0.0.1:${port}/graphql`,
    memory: () => ask<ProbeMemory>(managed, { type: 'memory' }),
    profileStart: () => ask(managed, { type: 'profile-start' }).then(() => {}),
    profileStop: (file) => ask(managed, { type: 'profile-stop', file }, 60_000).then(() => {}),
    allocationProfileStart: () => ask(managed, { type: 'alloc-start' }).then(() => {}),
    allocationProfileStop: (file) => ask(managed, { type: 'alloc-stop', file }, 60_000).then(() => {}),
    heapSnapshot: (file) => ask(managed, { type: 'heap-snapshot', file }, 120_000).then(() => {}),
    rss: () => procMemory(managed.pid).rss,
    describe: () =>
      `${managed.name} pid ${managed.pid} on core ${procAffinity(managed.pid)}, ` +
      `open-files limit ${procOpenFilesLimit(managed.pid)}`,
  };
}

async function waitReady(proc: Managed, origin: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exitCode: number | null | undefined;
  void proc.exited.then((code) => (exitCode = code));
  let last = '';
  while (Date.now() < deadline) {
    if (exitCode !== undefined) {
      throw new Error(`${proc.name} exited (${exitCode}) before it was ready:\n${proc.warnings.join('\n')}`);
    }
    try {
      const response = await fetch(`${origin}/ready`, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return;
      last = `HTTP ${response.status}`;
    } catch (err) {
      last = err instanceof Error ? err.message : String(err);
    }
    await sleep(100);
  }
  throw new Error(`${proc.name} not ready after ${timeoutMs} ms (last: ${last})`);
}

export interface ServerOptions {
  name?: string;
  databaseUrl: string;
  /** Default true: the targets are stated on PostgreSQL + Redis. */
  redis?: boolean;
  /** Write a V8 CPU profile to bench/results/ when the server exits. */
  cpuProfile?: boolean;
  /** Extra `node` flags (BENCH_SERVER_NODE_FLAGS adds to them). */
  nodeFlags?: string[];
  env?: Record<string, string>;
}

/** The real server, `node dist/src/main.js` (see buildForBench), in its own pinned process; resolves once /ready answers. */
export async function startServer(options: ServerOptions): Promise<RunningProcess> {
  const port = await freePort();
  const name = options.name ?? 'server';
  const profileArgs = options.cpuProfile ? ['--cpu-prof', '--cpu-prof-dir', RESULTS_DIR] : [];
  buildForBench();
  const extraFlags = [
    ...(options.nodeFlags ?? []),
    ...(process.env.BENCH_SERVER_NODE_FLAGS ?? '').split(/\s+/).filter(Boolean),
  ];
  const managed = spawnNode(name, [...extraFlags, ...profileArgs, ...PROBE_ARGS, 'dist/src/main.js'], {
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    DATABASE_URL: options.databaseUrl,
    ...(options.redis === false ? {} : { REDIS_URL: benchEnv.redisUrl, REDIS_PREFIX }),
    LOG_LEVEL: 'warn',
    JWT_SECRET,
    ...(benchEnv.rateLimits ? { RATE_LIMITS: benchEnv.rateLimits } : {}),
    DATA_DIR: path.join(os.tmpdir(), `chat-bench-${process.pid}`),
    ...options.env,
  });
  const running = attach(managed, port);
  try {
    await waitReady(managed, running.origin, 60_000);
  } catch (err) {
    await managed.stop(5_000);
    throw err;
  }
  return running;
}

/** A baseline of bench/baselines/ in its own pinned process; resolves once /ready answers. */
async function startBaseline(name: string, script: string, env: Record<string, string>): Promise<RunningProcess> {
  const port = await freePort();
  buildForBench();
  const managed = spawnNode(name, [...PROBE_ARGS, `bench/.build/baselines/${script}`], { PORT: String(port), ...env });
  const running = attach(managed, port);
  try {
    await waitReady(managed, running.origin, 30_000);
  } catch (err) {
    await managed.stop(5_000);
    throw err;
  }
  return running;
}

/**
 * A peer server of bench/peers/ (`node bench/peers/<script>`, plain JavaScript resolving its
 * packages from bench/peers/node_modules), pinned like the server, with NODE_ENV=production. It
 * listens on port 0 and says which port it got over IPC (and on stdout); resolves once it has.
 */
export async function startPeer(name: string, script: string, timeoutMs = 30_000): Promise<RunningProcess> {
  buildForBench();
  const managed = spawnNode(name, [...PROBE_ARGS, path.join('bench', 'peers', script)], {
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: '0',
  });
  let exitCode: number | null | undefined;
  void managed.exited.then((code) => (exitCode = code));
  try {
    const port = await withTimeout(
      new Promise<number>((resolve, reject) => {
        const onMessage = (message: { type?: string; port?: number }) => {
          if (message?.type !== 'listening' || typeof message.port !== 'number') return;
          managed.child.off('message', onMessage);
          resolve(message.port);
        };
        managed.child.on('message', onMessage);
        void managed.exited.then(() =>
          reject(new Error(`${name} exited (${exitCode}) before it listened:\n${managed.warnings.join('\n')}`)),
        );
      }),
      timeoutMs,
      `${name} start`,
    );
    const running = attach(managed, port);
    await waitReady(managed, running.origin, timeoutMs);
    return running;
  } catch (err) {
    await managed.stop(5_000);
    throw err;
  }
}

/** bench/baselines/ws-broadcast.ts, listening on /graphql. */
export function startWsBaseline(
  channel: string,
  replayPayload?: string,
  env: Record<string, string> = {},
): Promise<RunningProcess> {
  return startBaseline('ws-baseline', 'ws-broadcast.js', {
    BASELINE_CHANNEL: channel,
    REDIS_URL: benchEnv.redisUrl,
    ...(replayPayload ? { BASELINE_REPLAY_PAYLOAD: replayPayload } : {}),
    ...env,
  });
}

/**
 * bench/baselines/pg-send.ts (W3): W3's bare transaction in a closed loop in its own pinned process,
 * started and marked over HTTP (see that file). `senderIds` are user row ids, members of `roomId`.
 */
export function startPgSendBaseline(options: {
  databaseUrl: string;
  poolSize: number;
  roomId: string;
  senderIds: string[];
  /** Named (prepared) statements, as the server prepares its own; false: pg's unnamed ones. */
  prepared: boolean;
}): Promise<RunningProcess> {
  return startBaseline('pg-send-baseline', 'pg-send.js', {
    DATABASE_URL: options.databaseUrl,
    POOL_SIZE: String(options.poolSize),
    ROOM_ID: options.roomId,
    SENDER_IDS: options.senderIds.join(','),
    PREPARED: options.prepared ? '1' : '0',
  });
}

/**
 * bench/baselines/pg-history-http.ts (W5): a bare `node:http` + `pg` handler answering W5's page
 * query with the same JSON as the server; it accepts the server's access tokens (same JWT_SECRET).
 */
export function startPgHistoryBaseline(options: { databaseUrl: string; poolSize: number }): Promise<RunningProcess> {
  return startBaseline('pg-history-baseline', 'pg-history-http.js', {
    DATABASE_URL: options.databaseUrl,
    POOL_SIZE: String(options.poolSize),
    JWT_SECRET,
  });
}
