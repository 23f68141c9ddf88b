/**
 * W5 — deep history: one room of 1,000,000 messages (seeded with one INSERT … SELECT
 * generate_series, seq 1..N, the room's last_seq/last_message_id set to match), then pages of 50
 * through `room(id) { messages(first: 50, after: <cursor>) }` over HTTP at depth 0 (no cursor),
 * 10k, 100k and 999k (after the message with that seq). Requests go one at a time, the depths
 * interleaved round by round so drift hits them alike. Baseline: the same page query (the SQL of
 * src/features/messages/messages.service.ts listMessages: keyset on (room_id, id), limit 51) through a bare `pg`
 * client, same interleaving.
 *
 * Two references in the same rounds show the floor under the page's p99 on this machine: a bare
 * `node:http` server answering the page's bytes (bench/baselines/http-answer.ts: one HTTP round
 * trip, nothing else) and `room(id) { id }` (the same HTTP round trip, authentication and the
 * membership query, no page).
 *
 *   npx tsx bench/w5-history.ts [--messages 1000000] [--rounds 1000] [--profile]
 *
 * --profile: the server's CPU profile of the measured rounds goes to bench/results/
 * (W5-<date>.cpuprofile; read it with bench/top-functions.ts).
 */
import path from 'node:path';
import { connectClient } from './lib/database.js';
import { RESULTS_DIR, ROOT } from './lib/env.js';
import { gql } from './lib/graphql.js';
import { Histogram } from './lib/histogram.js';
import { CpuMeter, describeCpu } from './lib/procs.js';
import { atMost, isoStamp, runWorkload } from './lib/report.js';
import { createRoom, messageCursor, rowIdOf, type BenchUser } from './lib/seed.js';
import { startHttpBaseline } from './lib/server.js';
import { startStack } from './lib/setup.js';

const PAGE = 50;
const WARMUP_ROUNDS = 30;

const PAGE_QUERY = `query BenchHistory($id: ID!, $after: String) {
  room(id: $id) {
    messages(first: ${PAGE}, after: $after) {
      edges { cursor node { id body createdAt sender { id displayName } } }
      pageInfo { hasNextPage endCursor }
    }
  }
}`;

const ROOM_QUERY = `query BenchRoom($id: ID!) { room(id: $id) { id } }`;

interface Page {
  room: { messages: { edges: Array<{ node: { body: string } }>; pageInfo: { hasNextPage: boolean } } } | null;
}

