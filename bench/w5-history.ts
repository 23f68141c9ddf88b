/**
 * W5 — deep history: one room of 1,000,000 messages (seeded with one INSERT … SELECT
 * generate_series, seq 1..N, the room's last_seq/last_message_id set to match), then pages of 50
 * through `room(id) { messages(first: 50, after: <cursor>) }` over HTTP at depth 0 (no cursor) and
 * 999k (after the message with that seq; --depths for others). Measured as CPU per page: the
 * server process's, and PostgreSQL's apart (the bench database's backends and PostgreSQL's
 * background processes), from /proc, divided by the pages answered.
 *
 * Baseline: bench/baselines/pg-history-http.ts, its own process on the server's core: a bare
 * `node:http` + `pg` handler that runs the server's two statements (membership, and the page of
 * src/features/messages/history.repository.ts listHistory: keyset on (room_id, id), limit 51, senders joined) and
 * answers the same JSON (checked equal to the server's at every depth before measuring).
 *
 * Requests go one at a time. The measured pages are split into blocks (--blocks); each block runs
 * every depth against the server and the baseline in turn (the order flipping from block to block),
 * each with its own CPU reading, so drift hits them alike and each reading holds one process's
 * pages of one depth only. Latency p50/p99 are information.
 *
 *   npx tsx bench/w5-history.ts [--messages 1000000] [--rounds 1000] [--blocks 5] [--depths 0,999000] [--profile]
 *
 * --rounds: pages per depth and process. --profile: the server's CPU profile of the measured
 * blocks goes to bench/results/ (W5-<date>.cpuprofile; read it with bench/top-functions.ts).
 */
import path from 'node:path';
import { connectClient } from './lib/database.js';
import { benchEnv, RESULTS_DIR, ROOT, serverPoolSize } from './lib/env.js';
import { gql } from './lib/graphql.js';
import { Histogram } from './lib/histogram.js';
import { CpuMeter } from './lib/procs.js';
import { atMost, isoStamp, runWorkload } from './lib/report.js';
import { createRoom, messageCursor, rowIdOf, type BenchUser } from './lib/seed.js';
import { startPgHistoryBaseline, type RunningProcess } from './lib/server.js';
import { startStack } from './lib/setup.js';

const PAGE = 50;
const WARMUP_PAGES = 30;

const PAGE_QUERY = `query BenchHistory($id: ID!, $after: String) {
  room(id: $id) {
    messages(first: ${PAGE}, after: $after) {
      edges { cursor node { id body createdAt sender { id displayName } } }
      pageInfo { hasNextPage endCursor }
    }
  }
}`;

interface Page {
  room: { messages: { edges: Array<{ node: { body: string } }>; pageInfo: { hasNextPage: boolean } } } | null;
}

/** What one process spent on the pages of one depth, summed over the blocks. */
class Tally {
  pages = 0;
  processSeconds = 0;
  postgresSeconds = 0;
  otherDatabasesSeconds = 0;
  otherPct = 0;
  blocks = 0;
  readonly latency = new Histogram();
  /** CPU µs per page. */
  get processUs() {
    return (this.processSeconds / this.pages) * 1e6;
  }
  get postgresUs() {
    return (this.postgresSeconds / this.pages) * 1e6;
  }
  summary() {
    return {
      pages: this.pages,
      processUsPerPage: this.processUs,
      postgresUsPerPage: this.postgresUs,
      otherDatabasesSeconds: this.otherDatabasesSeconds,
      meanOtherProcessesPct: this.otherPct / this.blocks,
      latency: this.latency.summary(),
    };
  }
}

