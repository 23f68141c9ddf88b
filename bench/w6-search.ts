/**
 * W6 — message search: 1,000,000 messages over 2,000 rooms (one INSERT … SELECT generate_series:
 * bodies of 3–14 words, 60% English from a 170-word vocabulary and 40% Korean from 90 words, each
 * drawn with a skew so that a few words are in a large share of messages, and 3% rare tokens
 * `ref<n>`), the viewer a member of 50 rooms (25,000 messages). Then `searchMessages(query,
 * first: 20)` over HTTP, one at a time, cycling through a fixed mix of kinds: Korean fragments,
 * English prefixes, rare and common terms, several terms, a second page. p50/p99 over all searches
 * and per kind; the server's CPU and PostgreSQL's (+ Redis's) per search.
 *
 *   npx tsx bench/w6-search.ts [--messages 1000000] [--rooms 2000] [--member-of 50] [--searches 1200] [--profile]
 *
 * The indexes on messages (but the constraints') are dropped during the insert and created again
 * from their own definitions after it, as the migrations left them: the same indexes, built in
 * seconds instead of maintained row by row. The queryCost budget is lifted for the server (one user
 * searching back to back spends ~100,000 a second; the limiter still runs).
 */
import path from 'node:path';
import type pg from 'pg';
import { parseSearchQuery } from '../src/features/messages/search-query.js';
import { connectClient } from './lib/database.js';
import { benchEnv, RESULTS_DIR, ROOT } from './lib/env.js';
import { gql } from './lib/graphql.js';
import { Histogram } from './lib/histogram.js';
import { CpuMeter, describeCpu } from './lib/procs.js';
import { isoStamp, runWorkload, type WorkloadContext } from './lib/report.js';
import { rowIdOf, type BenchUser } from './lib/seed.js';
import { startStack } from './lib/setup.js';

const PAGE = 20;
const WARMUP_ROUNDS = 5;

