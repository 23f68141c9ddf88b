import { spawn, type ChildProcess } from 'node:child_process';
import { openSync } from 'node:fs';
import path from 'node:path';
import { RATE_LIMIT_DEFAULTS } from '../../src/platform/rate-limits.js';
import { freePort, waitUntil } from './processes.js';

/** One chat-api process, as `npm start` runs it (compiled, NODE_ENV=production). */
export interface Instance {
  name: string;
  port: number;
  /** SIGKILL: no drain, no goodbye to its sockets; resolves once it is gone. */
  kill9(): Promise<void>;
  /** Starts it again on the same port (what a supervisor does) and waits until /ready answers. */
  start(): Promise<void>;
  /** Graceful stop (SIGTERM). */
  stop(): Promise<void>;
}

/** The run signs up and sends far more from the loopback than a person would. */
const RUN_RATE_LIMITS = Object.keys(RATE_LIMIT_DEFAULTS)
  .map((name) => (name === 'queryCost' ? `${name}=1000000000/1s` : `${name}=1000000/1s`))
  .join(',');

export async function startInstances(
  count: number,
  shared: { databaseUrl: string; redisUrl: string; jwtSecret: string; logDir: string },
): Promise<Instance[]> {
  const instances: Instance[] = [];
  for (let index = 1; index <= count; index++) {
    const instance = await createInstance(`app${index}`, await freePort(), shared);
    instances.push(instance);
  }
  // One at a time for the first start: each applies (or finds applied) the migrations.
  for (const instance of instances) await instance.start();
  return instances;
}

async function createInstance(
  name: string,
  port: number,
  shared: { databaseUrl: string; redisUrl: string; jwtSecret: string; logDir: string },
): Promise<Instance> {
  const env = {
    ...process.env,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    DATABASE_URL: shared.databaseUrl,
    REDIS_URL: shared.redisUrl,
    JWT_SECRET: shared.jwtSecret,
    TRUSTED_PROXIES: '127.0.0.1',
    RATE_LIMITS: RUN_RATE_LIMITS,
    LOG_LEVEL: 'warn',
    SHUTDOWN_DELAY_MS: '0',
  };
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  const log = path.join(shared.logDir, `${name}.log`);
  return {
    name,
    port,
    async start() {
      const out = openSync(log, 'a');
      child = spawn(process.execPath, ['dist/src/main.js'], { env, stdio: ['ignore', out, out] });
      const current = child;
      exited = new Promise((resolve) => current.once('exit', () => resolve()));
      await waitUntil(`${name} to be ready (log: ${log})`, async () => {
        if (current.exitCode !== null) throw new Error(`${name} exited with ${current.exitCode}; see ${log}`);
        return (await fetch(`http://127.0.0.1:${port}/ready`)).ok;
      });
    },
    async kill9() {
      child?.kill('SIGKILL');
      await exited;
    },
    async stop() {
      child?.kill('SIGTERM');
      await exited;
    },
  };
}
