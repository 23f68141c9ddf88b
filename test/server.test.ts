import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createClient } from 'graphql-ws';
import { print } from 'graphql';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/platform/config.js';
import { graphql } from './gql/index.js';
import { expectData, request } from './helpers/client.js';
import { postgresUrl, createTestDatabase } from './helpers/database.js';
import { startServer, type TestServer } from './helpers/server.js';
import { signUpUser } from './helpers/users.js';
import { connect } from './helpers/ws.js';

const WhoAmIQuery = graphql(`
  query WhoAmI {
    me {
      id
      username
    }
  }
`);

const LogInAgainMutation = graphql(`
  mutation LogInAgain($input: LogInInput!) {
    logIn(input: $input) {
      user {
        id
      }
    }
  }
`);

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server?.stop());

describe('HTTP endpoints', () => {
  it('reports /health and /ready', async () => {
    const health = await fetch(`${server.origin}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${server.origin}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
  });

  it('serves GraphiQL to a browser outside production', async () => {
    const response = await fetch(server.url, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    expect(await response.text()).toMatch(/graphiql/i);
  });

  it('serves no GraphiQL in production', async () => {
    const production = await startServer({ env: { NODE_ENV: 'production' } });
    try {
      const response = await fetch(production.url, { headers: { accept: 'text/html' } });
      expect(await response.text()).not.toMatch(/graphiql/i);
    } finally {
      await production.stop();
    }
  });
});

describe('WebSocket transport on the same port and path', () => {
  function connect(authorization?: string) {
    return createClient({
      url: server.wsUrl,
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      lazy: false,
      connectionParams: authorization ? { authorization } : {},
    });
  }

  function closeCode(authorization?: string): Promise<number> {
    return new Promise((resolve) => {
      const client = connect(authorization);
      client.on('closed', (event) => {
        resolve((event as { code: number }).code);
        void client.dispose();
      });
    });
  }

  it('runs operations for a socket with a valid token', async () => {
    const user = await signUpUser(server.url);
    const client = connect(`Bearer ${user.token}`);
    try {
      const result = await new Promise((resolve, reject) => {
        client.subscribe({ query: print(WhoAmIQuery) }, { next: resolve, error: reject, complete: () => {} });
      });
      expect(result).toEqual({ data: { me: { id: user.id, username: user.username } } });
    } finally {
      await client.dispose();
    }
  });

  it('closes with 4403 when the token is missing or bad', async () => {
    expect(await closeCode()).toBe(4403);
    expect(await closeCode('Bearer not-a-token')).toBe(4403);
  });
});

describe('persistence across restarts', () => {
  async function signUpThenRestart(env: Record<string, string>, databaseUrl?: string) {
    const first = await startServer({ env, databaseUrl, keepDatabase: true });
    const user = await signUpUser(first.url);
    await first.stop();
    const second = await startServer({ env, databaseUrl: databaseUrl ?? first.databaseUrl });
    try {
      const { logIn } = expectData(
        await request(second.url, LogInAgainMutation, { input: { username: user.username, password: user.password } }),
      );
      expect(logIn.user.id).toBe(user.id);
      // Access tokens outlive the restart too: the session is in the database, the secret in config.
      expect(expectData(await request(second.url, WhoAmIQuery, {}, { token: user.token })).me?.id).toBe(user.id);
    } finally {
      await second.stop();
    }
  }

  it('keeps data in the embedded database under DATA_DIR, creating the directory on first start', async () => {
    const parent = mkdtempSync(path.join(tmpdir(), 'chat-data-'));
    try {
      // A DATA_DIR that does not exist yet, as on a fresh production host with JWT_SECRET set.
      await signUpThenRestart({ DATABASE_URL: '', DATA_DIR: path.join(parent, 'fresh', 'data') });
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  });

  // Only meaningful when the suite runs against PostgreSQL (DATABASE_URL set); CI runs both.
  if (postgresUrl) {
    it('keeps data in PostgreSQL', async () => {
      const database = await createTestDatabase();
      try {
        await signUpThenRestart({}, database.url);
      } finally {
        await database.drop();
      }
    });
  }
});

describe('the process entry', () => {
  const mainFile = path.resolve('src/main.ts');

  function runMain(env: Record<string, string>, signalAfterReady?: NodeJS.Signals) {
    return new Promise<{ code: number | null; stderr: string; stdout: string }>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', mainFile], {
        env: { PATH: process.env.PATH, HOST: '127.0.0.1', PORT: '0', DATABASE_URL: 'memory://', ...env },
      });
      let stdout = '';
      let stderr = '';
      let signalled = false;
      child.stdout.on('data', (chunk) => {
        stdout += chunk;
        if (signalAfterReady && !signalled && stdout.includes('server listening')) {
          signalled = true;
          child.kill(signalAfterReady);
        }
      });
      child.stderr.on('data', (chunk) => (stderr += chunk));
      child.on('exit', (code) => resolve({ code, stderr, stdout }));
    });
  }

  it('exits 1 with a clear message on a bad variable', async () => {
    const { code, stderr } = await runMain({ PORT: 'eighty', ACCESS_TOKEN_TTL: 'soon', PREPARED_STATEMENTS: 'maybe' });
    expect(code).toBe(1);
    expect(stderr).toContain('PORT');
    expect(stderr).toContain('ACCESS_TOKEN_TTL');
    expect(stderr).toContain('PREPARED_STATEMENTS');
    expect(stderr).not.toMatch(/\bat \S+:\d+/);
  });

  it('refuses a TRUSTED_PROXIES entry that is not an address or CIDR range', async () => {
    const { code, stderr } = await runMain({ TRUSTED_PROXIES: '10.0.0.0/8,proxy.internal' });
    expect(code).toBe(1);
    expect(stderr).toContain('TRUSTED_PROXIES');
  });

  it('refuses to start in production without JWT_SECRET', async () => {
    const { code, stderr } = await runMain({ NODE_ENV: 'production' });
    expect(code).toBe(1);
    expect(stderr).toContain('JWT_SECRET');
  });

  it('refuses a JWT_SECRET shorter than 32 bytes', async () => {
    const { code, stderr } = await runMain({ JWT_SECRET: 'short' });
    expect(code).toBe(1);
    expect(stderr).toContain('JWT_SECRET');
  });

  it('stops cleanly with exit code 0 on SIGTERM', async () => {
    const { code, stdout } = await runMain({ JWT_SECRET: 'x'.repeat(32) }, 'SIGTERM');
    expect(stdout).toContain('server stopped');
    expect(code).toBe(0);
  });

  // A secret generated per DATA_DIR made instances on one PostgreSQL database reject each other's tokens.
  it('refuses to start on PostgreSQL without JWT_SECRET, in one line saying why', async () => {
    const { code, stderr } = await runMain({ DATABASE_URL: 'postgres://chat@127.0.0.1:1/chat' });
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toEqual([expect.stringMatching(/^JWT_SECRET .*share the secret/)]);
  });

  if (postgresUrl) {
    it('names a database that does not exist and how to create it, in one line, no stack', async () => {
      const url = new URL(postgresUrl!);
      url.pathname = `/chat_missing_${randomBytes(4).toString('hex')}`;
      const name = url.pathname.slice(1);
      const { code, stdout, stderr } = await runMain({ DATABASE_URL: url.toString(), JWT_SECRET: 'x'.repeat(32) });
      expect(code).toBe(1);
      const lines = (stdout + stderr).trim().split('\n');
      expect(lines).toHaveLength(1);
      // JSON to a pipe, pretty at a terminal: the quotes around the name may be escaped.
      expect(lines[0]).toMatch(new RegExp(`database \\\\?"${name}\\\\?" does not exist on ${url.host}`));
      expect(lines[0]).toMatch(new RegExp(`create it with: createdb -h ${url.hostname} .*${name}`));
      expect(lines[0]).not.toMatch(/\bat \S+:\d+/);
    });
  }
});

describe('configuration', () => {
  // `PORT=` in an env file once listened on a random port (Number('') is 0).
  it('reads an empty variable as unset, for every variable', () => {
    const blank = ['PORT', 'HOST', 'NODE_ENV', 'LOG_LEVEL', 'GRAPHIQL', 'ACCESS_TOKEN_TTL', 'SHUTDOWN_DELAY_MS'];
    const env = { ...Object.fromEntries(blank.map((name) => [name, ''])), DATABASE_URL: '', REDIS_URL: ' ' };
    const config = loadConfig({ ...env, DATA_DIR: '', JWT_SECRET: 'x'.repeat(32) });
    const defaults = loadConfig({ JWT_SECRET: 'x'.repeat(32) });
    expect(config.port).toBe(4000);
    expect(config).toEqual(defaults);
  });
});

describe('the production build', () => {
  // npm start builds too, but the migrate command must run from dist/ alone (no tsx after a prune).
  beforeAll(() => run('npm', ['run', '-s', 'build']), 120_000);

  /** Runs a command to its end; rejects with its output when it fails. */
  function run(command: string, args: string[], options: { cwd?: string; env?: Record<string, string> } = {}) {
    return new Promise<string>((resolve, reject) => {
      execFile(command, args, options, (err, stdout, stderr) =>
        err ? reject(new Error(`${command} ${args.join(' ')}: ${err.message}\n${stdout}${stderr}`)) : resolve(stdout),
      );
    });
  }

  // After `npm prune --omit=dev` there is no tsx (nor tsc): `npm run migrate` failed with "tsx: not found".
  it('migrates a fresh database where the dev tools are pruned, without JWT_SECRET', async () => {
    const pruned = mkdtempSync(path.join(tmpdir(), 'chat-pruned-'));
    const database = postgresUrl ? await createTestDatabase() : null;
    try {
      // The package as a production image holds it: package.json and dist/, no node_modules/.bin.
      copyFileSync('package.json', path.join(pruned, 'package.json'));
      symlinkSync(path.resolve('dist'), path.join(pruned, 'dist'));
      // Nor the dev tools on PATH that npx and npm run put there for this test run.
      const PATH = process.env.PATH!.split(path.delimiter).filter((dir) => !dir.includes('node_modules'));
      const env = { PATH: PATH.join(path.delimiter), HOME: process.env.HOME!, DATA_DIR: path.join(pruned, 'data') };
      if (database) Object.assign(env, { DATABASE_URL: database.url });
      const inPruned = { cwd: pruned, env };
      const applied = await run('npm', ['run', '-s', 'migrate'], inPruned);
      expect(applied).toContain('0001_users_and_sessions');
      expect(applied).toContain('migrations applied');
      // The production command itself, as a deploy step would run it.
      expect(await run(process.execPath, ['dist/src/platform/db/migrate-cli.js'], inPruned)).toContain(
        'database already up to date',
      );
    } finally {
      await database?.drop();
      rmSync(pruned, { recursive: true, force: true });
    }
  }, 60_000);

  /** Every process below `pid`, from /proc (Linux): a grandchild left running shows up here. */
  function descendants(pid: number): number[] {
    const children = new Map<number, number[]>();
    for (const entry of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
      let stat: string;
      try {
        stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      } catch {
        continue; // exited while we looked
      }
      // "pid (comm) state ppid …"; comm may hold spaces and parentheses, so read after the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    }
    const below = (parent: number): number[] => (children.get(parent) ?? []).flatMap((c) => [c, ...below(c)]);
    return below(pid);
  }

  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };

  // Supervisors signal the process they started: with `npm start` that is npm, which forwards the
  // signal to its script's shell. The server used to outlive both, orphaned, never draining.
  it('npm start passes SIGTERM on: the server drains and no process is left', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'chat-npm-start-'));
    const env = {
      ...{ PATH: process.env.PATH, HOME: process.env.HOME, DATA_DIR: dataDir },
      ...{ HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', SHUTDOWN_DELAY_MS: '0' },
    };
    const npm = spawn('npm', ['start'], { env });
    let output = '';
    npm.stdout.on('data', (chunk) => (output += chunk));
    npm.stderr.on('data', (chunk) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => npm.on('exit', (code) => resolve(code)));
    let tree: number[] = [];
    try {
      const origin = await new Promise<string>((resolve, reject) => {
        npm.stdout.on('data', () => {
          const url = /(http:\/\/127\.0\.0\.1:\d+)\/graphql/.exec(output)?.[1];
          if (url && output.includes('server listening')) resolve(url);
        });
        void exited.then((code) => reject(new Error(`npm start exited with ${code}:\n${output}`)));
      });
      expect((await fetch(`${origin}/health`)).status).toBe(200);
      tree = descendants(npm.pid!);
      expect(tree.length).toBeGreaterThan(0);

      npm.kill('SIGTERM');
      const code = await exited;
      await expect.poll(() => tree.filter(alive), { timeout: 15_000 }).toEqual([]);
      expect(output).toContain('server stopped');
      expect(code).toBe(0);
    } finally {
      for (const pid of [npm.pid!, ...tree].filter(alive)) process.kill(pid, 'SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('host, CORS and introspection settings', () => {
  const IntrospectionQuery = '{ __schema { queryType { name } } }';

  it('refuses requests for a Host outside TRUSTED_HOSTS and serves those inside', async () => {
    const guarded = await startServer({ env: { TRUSTED_HOSTS: 'chat.example.com' } });
    try {
      // fetch sets Host from the URL, so 127.0.0.1:PORT is not a trusted host here.
      expect((await fetch(`${guarded.origin}/health`)).status).toBe(421);
      const trusted = await new Promise<number>((resolve, reject) => {
        const url = new URL(guarded.origin);
        import('node:http').then(({ get }) =>
          get({ host: url.hostname, port: url.port, path: '/health', headers: { host: 'chat.example.com' } }, (res) =>
            resolve(res.statusCode ?? 0),
          ).on('error', reject),
        );
      });
      expect(trusted).toBe(200);
    } finally {
      await guarded.stop();
    }
  });

  it('answers CORS preflights only for origins in CORS_ORIGINS', async () => {
    const withCors = await startServer({ env: { CORS_ORIGINS: 'https://app.example.com' } });
    try {
      const preflight = (origin: string) =>
        fetch(withCors.url, {
          method: 'OPTIONS',
          headers: {
            origin,
            'access-control-request-method': 'POST',
            'access-control-request-headers': 'content-type',
          },
        });
      expect((await preflight('https://app.example.com')).headers.get('access-control-allow-origin')).toBe(
        'https://app.example.com',
      );
      expect((await preflight('https://evil.example.com')).headers.get('access-control-allow-origin')).not.toBe(
        'https://evil.example.com',
      );
    } finally {
      await withCors.stop();
    }
  });

  it('sends no CORS headers when CORS_ORIGINS is empty', async () => {
    const response = await fetch(server.url, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example.com', 'access-control-request-method': 'POST' },
    });
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers introspection by default and refuses it in production', async () => {
    const open = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: IntrospectionQuery }),
    });
    expect((await open.json()).data.__schema.queryType.name).toBe('Query');
    const production = await startServer({ env: { NODE_ENV: 'production' } });
    try {
      const closed = await fetch(production.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: IntrospectionQuery }),
      });
      const body = await closed.json();
      expect(body.data ?? null).toBeNull();
      expect(body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');

      // The same over WebSocket, where documents are parsed and validated outside yoga's HTTP path.
      const user = await signUpUser(production.url, 'introspector');
      const client = connect(production.wsUrl, user.token);
      try {
        const result = await new Promise<{ data?: unknown; errors?: readonly { extensions?: { code?: unknown } }[] }>(
          (resolve, reject) => {
            let settled = false;
            client.subscribe(
              { query: IntrospectionQuery },
              {
                next: (value) => ((settled = true), resolve(value)),
                error: (errors) => ((settled = true), resolve({ errors: errors as never })),
                complete: () => settled || reject(new Error('completed without a result')),
              },
            );
          },
        );
        expect(result.data ?? null).toBeNull();
        expect(result.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      } finally {
        await client.dispose();
      }
    } finally {
      await production.stop();
    }
  });
});