const SEARCH = `query BenchSearch($query: String!, $after: String) {
  searchMessages(query: $query, first: ${PAGE}, after: $after) {
    edges { cursor highlight node { id body createdAt sender { id displayName } room { id } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

interface SearchPage {
  searchMessages: {
    edges: Array<{ cursor: string; highlight: string; node: { body: string } }>;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}

// prettier-ignore
const ENGLISH = ['the', 'and', 'hello', 'meeting', 'tomorrow', 'coffee', 'lunch', 'project', 'deadline', 'review', 'please', 'thanks', 'team', 'update', 'release', 'bug', 'fix', 'deploy', 'server', 'client', 'design', 'weekend', 'morning', 'tonight', 'later', 'call', 'email', 'schedule', 'office', 'remote', 'report', 'budget', 'launch', 'customer', 'feedback', 'ticket', 'issue', 'merge', 'branch', 'test', 'build', 'pipeline', 'database', 'query', 'index', 'search', 'message', 'chat', 'room', 'friend', 'photo', 'video', 'music', 'movie', 'dinner', 'party', 'birthday', 'travel', 'flight', 'hotel', 'weather', 'rain', 'sunny', 'happy', 'sorry', 'great', 'awesome', 'cool', 'nice', 'interesting', 'question', 'answer', 'help', 'support', 'product', 'market', 'sales', 'revenue', 'growth', 'strategy', 'plan', 'goal', 'task', 'done', 'progress', 'blocked', 'waiting', 'urgent', 'priority', 'agenda', 'notes', 'summary', 'slides', 'document', 'draft', 'final', 'version', 'change', 'request', 'approve', 'reject', 'comment', 'mention', 'thread', 'reply', 'pin', 'reaction', 'emoji', 'keyboard', 'monitor', 'laptop', 'phone', 'battery', 'charger', 'network', 'wifi', 'password', 'account', 'login', 'security', 'privacy', 'policy', 'legal', 'contract', 'invoice', 'payment', 'refund', 'shipping', 'delivery', 'package', 'warehouse', 'inventory', 'supplier', 'vendor', 'partner', 'investor', 'board', 'hiring', 'interview', 'candidate', 'offer', 'onboarding', 'training', 'workshop', 'conference', 'speaker', 'ticketing', 'venue', 'catering', 'coffeehouse', 'helpdesk', 'helicopter', 'helium', 'helmet', 'hellenic', 'quantum', 'xylophone', 'zephyr', 'kangaroo', 'platypus'];
// prettier-ignore
const KOREAN = ['안녕하세요', '세계는', '회의', '내일', '점심', '커피', '프로젝트', '마감', '검토', '감사합니다', '팀', '업데이트', '출시', '버그', '수정', '배포', '서버', '디자인', '주말', '아침', '오늘밤', '나중에', '전화', '이메일', '일정', '사무실', '보고서', '예산', '고객', '피드백', '질문', '답변', '도움', '제품', '시장', '매출', '성장', '전략', '계획', '목표', '작업', '완료', '진행', '대기', '긴급', '우선순위', '회의록', '요약', '문서', '초안', '최종', '버전', '변경', '요청', '승인', '거절', '댓글', '스레드', '답장', '고정', '반응', '키보드', '모니터', '노트북', '휴대폰', '배터리', '네트워크', '비밀번호', '계정', '보안', '정책', '계약', '결제', '환불', '배송', '택배', '창고', '재고', '공급업체', '파트너', '투자자', '채용', '면접', '후보자', '교육', '워크숍', '컨퍼런스', '세계', '안녕'];

/** One kind of search in the mix: what it asks for the i-th time. */
interface SearchKind {
  kind: string;
  query: (i: number) => string;
  /** Ask for the second page (after the first page's last cursor). */
  secondPage?: boolean;
}

const KINDS: SearchKind[] = [
  { kind: 'Korean fragment, common', query: () => '안녕' },
  { kind: 'Korean fragment', query: () => '세계' },
  { kind: 'Korean word, 4 pieces', query: () => '감사합니다' },
  { kind: 'Korean word, rare', query: () => '공급업체' },
  { kind: 'Korean, one character', query: () => '세' },
  { kind: 'English prefix, common', query: () => 'hel' },
  { kind: 'English prefix, most common', query: () => 'the' },
  { kind: 'English prefix, rare', query: () => 'xylo' },
  { kind: 'English word', query: () => 'deadline' },
  { kind: 'rare token', query: (i) => `ref${(i * 7919) % 1_000_000}` },
  { kind: 'two terms, mixed', query: () => 'coffee 내일' },
  { kind: 'second page, common', query: () => 'meeting', secondPage: true },
];

interface SeedShape {
  messages: number;
  rooms: number;
  memberOf: number;
}

/** Rooms, members and messages, in SQL: the viewer (users[0]) in `memberOf` rooms, the others in all. */
async function seed(db: pg.Client, users: BenchUser[], shape: SeedShape, log: (message: string) => void) {
  const viewer = rowIdOf(users[0]!.id, 'User');
  const others = users.slice(1).map((user) => rowIdOf(user.id, 'User'));
  const { rows } = await db.query<{ id: string }>(
    `insert into rooms (kind, name, created_by) select 'GROUP', 'search room ' || g, $1
     from generate_series(1, $2::int) g returning id`,
    [viewer, shape.rooms],
  );
  const roomIds = rows.map((row) => row.id);
  const every = Math.max(1, Math.floor(shape.rooms / shape.memberOf));
  await db.query(
    `insert into room_members (room_id, user_id)
     select r.id, u.id from unnest($1::bigint[]) r(id), unnest($2::bigint[]) u(id)
     union all
     select r.id, $3 from unnest($1::bigint[]) with ordinality r(id, n) where n % $4 = 0 and n / $4 <= $5`,
    [roomIds, others, viewer, every, shape.memberOf],
  );
  const indexes = await dropIndexes(db);
  let started = performance.now();
  await db.query('select setseed(0.42)');
  await db.query(
    `insert into messages (room_id, sender_id, seq, body, created_at)
     select ($1::bigint[])[1 + (g - 1) % $3], ($2::bigint[])[1 + g % cardinality($2::bigint[])], (g - 1) / $3 + 1,
       b.body, now() - make_interval(secs => $4 - g)
     from generate_series(1, $4::int) g
     cross join lateral (
       select string_agg(case
         when random() < 0.03 then 'ref' || (random() * 1000000)::int
         when random() < 0.6 then ($5::text[])[1 + floor(power(random(), 2.5) * cardinality($5::text[]))::int]
         else ($6::text[])[1 + floor(power(random(), 2.5) * cardinality($6::text[]))::int] end, ' ' order by w) as body
       from generate_series(1, 3 + (g::bigint * 7919) % 12) w
     ) b`,
    [roomIds, others, shape.rooms, shape.messages, ENGLISH, KOREAN],
  );
  log(`inserted ${shape.messages.toLocaleString('en-US')} messages in ${seconds(started)} s`);
  started = performance.now();
  for (const definition of indexes) await db.query(definition);
  await db.query(
    `update rooms set last_seq = s.n, last_message_id = s.last
     from (select room_id, count(*) as n, max(id) as last from messages group by room_id) s where rooms.id = s.room_id`,
  );
  await db.query('vacuum analyze');
  log(`${indexes.length} indexes created again, rooms updated, vacuum analyze in ${seconds(started)} s`);
  return { viewer, roomIds };
}

const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(1);

/** Drops the indexes of messages that back no constraint; returns their definitions. */
async function dropIndexes(db: pg.Client): Promise<string[]> {
  const { rows } = await db.query<{ name: string; definition: string }>(
    `select indexname as name, indexdef as definition from pg_indexes i
     where tablename = 'messages' and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`,
  );
  for (const { name } of rows) await db.query(`drop index ${name}`);
  return rows.map((row) => row.definition);
}

/** How many messages of the viewer's rooms each kind's query matches (what the search ranks). */
async function countMatches(db: pg.Client, viewer: string): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const { kind, query } of KINDS) {
    const { rows } = await db.query<{ n: number }>(
      `select count(*)::int as n from messages m join room_members rm on rm.room_id = m.room_id and rm.user_id = $1
       where m.search_vector @@ to_tsquery('simple', $2) and m.deleted_at is null`,
      [viewer, parseSearchQuery(query(0)).tsquery],
    );
    counts.set(kind, rows[0]!.n);
  }
  return counts;
}

interface Measured {
  all: Histogram;
  byKind: Map<string, Histogram>;
}

/** `rounds` rounds of every kind, one search at a time; returns their latencies when `record`. */
async function runRounds(
  url: string,
  user: BenchUser,
  rounds: number,
  cursors: Map<string, string>,
): Promise<Measured> {
  const all = new Histogram();
  const byKind = new Map(KINDS.map(({ kind }) => [kind, new Histogram()]));
  for (let round = 0; round < rounds; round++) {
    for (const { kind, query, secondPage } of KINDS) {
      const variables = { query: query(round), after: secondPage ? cursors.get(kind) : null };
      const started = performance.now();
      const page = await gql<SearchPage>(url, SEARCH, variables, { token: user.token });
      const ms = performance.now() - started;
      all.recordMs(ms);
      byKind.get(kind)!.recordMs(ms);
      if (secondPage && !variables.after) cursors.set(kind, page.searchMessages.pageInfo.endCursor!);
    }
  }
  return { all, byKind };
}

/** Checks the answers before measuring: the common kinds fill a page, highlights mark what was asked. */
async function checkAnswers(url: string, user: BenchUser, matches: Map<string, number>) {
  for (const { kind, query } of KINDS) {
    const { edges } = (await gql<SearchPage>(url, SEARCH, { query: query(0) }, { token: user.token })).searchMessages;
    const expected = Math.min(PAGE, matches.get(kind)!);
    if (edges.length !== expected) throw new Error(`${kind}: ${edges.length} results, expected ${expected}`);
    if (edges.some((edge) => !edge.highlight.includes('<mark>'))) throw new Error(`${kind}: a result marks nothing`);
  }
}

function report(
  ctx: WorkloadContext,
  measured: Measured,
  matches: Map<string, number>,
  cpu: ReturnType<CpuMeter['read']>,
  wall: number,
) {
  const count = measured.all.count;
  ctx.row({
    metric: `p50 search (${count} searches, ${KINDS.length} kinds)`,
    value: measured.all.ms(50),
    unit: 'ms',
    target: '≤ 50 ms',
    met: measured.all.ms(50) <= 50,
  });
  ctx.row({
    metric: 'p99 search',
    value: measured.all.ms(99),
    unit: 'ms',
    target: '≤ 200 ms',
    met: measured.all.ms(99) <= 200,
  });
  ctx.row({ metric: 'server CPU per search', value: (cpu.serverSeconds[0]! / count) * 1000, unit: 'ms' });
  ctx.row({
    metric: 'PostgreSQL + Redis CPU per search',
    value: (((cpu.servicesPct / 100) * wall) / count) * 1000,
    unit: 'ms',
  });
  for (const { kind, query } of KINDS) {
    const histogram = measured.byKind.get(kind)!;
    ctx.row({
      metric: `p50 ${kind} "${query(0)}"`,
      value: histogram.ms(50),
      unit: 'ms',
      note: `p99 ${histogram.ms(99).toFixed(1)} ms; ${matches.get(kind)!.toLocaleString('en-US')} matches in the viewer's rooms`,
    });
    ctx.details[`search: ${kind}`] = { query: query(0), matches: matches.get(kind), ...histogram.summary() };
  }
  ctx.details.cpu = cpu;
}

