/**
 * What the attack scripts share: flags, GraphQL over HTTP that reports codes and bytes instead of
 * throwing, answers counted by code, and the printed table. The server's own figures (CPU, RSS,
 * Redis channels) are read in server.ts; setup through the API is in seed.ts.
 */
import { execFileSync } from 'node:child_process';
import http from 'node:http';
import { parseArgs } from 'node:util';
import { sleep } from '../lib/env.js';

export { sleep };

const STRING_FLAGS = ['url', 'pid', 'query', 'redis', 'prefix'] as const;

/**
 * `--url`, `--pid` (default: whoever listens on the URL's port), `--redis`, `--prefix` (the
 * server's REDIS_PREFIX, for PUBSUB CHANNELS), `--query`, plus the script's own numeric flags.
 */
export function flags<T extends Record<string, number>>(defaults: T) {
  const names = [...Object.keys(defaults), ...STRING_FLAGS];
  const options = Object.fromEntries(names.map((name) => [name, { type: 'string' as const }]));
  const { values } = parseArgs({ options });
  const numbers = { ...defaults };
  for (const name of Object.keys(defaults) as Array<keyof T>) {
    const raw = values[name as string];
    if (typeof raw === 'string') numbers[name] = Number(raw) as T[keyof T];
  }
  const url = String(values.url ?? 'http://127.0.0.1:4000/graphql');
  const pid = values.pid ? Number(values.pid) : listenerPid(url);
  return {
    ...numbers,
    url,
    pid,
    wsUrl: url.replace(/^http/, 'ws'),
    query: values.query as string | undefined,
    redis: String(values.redis ?? 'redis://127.0.0.1:6379'),
    prefix: values.prefix as string | undefined,
  };
}

/** The pid of the process listening on the URL's port (`ss -ltnp`; the process must be ours). */
function listenerPid(url: string): number {
  const port = new URL(url).port || '80';
  const out = execFileSync('ss', ['-Hltnp', `sport = :${port}`], { encoding: 'utf8' });
  const pid = /pid=(\d+)/.exec(out)?.[1];
  if (!pid) throw new Error(`no process of ours listens on port ${port}: pass --pid`);
  return Number(pid);
}

export interface Answer<T = Record<string, unknown>> {
  data: T | null;
  /** extensions.code of the first error, `HTTP_<status>`, or NETWORK; null on success. */
  code: string | null;
  bytes: number;
  ms: number;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });

/** POSTs an operation as JSON. Never throws: failures come back as a code. */
export function gql<T = Record<string, unknown>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
): Promise<Answer<T>> {
  const body = JSON.stringify({ query, variables });
  const headers: Record<string, string | number> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  headers['content-length'] = Buffer.byteLength(body);
  const started = performance.now();
  return new Promise((resolve) => {
    const done = (code: string | null, bytes = 0, data: T | null = null) =>
      resolve({ data, code, bytes, ms: performance.now() - started });
    const req = http.request(url, { method: 'POST', agent, headers, timeout: 120_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', () => done('NETWORK'));
      res.on('end', () => {
        const text = Buffer.concat(chunks);
        let parsed: { data?: T; errors?: Array<{ extensions?: { code?: string } }> } = {};
        try {
          parsed = JSON.parse(text.toString('utf8'));
        } catch {
          // not JSON: the status names the failure
        }
        const error = parsed.errors?.[0];
        const code = error ? (error.extensions?.code ?? `HTTP_${res.statusCode}`) : null;
        done(code ?? (res.statusCode === 200 ? null : `HTTP_${res.statusCode}`), text.length, parsed.data ?? null);
      });
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => done('NETWORK'));
    req.end(body);
  });
}

/** Like gql, for setup steps: waits out RATE_LIMITED (the defaults stay in force), throws on anything else. */
export async function must<T = Record<string, unknown>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
): Promise<T> {
  for (;;) {
    const answer = await gql<T>(url, query, variables, token);
    if (answer.code === null && answer.data) return answer.data;
    if (answer.code !== 'RATE_LIMITED') throw new Error(`setup failed: ${answer.code} for ${query.slice(0, 60)}`);
    await sleep(1_000);
  }
}

/** Counts answers by code (`ok` for success). */
export class Tally extends Map<string, number> {
  add(code: string | null) {
    const key = code ?? 'ok';
    this.set(key, (this.get(key) ?? 0) + 1);
  }
  override toString() {
    return [...this].map(([code, count]) => `${code}×${count}`).join(', ') || '—';
  }
}

/** Prints `rows` as a two-column table under a title. */
export function table(title: string, rows: Array<[string, string | number]>) {
  const width = Math.max(...rows.map(([label]) => label.length));
  console.log(`\n${title}`);
  for (const [label, value] of rows) console.log(`  ${label.padEnd(width)}  ${value}`);
}

export const mb = (value: number) => `${value.toFixed(0)} MB`;
export const ms = (value: number) => `${value.toFixed(0)} ms`;
