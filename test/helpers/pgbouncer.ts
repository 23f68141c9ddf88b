import { execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { postgresUrl } from './database.js';
import { sleep } from './ws.js';

/** Debian's package puts it in /usr/sbin, which is not on every user's PATH. */
export function pgbouncerBinary(): string {
  return ['/usr/sbin/pgbouncer', '/usr/bin/pgbouncer'].find((file) => existsSync(file)) ?? 'pgbouncer';
}

/** The installed PgBouncer's version, as [major, minor, patch]; throws when it is not installed. */
export function pgbouncerVersion(): [number, number, number] {
  const text = execFileSync(pgbouncerBinary(), ['--version'], { encoding: 'utf8' });
  const match = /PgBouncer (\d+)\.(\d+)\.(\d+)/.exec(text);
  if (!match) throw new Error(`unexpected pgbouncer --version output: ${text}`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

/**
 * Protocol-level prepared statements in transaction mode (`max_prepared_statements`) came with
 * PgBouncer 1.21.
 */
export function pgbouncerKeepsPreparedStatements(): boolean {
  const [major, minor] = pgbouncerVersion();
  return major > 1 || (major === 1 && minor >= 21);
}

export interface PgBouncerOptions {
  /** Server connections per (database, user) pair: fewer than the app's pool forces sharing. */
  poolSize?: number;
  /** `max_prepared_statements` (PgBouncer ≥ 1.21 only); unset leaves it out of the config. */
  maxPreparedStatements?: number;
  /** More `[pgbouncer]` settings, appended as they are. */
  settings?: Record<string, string | number>;
}

export interface PgBouncer {
  port: number;
  poolSize: number;
  /** `databaseUrl` (a database on the PostgreSQL of DATABASE_URL) as reached through this PgBouncer. */
  urlFor(databaseUrl: string): string;
  /** Rows of a command on PgBouncer's admin console (`SHOW POOLS`, `SHOW SERVERS`, …). */
  admin(command: string): Promise<Record<string, unknown>[]>;
  /** PgBouncer's log so far. */
  log(): string;
  stop(): Promise<void>;
}

/** A loopback port free at the time of asking. */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const quoted = (value: string) => `"${value.replaceAll('"', '""')}"`;

/**
 * Starts Debian's PgBouncer in the foreground in `pool_mode = transaction` in front of the
 * PostgreSQL of DATABASE_URL, on a free loopback port, with its config, log and pid file in a temp
 * directory of its own (removed at stop). Clients connect without a password (`auth_type = trust`);
 * PgBouncer logs in to PostgreSQL as DATABASE_URL's user, with its password if it has one. Every
 * database name is passed through, so any database created on that PostgreSQL can be reached.
 * Resolves once PgBouncer answers on its admin console; throws (with its log) if it cannot start.
 */
export async function startPgBouncer(options: PgBouncerOptions = {}): Promise<PgBouncer> {
  if (!postgresUrl) throw new Error('startPgBouncer needs DATABASE_URL=postgres://…');
  const upstream = new URL(postgresUrl);
  const user = decodeURIComponent(upstream.username) || userInfo().username;
  const password = decodeURIComponent(upstream.password);
  const poolSize = options.poolSize ?? 5;

  const dir = mkdtempSync(path.join(tmpdir(), 'chat-pgbouncer-'));
  // PgBouncer refuses to run as root: started as root (as in CI), it drops to `postgres`, who must
  // write its log and pid file.
  const runAs = process.getuid?.() === 0 ? 'postgres' : null;
  if (runAs) {
    const uid = Number(execFileSync('id', ['-u', runAs], { encoding: 'utf8' }));
    const gid = Number(execFileSync('id', ['-g', runAs], { encoding: 'utf8' }));
    chownSync(dir, uid, gid);
  }
  const logfile = path.join(dir, 'pgbouncer.log');
  const authFile = path.join(dir, 'userlist.txt');
  writeFileSync(authFile, `${quoted(user)} ${quoted(password)}\n`, { mode: 0o644 });

  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const settings: Record<string, string | number> = {
      listen_addr: '127.0.0.1',
      listen_port: port,
      unix_socket_dir: '',
      auth_type: 'trust',
      auth_file: authFile,
      admin_users: user,
      pool_mode: 'transaction',
      default_pool_size: poolSize,
      min_pool_size: 0,
      reserve_pool_size: 0,
      max_db_connections: poolSize,
      max_client_conn: 200,
      logfile,
      pidfile: path.join(dir, 'pgbouncer.pid'),
      // A client waiting this long for a server connection is an error here, not a slow test.
      query_wait_timeout: 20,
      ...(options.maxPreparedStatements !== undefined
        ? { max_prepared_statements: options.maxPreparedStatements }
        : {}),
      ...options.settings,
    };
    const ini = [
      '[databases]',
      `* = host=${upstream.hostname} port=${upstream.port || 5432}`,
      '',
      '[pgbouncer]',
      ...Object.entries(settings).map(([key, value]) => `${key} = ${value}`),
      '',
    ].join('\n');
    const configFile = path.join(dir, 'pgbouncer.ini');
    writeFileSync(configFile, ini, { mode: 0o644 });

    const child = spawn(pgbouncerBinary(), [...(runAs ? ['-u', runAs] : []), configFile], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));
    const exited = new Promise<void>((resolve) => {
      child.once('close', () => resolve());
      child.once('error', () => resolve());
    });
    const log = () => (existsSync(logfile) ? readFileSync(logfile, 'utf8') : '') + stderr;

    const adminUrl = `postgres://${encodeURIComponent(user)}@127.0.0.1:${port}/pgbouncer`;
    const admin = async (command: string) => {
      const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 2_000 });
      await client.connect();
      try {
        return (await client.query(command)).rows as Record<string, unknown>[];
      } finally {
        await client.end();
      }
    };
    const stop = async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM'); // immediate shutdown: the servers in front of it have stopped
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    };

    try {
      await answering(admin, child, spawnError, log);
    } catch (err) {
      lastError = err;
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
      // Another process took the port between asking and binding: try another.
      if (/Address already in use/.test(log())) continue;
      rmSync(dir, { recursive: true, force: true });
      throw err;
    }
    return {
      port,
      poolSize,
      urlFor(databaseUrl) {
        const url = new URL(databaseUrl);
        url.hostname = '127.0.0.1';
        url.port = String(port);
        url.password = ''; // trust: PgBouncer holds the password for PostgreSQL
        return url.toString();
      },
      admin,
      log,
      stop,
    };
  }
  rmSync(dir, { recursive: true, force: true });
  throw lastError;
}

/** Resolves once the admin console answers `SHOW VERSION`; fails with PgBouncer's log if it exits. */
async function answering(
  admin: (command: string) => Promise<unknown>,
  child: ReturnType<typeof spawn>,
  spawnError: Promise<Error>,
  log: () => string,
): Promise<void> {
  const failedToSpawn = await Promise.race([spawnError, sleep(0).then(() => null)]);
  if (failedToSpawn) throw new Error(`could not run ${pgbouncerBinary()}: ${failedToSpawn.message}`);
  for (let tries = 0; tries < 100; tries++) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`pgbouncer exited with ${child.exitCode ?? child.signalCode}: ${log()}`);
    }
    if (
      await admin('SHOW VERSION').then(
        () => true,
        () => false,
      )
    )
      return;
    await sleep(50);
  }
  throw new Error(`pgbouncer did not answer: ${log()}`);
}
