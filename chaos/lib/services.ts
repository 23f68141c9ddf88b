import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort, run, sleep, spawnChild, waitUntil, type Child } from './processes.js';

/** A database or broker of the run's own: faults hit it, not the machine's shared services. */
export interface Service {
  url: string;
  /** Stops it abruptly (PostgreSQL: immediate shutdown, crash recovery at start; Redis: SIGKILL), then starts it again after `downMs`. */
  crash(downMs: number): Promise<void>;
  stop(): Promise<void>;
}

function postgresBin(): string {
  const root = '/usr/lib/postgresql';
  const version = existsSync(root) ? readdirSync(root).sort().at(-1) : undefined;
  if (!version) throw new Error(`PostgreSQL binaries not found under ${root}`);
  return path.join(root, version, 'bin');
}

/** A PostgreSQL cluster in a temp directory on a free port (initdb, pg_ctl), run as `postgres` when we are root. */
export async function startPostgres(): Promise<Service> {
  const bin = postgresBin();
  const dir = mkdtempSync(path.join(tmpdir(), 'chat-chaos-pg-'));
  if (process.getuid?.() === 0) chownSync(dir, Number(run('id', ['-u', 'postgres']).trim()), 0);
  const data = path.join(dir, 'data');
  const port = await freePort();
  run(path.join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8'], 'postgres');
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
  const pgCtl = (...args: string[]) => run(path.join(bin, 'pg_ctl'), ['-D', data, ...args], 'postgres');
  const start = () => pgCtl('-o', options, '-l', path.join(dir, 'postgres.log'), '-w', 'start');
  start();
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  return {
    url,
    async crash(downMs) {
      pgCtl('-m', 'immediate', '-w', 'stop');
      await sleep(downMs);
      start();
    },
    async stop() {
      try {
        pgCtl('-m', 'fast', '-w', 'stop');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** Answers true once PostgreSQL takes a query. */
export async function postgresAnswers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1_000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } finally {
    await client.end().catch(() => {});
  }
}

/** A redis-server on a free port, nothing persisted: a restart loses every key, as a failed-over cache would. */
export async function startRedis(): Promise<Service> {
  const port = await freePort();
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
  let child: Child | undefined;
  const start = async () => {
    child = spawnChild('redis-server', args);
    await waitUntil('redis-server to answer', () => redisAnswers(port), 10_000);
  };
  const kill = async () => {
    child?.process.kill('SIGKILL');
    await child?.exited;
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    async crash(downMs) {
      await kill();
      await sleep(downMs);
      await start();
    },
    stop: kill,
  };
}

function redisAnswers(port: number): boolean {
  try {
    return run('redis-cli', ['-p', String(port), 'ping']).trim() === 'PONG';
  } catch {
    return false;
  }
}