await runWorkload(
  'W5',
  'deep history',
  {
    deadlineSeconds: 240,
    flags: {
      messages: { type: 'string' },
      rounds: { type: 'string' },
      blocks: { type: 'string' },
      depths: { type: 'string' },
      profile: { type: 'boolean' },
    },
  },
  async (ctx) => {
    const total = Number(ctx.args.messages ?? 1_000_000);
    const rounds = Number(ctx.args.rounds ?? 1000);
    const blocks = Math.max(1, Math.min(rounds, Number(ctx.args.blocks ?? 5)));
    const depths = (typeof ctx.args.depths === 'string' ? ctx.args.depths.split(',').map(Number) : [0, total - 1_000])
      .filter((depth, i, all) => Number.isInteger(depth) && depth >= 0 && depth < total && all.indexOf(depth) === i)
      .sort((x, y) => x - y);
    if (depths[0] !== 0) depths.unshift(0);

    // One user asks for every page: its queryCost budget (about 100 pages per 10 s) is lifted, as in W6.
    const rateLimits = [benchEnv.rateLimits, 'queryCost=1000000000/1s'].filter(Boolean).join(',');
    const stack = await startStack(ctx.log, { users: 1, env: { RATE_LIMITS: rateLimits } });
    const database = stack.database.name;
    const [user] = stack.users as [BenchUser];
    const room = await createRoom(stack.server.url, [user], 'history');
    const roomId = rowIdOf(room.id, 'Room');
    const userId = rowIdOf(user.id, 'User');

    const db = await connectClient(stack.database.url);
    let started = performance.now();
    await db.query(
      `insert into messages (room_id, sender_id, seq, body, created_at)
       select $1, $2, g, 'message ' || g, now() - make_interval(secs => $3::int - g)
       from generate_series(1, $3::int) g order by g`,
      [roomId, userId, total],
    );
    await db.query(
      `update rooms set last_seq = $2,
         last_message_id = (select id from messages where room_id = $1 and seq = $2)
       where id = $1`,
      [roomId, total],
    );
    ctx.log(`seeded ${total.toLocaleString()} messages in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    started = performance.now();
    await db.query('vacuum analyze messages');
    await db.query('analyze rooms');
    ctx.log(`vacuum analyze in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    const check = await db.query(
      'select count(*)::int as n, min(seq)::int as lo, max(seq)::int as hi, (select last_seq::int from rooms where id = $1) as last from messages where room_id = $1',
      [roomId],
    );
    const { n, lo, hi, last } = check.rows[0];
    if (n !== total || lo !== 1 || hi !== total || last !== total) {
      throw new Error(`seeding is inconsistent: ${JSON.stringify(check.rows[0])}`);
    }

    const bare = await startPgHistoryBaseline({ databaseUrl: stack.database.url, poolSize: serverPoolSize().size });
    ctx.log(`${bare.describe()} ready`);
    const processes: Array<{ name: string; proc: RunningProcess }> = [
      { name: 'server', proc: stack.server },
      { name: 'bare', proc: bare },
    ];

    // Cursor per depth: "after the message with seq = depth".
    const targets: Array<{ depth: number; label: string; cursor: string | null; server: Tally; bare: Tally }> = [];
    for (const depth of depths) {
      const idRow = depth
        ? await db.query('select id from messages where room_id = $1 and seq = $2', [roomId, depth])
        : null;
      const label = `depth ${depth.toLocaleString('en-US')}`;
      const cursor = idRow ? messageCursor(String(idRow.rows[0].id)) : null;
      targets.push({ depth, label, cursor, server: new Tally(), bare: new Tally() });
    }
    await db.end();
    // The cursors are built the way the server builds them: check each page lands where it should,
    // and that the baseline answers the same JSON.
    for (const target of targets) {
      const variables = { id: room.id, after: target.cursor };
      const page = await gql<Page>(stack.server.url, PAGE_QUERY, variables, { token: user.token });
      const bodies = page.room?.messages.edges.map((edge) => edge.node.body) ?? [];
      if (bodies.length !== PAGE || bodies[0] !== `message ${target.depth + 1}`) {
        throw new Error(
          `page at ${target.label} starts with "${bodies[0]}" (${bodies.length} items), expected "message ${target.depth + 1}": ` +
            'the message cursor format may have changed (bench/lib/seed.ts messageCursor)',
        );
      }
      const bareText = JSON.stringify(await gql<Page>(bare.url, PAGE_QUERY, variables, { token: user.token }));
      const serverText = JSON.stringify(page);
      if (bareText !== serverText) {
        let at = 0;
        while (at < serverText.length && serverText[at] === bareText[at]) at++;
        throw new Error(
          `the baseline's page at ${target.label} differs from the server's at character ${at}: ` +
            `server …${serverText.slice(at, at + 80)}… baseline …${bareText.slice(at, at + 80)}…`,
        );
      }
      if (target.depth === 0) ctx.details.pageBytes = Buffer.byteLength(JSON.stringify({ data: page }));
    }
    ctx.log(`the baseline answers the same JSON as the server at ${targets.map((t) => t.label).join(', ')}`);

    const fetchPages = async (proc: RunningProcess, cursor: string | null, count: number, into?: Histogram) => {
      for (let i = 0; i < count; i++) {
        const t = performance.now();
        await gql(proc.url, PAGE_QUERY, { id: room.id, after: cursor }, { token: user.token });
        into?.recordMs(performance.now() - t);
      }
    };
    for (const target of targets) {
      for (const { proc } of processes) await fetchPages(proc, target.cursor, WARMUP_PAGES);
    }

    const profileFile = path.join(RESULTS_DIR, `W5-${isoStamp()}.cpuprofile`);
    if (ctx.args.profile) await stack.server.profileStart();
    started = performance.now();
    for (let block = 0; block < blocks; block++) {
      // Pages of this block per depth and process: `rounds` in all, spread over the blocks.
      const count = Math.floor((rounds * (block + 1)) / blocks) - Math.floor((rounds * block) / blocks);
      const order = block % 2 ? [...processes].reverse() : processes;
      for (const target of targets) {
        for (const { name, proc } of order) {
          const tally = name === 'server' ? target.server : target.bare;
          const meter = new CpuMeter([proc.pid], { database });
          await fetchPages(proc, target.cursor, count, tally.latency);
          const cpu = meter.read();
          tally.pages += count;
          tally.blocks += 1;
          tally.processSeconds += cpu.serverPreciseSeconds[0]!;
          tally.postgresSeconds += cpu.database!.seconds;
          tally.otherDatabasesSeconds += cpu.database!.otherDatabasesSeconds;
          tally.otherPct += cpu.otherPct;
        }
      }
    }
    if (ctx.args.profile) {
      await stack.server.profileStop(profileFile);
      ctx.log(`CPU profile of the measured blocks: ${path.relative(ROOT, profileFile)}`);
    }
    ctx.log(
      `${rounds} pages × ${targets.length} depths × 2 processes in ${blocks} blocks, ` +
        `${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    await bare.stop();

    const busy = Math.max(...targets.flatMap((t) => [t.server, t.bare]).map((tally) => tally.otherPct / tally.blocks));
    if (busy > 10) ctx.log(`!! OTHER PROCESSES used ${Math.round(busy)}% of a core in some blocks: numbers unreliable`);
    for (const target of targets) {
      const { server, bare: base, label } = target;
      ctx.log(
        `${label}: server ${server.processUs.toFixed(0)} µs + PostgreSQL ${server.postgresUs.toFixed(0)} µs per page, ` +
          `${server.latency.describe()}; bare ${base.processUs.toFixed(0)} µs + PostgreSQL ${base.postgresUs.toFixed(0)} µs, ` +
          base.latency.describe(),
      );
      const otherDb = server.otherDatabasesSeconds + base.otherDatabasesSeconds;
      if (otherDb > 0.05 * (server.postgresSeconds + base.postgresSeconds)) {
        ctx.log(`!! ${label}: other databases' backends used ${otherDb.toFixed(2)} s of CPU meanwhile (not counted)`);
      }
      ctx.details[label] = { server: server.summary(), bare: base.summary() };
      ctx.row({
        metric: `server CPU per page of ${PAGE}, ${label}`,
        value: server.processUs,
        unit: 'µs',
        ...atMost(server.processUs, base.processUs, 1.5),
        target: '≤ 1.5× bare node:http + pg',
      });
      ctx.row({
        metric: `PostgreSQL CPU per page, ${label}`,
        value: server.postgresUs,
        unit: 'µs',
        baseline: base.postgresUs,
        ratio: server.postgresUs / base.postgresUs,
      });
      for (const percentile of [50, 99]) {
        ctx.row({
          metric: `p${percentile} page latency, ${label}`,
          value: server.latency.ms(percentile),
          unit: 'ms',
          baseline: base.latency.ms(percentile),
          ratio: server.latency.ms(percentile) / base.latency.ms(percentile),
        });
      }
    }
    const zero = targets[0]!;
    const deepest = targets.at(-1)!;
    if (deepest !== zero) {
      ctx.row({
        metric: `server CPU per page, ${deepest.label} vs depth 0`,
        value: deepest.server.processUs,
        unit: 'µs',
        ...atMost(deepest.server.processUs, zero.server.processUs, 1.2),
        target: '≤ 1.2× depth 0',
      });
    }
  },
);
