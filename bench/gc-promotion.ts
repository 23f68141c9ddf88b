/**
 * Why the server keeps per-request and per-event data on the object itself (src/attached.ts, the
 * patched @pothos/core context cache) and why PostgreSQL queries carry no client-side timer
 * (src/platform/db/database.ts): each case runs a loop of short-lived "requests" for a few seconds, in a
 * fresh process, and counts the garbage collections it caused. On Node 20, a WeakMap entry keyed
 * by a young object survives young-generation collections (scavenges), so whatever it reaches is
 * copied to the old generation and needs full collections (mark-compacts) to go.
 *
 *   npx tsx bench/gc-promotion.ts [--seconds 3]
 *
 * Cases: `plain` (a context and a 200-object payload, dropped), `weakmap` (the payload cached in a
 * module-level WeakMap keyed by the context), `property` (cached on the context with
 * src/attached.ts), `pg` / `pg-query-timeout` (page reads through a pg pool without and with
 * `query_timeout`, against a scratch database on the local PostgreSQL), and `pg-promise` /
 * `pg-callback` (the same reads the way Kysely makes them, a client checked out, queried and
 * released, with pg's promise form of `client.query` and with its callback form: why
 * src/platform/db/database.ts hands Kysely clients that use the callback form).
 */
import { spawnSync } from 'node:child_process';
import { constants, PerformanceObserver } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { attached } from '../src/platform/attached.js';
import { runCleanups } from './lib/cleanup.js';
import { createBenchDatabase } from './lib/database.js';

const CASES = ['plain', 'weakmap', 'property', 'pg', 'pg-query-timeout', 'pg-promise', 'pg-callback'] as const;
type Case = (typeof CASES)[number];

const { values } = parseArgs({ options: { seconds: { type: 'string' }, case: { type: 'string' } } });
const seconds = Number(values.seconds ?? 3);

interface Outcome {
  operations: number;
  scavenges: number;
  scavengeMs: number;
  markCompacts: number;
}

/** Runs `step` back to back for `seconds`, counting the collections that happen meanwhile. */
async function measure(step: () => Promise<void> | void): Promise<Outcome> {
  const outcome: Outcome = { operations: 0, scavenges: 0, scavengeMs: 0, markCompacts: 0 };
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const kind = (entry as unknown as { detail?: { kind?: number } }).detail?.kind;
      if (kind === constants.NODE_PERFORMANCE_GC_MINOR) {
        outcome.scavenges += 1;
        outcome.scavengeMs += entry.duration;
      } else if (kind === constants.NODE_PERFORMANCE_GC_MAJOR) outcome.markCompacts += 1;
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  const until = performance.now() + seconds * 1000;
  while (performance.now() < until) {
    await step();
    outcome.operations += 1;
    // Let the event loop turn now and then, as a server's would.
    if (outcome.operations % 100 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  await new Promise((resolve) => setTimeout(resolve, 100)); // the last GC entries
  observer.disconnect();
  return outcome;
}

const cache = new WeakMap<object, unknown>();
const CACHED = Symbol('cached payload');
const payload = (context: object) => Array.from({ length: 200 }, (_, i) => ({ i, text: `row ${i}`, context }));

async function runCase(name: Case): Promise<Outcome> {
  if (name === 'plain') return measure(() => void payload({}));
  if (name === 'weakmap')
    return measure(() => {
      const context = {};
      cache.set(context, payload(context));
    });
  if (name === 'property')
    return measure(() => {
      const context = {};
      attached(context, CACHED, () => payload(context));
    });
  const database = await createBenchDatabase();
  const pool = new pg.Pool({
    connectionString: database.url,
    max: 4,
    ...(name === 'pg-query-timeout' ? { query_timeout: 15_000 } : {}),
  });
  try {
    await pool.query(
      `create table messages as
       select g as id, 1 as room_id, 'message ' || g as body, now() as created_at from generate_series(1, 10000) g`,
    );
    await pool.query('create index on messages (room_id, id)');
    const sql = 'select * from messages where room_id = $1 and id > $2 order by id limit 51';
    let after = 0;
    const read = async (): Promise<unknown> => {
      after = (after + 51) % 9_000;
      if (name === 'pg' || name === 'pg-query-timeout') return pool.query(sql, [1, after]);
      const client = await pool.connect();
      try {
        if (name === 'pg-promise') return await client.query(sql, [1, after]);
        return await new Promise((resolve, reject) =>
          client.query(sql, [1, after], (err, result) => (err ? reject(err) : resolve(result))),
        );
      } finally {
        client.release();
      }
    };
    return await measure(async () => void (await read()));
  } finally {
    await pool.end();
    await runCleanups();
  }
}

if (values.case) {
  const outcome = await runCase(values.case as Case);
  process.stdout.write(JSON.stringify(outcome));
} else {
  console.log(`| case | operations/s | scavenges | ms per scavenge | mark-compacts |`);
  console.log(`| --- | --- | --- | --- | --- |`);
  for (const name of CASES) {
    const child = spawnSync(
      process.execPath,
      [...process.execArgv, fileURLToPath(import.meta.url), '--case', name, '--seconds', String(seconds)],
      { encoding: 'utf8' },
    );
    if (child.status !== 0) throw new Error(`case ${name} failed:\n${child.stderr}`);
    const outcome = JSON.parse(child.stdout) as Outcome;
    console.log(
      `| ${name} | ${Math.round(outcome.operations / seconds).toLocaleString('en-US')} | ${outcome.scavenges} | ` +
        `${(outcome.scavengeMs / Math.max(1, outcome.scavenges)).toFixed(2)} | ${outcome.markCompacts} |`,
    );
  }
}
