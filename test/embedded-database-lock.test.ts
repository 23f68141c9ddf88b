import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { graphql } from './gql/index.js';
import { expectData, request } from './helpers/client.js';
import { postgresUrl } from './helpers/database.js';
import { CapturedLog } from './helpers/logs.js';
import { startServer, TEST_JWT_SECRET } from './helpers/server.js';
import { signUpUser } from './helpers/users.js';

const ViewerOfLockHolder = graphql(`
  query ViewerOfLockHolder {
    me {
      id
    }
  }
`);

const cleanups: (() => unknown)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

interface ServerProcess {
  child: ChildProcess;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
  /** Resolves with its /graphql URL once it listens; rejects if it exits first. */
  listening: Promise<string>;
  exited: Promise<number | null>;
}

/** `node src/main.ts` in its own process, as `npm start` runs it, on the embedded database under `dataDir`. */
function startProcess(dataDir: string): ServerProcess {
  const env = {
    PATH: process.env.PATH,
    HOST: '127.0.0.1',
    PORT: '0',
    DATA_DIR: dataDir,
    JWT_SECRET: TEST_JWT_SECRET,
    LOG_LEVEL: 'info',
  };
  const child = spawn(process.execPath, ['--import', 'tsx', path.resolve('src/main.ts')], { env });
  cleanups.push(() => void child.kill('SIGKILL'));
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const listening = new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk;
      const url = /"url":"(http:\/\/[^"]+)","msg":"server listening"/.exec(output)?.[1];
      if (url) resolve(url);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((code) => reject(new Error(`exited with ${code} before listening:\n${output}`)));
  });
  listening.catch(() => {}); // a process expected to exit is awaited through `exited` instead
  return { child, output: () => output, listening, exited };
}

describe('the embedded database under one DATA_DIR', () => {
  it('admits one process: a second exits 1 naming the holder; a lock left by kill -9 does not block', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'chat-lock-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const databaseDir = path.join(dataDir, 'pglite');

    const first = startProcess(dataDir);
    const firstUrl = await first.listening;
    const user = await signUpUser(firstUrl, 'holder');

    const second = startProcess(dataDir);
    expect(await Promise.race([second.exited, second.listening.then(() => 'listening')])).toBe(1);
    const refusal = second
      .output()
      .split('\n')
      .find((line) => line.includes('is in use by'));
    expect(refusal).toContain(`pid ${first.child.pid}`);
    expect(refusal).toContain(`host ${hostname()}`);
    expect(refusal).toContain(databaseDir);
    expect(refusal).not.toMatch(/\bat \S+:\d+/); // a message, not a stack

    // The holder serves on, its data untouched by the refused start.
    expect(expectData(await request(firstUrl, ViewerOfLockHolder, {}, { token: user.token })).me?.id).toBe(user.id);

    first.child.kill('SIGKILL');
    await first.exited;
    const third = startProcess(dataDir);
    const thirdUrl = await third.listening;
    expect(expectData(await request(thirdUrl, ViewerOfLockHolder, {}, { token: user.token })).me?.id).toBe(user.id);

    // A graceful stop releases the lock.
    third.child.kill('SIGTERM');
    expect(await third.exited).toBe(0);
    expect(existsSync(`${databaseDir}.lock`)).toBe(false);
  }, 90_000);
});

describe('a lock left by a holder on another host (a replaced container)', () => {
  it('is respected while its heartbeat is fresh and taken over once it has stopped', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'chat-lock-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const lockFile = `${path.join(dataDir, 'pglite')}.lock`;
    const foreign = { pid: 1, host: 'a-container-long-gone', processStart: 0, since: new Date().toISOString() };
    writeFileSync(lockFile, JSON.stringify(foreign));

    const refused = startProcess(dataDir);
    expect(await Promise.race([refused.exited, refused.listening.then(() => 'listening')])).toBe(1);
    expect(refused.output()).toContain('host a-container-long-gone');

    // Its holder stopped touching it two minutes ago: gone, wherever it ran.
    const twoMinutesAgo = new Date(Date.now() - 120_000);
    utimesSync(lockFile, twoMinutesAgo, twoMinutesAgo);
    const taker = startProcess(dataDir);
    await taker.listening;
    expect(JSON.parse(readFileSync(lockFile, 'utf8')).pid).toBe(taker.child.pid);
    taker.child.kill('SIGTERM');
    expect(await taker.exited).toBe(0);
  }, 90_000);
});

describe('NODE_ENV=production', () => {
  const warning = 'NODE_ENV=production on the embedded database';
  const warningsIn = (log: CapturedLog) => log.lines.filter((line) => line.includes(warning)).length;

  it('warns once at start on the embedded database', async () => {
    const log = new CapturedLog('warn');
    const server = await startServer({
      env: { NODE_ENV: 'production', DATABASE_URL: 'memory://' },
      logger: log.logger,
    });
    await server.stop();
    expect(warningsIn(log)).toBe(1);
  });

  if (postgresUrl) {
    it('does not warn on PostgreSQL', async () => {
      const log = new CapturedLog('warn');
      const server = await startServer({ env: { NODE_ENV: 'production' }, logger: log.logger });
      await server.stop();
      expect(warningsIn(log)).toBe(0);
    });
  }
});