await runWorkload(
  'W6',
  'message search',
  {
    deadlineSeconds: 900,
    flags: {
      messages: { type: 'string' },
      rooms: { type: 'string' },
      'member-of': { type: 'string' },
      searches: { type: 'string' },
      profile: { type: 'boolean' },
    },
  },
  async (ctx) => {
    const shape = {
      messages: Number(ctx.args.messages ?? 1_000_000),
      rooms: Number(ctx.args.rooms ?? 2_000),
      memberOf: Number(ctx.args['member-of'] ?? 50),
    };
    const rounds = Math.max(1, Math.round(Number(ctx.args.searches ?? 1200) / KINDS.length));
    const rateLimits = [benchEnv.rateLimits, 'queryCost=1000000000/1s'].filter(Boolean).join(',');
    const stack = await startStack(ctx.log, { users: 4, env: { RATE_LIMITS: rateLimits } });
    const user = stack.users[0]!;
    const db = await connectClient(stack.database.url);
    const { viewer } = await seed(db, stack.users, shape, ctx.log);
    const matches = await countMatches(db, viewer);
    ctx.log(`matches in the viewer's rooms: ${[...matches].map(([kind, n]) => `${kind} ${n}`).join(', ')}`);
    await checkAnswers(stack.server.url, user, matches);

    const cursors = new Map<string, string>();
    await runRounds(stack.server.url, user, WARMUP_ROUNDS, cursors);
    const cpu = new CpuMeter([stack.server.pid]);
    const profileFile = path.join(RESULTS_DIR, `W6-${isoStamp()}.cpuprofile`);
    if (ctx.args.profile) await stack.server.profileStart();
    const started = performance.now();
    const measured = await runRounds(stack.server.url, user, rounds, cursors);
    const wall = (performance.now() - started) / 1000;
    const reading = cpu.read();
    if (ctx.args.profile) {
      await stack.server.profileStop(profileFile);
      ctx.log(`CPU profile of the measured searches: ${path.relative(ROOT, profileFile)}`);
    }
    ctx.log(
      `${measured.all.count} searches in ${wall.toFixed(1)} s: ${measured.all.describe()}; ${describeCpu(reading)}`,
    );
    report(ctx, measured, matches, reading, wall);
  },
);