await runWorkload(
  'W5',
  'deep history',
  {
    deadlineSeconds: 240,
    flags: { messages: { type: 'string' }, rounds: { type: 'string' }, profile: { type: 'boolean' } },
  },
  async (ctx) => {
    const total = Number(ctx.args.messages ?? 1_000_000);
    // 1,000 rounds: a p99 over 300 samples is the third-worst one, and one collection pause flips it.
    const rounds = Number(ctx.args.rounds ?? 1000);
    const depths = [0, 10_000, 100_000, total - 1_000].filter(
      (depth, i, all) => depth >= 0 && depth < total && all.indexOf(depth) === i,
    );

    const stack = await startStack(ctx.log, { users: 1 });
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

    // Cursor and keyset bound per depth: "after the message with seq = depth".
    const targets: Array<{
      depth: number;
      afterId: string | null;
      cursor: string | null;
      api: Histogram;
      sql: Histogram;
    }> = [];
    for (const depth of depths) {
      const idRow = depth
        ? await db.query('select id from messages where room_id = $1 and seq = $2', [roomId, depth])
        : null;
      const afterId: string | null = idRow ? String(idRow.rows[0].id) : null;
      targets.push({
        depth,
        afterId,
        cursor: afterId ? messageCursor(afterId) : null,
        api: new Histogram(),
        sql: new Histogram(),
      });
    }
    // The cursors are built the way the server builds them; check each one lands where it should.
    let pageBytes = '';
    for (const target of targets) {
      const page = await gql<Page>(
        stack.server.url,
        PAGE_QUERY,
        { id: room.id, after: target.cursor },
        { token: user.token },
      );
      pageBytes ||= JSON.stringify({ data: page });
      const bodies = page.room?.messages.edges.map((edge) => edge.node.body) ?? [];
      if (bodies.length !== PAGE || bodies[0] !== `message ${target.depth + 1}`) {
        throw new Error(
          `page at depth ${target.depth} starts with "${bodies[0]}" (${bodies.length} items), expected "message ${target.depth + 1}": ` +
            'the message cursor format may have changed (bench/lib/seed.ts messageCursor)',
        );
      }
    }

    const pageSql = (afterId: string | null) =>
      afterId
        ? db.query('select * from "messages" where "room_id" = $1 and "id" > $2 order by "id" asc limit $3', [
            roomId,
            afterId,
            PAGE + 1,
          ])
        : db.query('select * from "messages" where "room_id" = $1 order by "id" asc limit $2', [roomId, PAGE + 1]);

    const httpBaseline = await startHttpBaseline(pageBytes);
    ctx.log(`${httpBaseline.describe()} ready, answering ${pageBytes.length.toLocaleString('en-US')} bytes`);
    const bareHttp = new Histogram();
    const roomOnly = new Histogram();

    const runRounds = async (count: number, record: boolean) => {
      for (let round = 0; round < count; round++) {
        let t = performance.now();
        await gql(httpBaseline.url, PAGE_QUERY, { id: room.id, after: null }, { token: user.token });
        if (record) bareHttp.recordMs(performance.now() - t);
        t = performance.now();
        await gql(stack.server.url, ROOM_QUERY, { id: room.id }, { token: user.token });
        if (record) roomOnly.recordMs(performance.now() - t);
        for (const target of targets) {
          t = performance.now();
          await gql(stack.server.url, PAGE_QUERY, { id: room.id, after: target.cursor }, { token: user.token });
          if (record) target.api.recordMs(performance.now() - t);
          t = performance.now();
          const result = await pageSql(target.afterId);
          if (record) target.sql.recordMs(performance.now() - t);
          if (result.rowCount !== PAGE + 1)
            throw new Error(`bare SQL page at depth ${target.depth} has ${result.rowCount} rows`);
        }
      }
    };
    await runRounds(WARMUP_ROUNDS, false);
    const cpu = new CpuMeter([stack.server.pid]);
    const profileFile = path.join(RESULTS_DIR, `W5-${isoStamp()}.cpuprofile`);
    if (ctx.args.profile) await stack.server.profileStart();
    started = performance.now();
    await runRounds(rounds, true);
    if (ctx.args.profile) {
      await stack.server.profileStop(profileFile);
      ctx.log(`CPU profile of the measured rounds: ${path.relative(ROOT, profileFile)}`);
    }
    ctx.log(
      `${rounds} rounds × ${targets.length} depths in ${((performance.now() - started) / 1000).toFixed(1)} s, ` +
        describeCpu(cpu.read()),
    );

    await httpBaseline.stop();

    const zero = targets[0]!;
    for (const target of targets) {
      const label = `depth ${target.depth.toLocaleString('en-US')}`;
      ctx.log(`${label}: GraphQL ${target.api.describe()}; bare SQL ${target.sql.describe()}`);
      ctx.details[label] = { graphql: target.api.summary(), sql: target.sql.summary() };
      ctx.row({
        metric: `p50 page of ${PAGE}, ${label}`,
        value: target.api.ms(50),
        unit: 'ms',
        baseline: target.sql.ms(50),
        ratio: target.api.ms(50) / target.sql.ms(50),
      });
      ctx.row({
        metric: `p99 page of ${PAGE}, ${label}`,
        value: target.api.ms(99),
        unit: 'ms',
        ...atMost(target.api.ms(99), target.sql.ms(99), 1, 2),
        target: '≤ bare SQL + 2 ms',
      });
    }
    ctx.log(`bare HTTP answer: ${bareHttp.describe()}; room(id) { id }: ${roomOnly.describe()}`);
    ctx.details['bare HTTP answer'] = bareHttp.summary();
    ctx.details['room(id) { id }'] = roomOnly.summary();
    const sqlP99 = zero.sql.ms(99);
    for (const [metric, histogram] of [
      ['p99 reference: bare HTTP server answering the page bytes, vs bare SQL at depth 0', bareHttp],
      ['p99 reference: GraphQL room(id) { id } (no page), vs bare SQL at depth 0', roomOnly],
    ] as const) {
      ctx.row({ metric, value: histogram.ms(99), unit: 'ms', baseline: sqlP99, ratio: histogram.ms(99) / sqlP99 });
    }
    const deepest = targets.at(-1)!;
    ctx.row({
      metric: `p99 at depth ${deepest.depth.toLocaleString('en-US')} vs depth 0 (GraphQL)`,
      value: deepest.api.ms(99),
      unit: 'ms',
      ...atMost(deepest.api.ms(99), zero.api.ms(99), 1.2),
      target: '≤ 1.2× depth 0',
    });
  },
);
