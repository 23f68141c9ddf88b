/**
 * W7 — many small rooms, the shape of real chat traffic: 10,000 sockets (`--sockets`), 2,000 rooms
 * (`--rooms`) of 5 members, each socket subscribed to its rooms' `messageAdded` and to `inbox`, 500
 * messages/s (`--rate`) spread over the rooms round-robin, open loop at scheduled times. Reports
 * server CPU µs per delivery against a bare `ws` server routing the same frames by room, and checks
 * that the server holds one Redis channel subscription per room with local subscribers.
 *
 * Seed (fast and honest): one user per socket, written with SQL into a fresh database the server
 * has migrated (users with an unusable password hash, one live session each, GROUP rooms with their
 * members (the first one OWNER), one message per room (seq 1, logged in room_events, the room's
 * last_seq/event_seq/last_message_id set to match)), and each user's access token minted with the
 * server's own signAccessToken (src/features/accounts/tokens.ts) and the JWT_SECRET this bench hands
 * the server: tokens and session rows the server checks as it checks any. signUp would cost an argon2
 * hash per user, about 8 minutes for 10,000. With `--rooms-per-socket k` each user is in k rooms
 * (rooms = sockets × k / members). No server limit is in the way: a user holds k + 1 subscriptions
 * on one socket (MAX_SUBSCRIPTIONS_PER_SOCKET 50), one per room (20 allowed), is in k rooms
 * (MAX_ROOMS_PER_USER 500); the bench lifts the rate limits as for every workload.
 *
 * Subscriptions proven live: each messageAdded subscribes `after` the room's start, so the server
 * replays the seed message; the inbox replays nothing, so after the handshakes one probe event goes
 * to every room (again to the rooms where a member's inbox missed it) until every socket has had it
 * on both subscriptions. That also opens every room's hub before the measurement.
 *
 * Trigger: events are published straight onto the server's Redis channel of the room
 * (`<REDIS_PREFIX>room:<room>`, in the envelope sendMessage publishes, numbered from the room's own
 * event_seq/last_seq, sent by one of the room's members), as W1's default trigger does; bare `ws`
 * gets one Redis message per room message too, carrying the messageAdded payload and the inbox
 * payload (both rendered from frames the server sent), on `<channel>:events:<room>`. So both
 * servers pay the same kind of trigger, one Redis message in per room message, and nothing of the
 * send path (HTTP, sendMessage's transaction) is in either figure.
 *
 * CPU per delivery: the server's CPU from /proc/<pid>/stat over the measured window (after a
 * warm-up at the same rate, the open loop running on), divided by the deliveries the clients
 * received inside that window (messageAdded + inbox frames): gross, everything the process did
 * while delivering, per message work included (decoding the Redis message, ordering by seq,
 * executing the selections: once per room for messageAdded, once per member for inbox, whose
 * events are per viewer), and its timers. Bare `ws` is measured the same way. With rooms of 5 a
 * message is only 10 deliveries, so per-message costs are part of what this workload is about
 * (W1 nets them out in a room of N). The CPU of each with its sockets idle is reported beside it.
 * PostgreSQL: the backends of the bench database (process titles name it); Redis: the whole
 * redis-server process (shared by the machine): both per message, as information.
 *
 *   npx tsx bench/w7-rooms.ts [--sockets 10000 --rooms 2000 --rooms-per-socket 1 --rate 500]
 *       [--warmup-ms 3000 --window-ms 8000] [--concurrency 100] [--skip-bare]
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { Redis } from 'ioredis';
import pg from 'pg';
import { signAccessToken } from '../src/features/accounts/tokens.js';
import { onCleanup } from './lib/cleanup.js';
import { createBenchDatabase, offsetIdentities, readDeploymentId } from './lib/database.js';
import { publishMessageAdded } from './lib/room-trigger.js';
import { benchEnv, CLK_TCK, sleep, windowMs } from './lib/env.js';
import { Histogram } from './lib/histogram.js';
import { CpuMeter, describeCpu, procOpenFilesLimit, type CpuReading } from './lib/procs.js';
import { atMost, runWorkload, type WorkloadContext } from './lib/report.js';
import { messageCursor, MESSAGE_ADDED } from './lib/seed.js';
import { REDIS_PREFIX, startServer, startWsBaseline, type RunningProcess } from './lib/server.js';
import { openRoomSockets, type RoomSockets, type Stream } from './lib/w7-sockets.js';

/** A chat client's inbox item: the kind, the room, the mute flag and the message it is about. */
const INBOX = `subscription BenchInbox {
  inbox { kind roomId muted details { __typename ... on InboxMessageAdded { message { id body cursor createdAt sender { id displayName } } } } }
}`;
const DRAIN_MS = 15_000;
const PROBE_TIMEOUT_MS = 60_000;
const IDLE_MS = 2_000;

/** Who is where: socket i is user i; room r has members[r] (socket indices). */
interface Layout {
  sockets: number;
  rooms: number;
  membersPerRoom: number;
  members: number[][];
  roomsOfSocket: number[][];
}

function layout(sockets: number, rooms: number, roomsPerSocket: number): Layout {
  const memberships = sockets * roomsPerSocket;
  if (memberships % rooms !== 0) {
    throw new Error(`--sockets × --rooms-per-socket (${memberships}) must be a multiple of --rooms (${rooms})`);
  }
  const membersPerRoom = memberships / rooms;
  if (membersPerRoom < 2 || membersPerRoom > sockets) throw new Error(`rooms of ${membersPerRoom} members: not a chat`);
  const members: number[][] = Array.from({ length: rooms }, () => []);
  const roomsOfSocket: number[][] = Array.from({ length: sockets }, () => []);
  // Membership m: room ⌊m / size⌋, user m mod sockets: with one room each, user i is in room ⌊i / size⌋.
  for (let m = 0; m < memberships; m++) {
    const room = Math.floor(m / membersPerRoom);
    const socket = m % sockets;
    members[room]!.push(socket);
    roomsOfSocket[socket]!.push(room);
  }
  return { sockets, rooms, membersPerRoom, members, roomsOfSocket };
}

interface Seeded {
  userIds: string[];
  tokens: string[];
  roomIds: string[];
  /** Global ids (what clients name), by room index. */
  roomGlobalIds: string[];
  maxMessageId: bigint;
}

/** Users, sessions, rooms, members and one message per room, in a few statements; tokens minted. */
async function seed(url: string, jwtSecret: string, plan: Layout, log: (line: string) => void): Promise<Seeded> {
  const started = performance.now();
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    const tag = randomBytes(3).toString('hex');
    const users = await db.query<{ id: string; username: string }>(
      `insert into users (username, display_name, password_hash)
       select 'w7_' || $1::text || '_' || g, 'W7 user ' || g, '!no login: seeded by bench/w7-rooms.ts'
       from generate_series(0, $2::int - 1) g order by g
       returning id, username`,
      [tag, plan.sockets],
    );
    const userIds: string[] = new Array(plan.sockets);
    for (const row of users.rows) userIds[Number(row.username.slice(row.username.lastIndexOf('_') + 1))] = row.id;
    const sessions = await db.query<{ id: string; user_id: string }>(
      `insert into sessions (user_id, user_agent) select u, 'bench W7' from unnest($1::bigint[]) u returning id, user_id`,
      [userIds],
    );
    const sessionOf = new Map(sessions.rows.map((row) => [row.user_id, row.id]));
    const rooms = await db.query<{ id: string; name: string }>(
      `insert into rooms (kind, name, created_by, last_seq, event_seq)
       select 'GROUP', 'w7 room ' || (i - 1), c, 1, 1 from unnest($1::bigint[]) with ordinality t(c, i)
       returning id, name`,
      [plan.members.map((members) => userIds[members[0]!])],
    );
    const roomIds: string[] = new Array(plan.rooms);
    for (const row of rooms.rows) roomIds[Number(row.name.slice('w7 room '.length))] = row.id;
    const memberRooms: string[] = [];
    const memberUsers: string[] = [];
    const roles: string[] = [];
    plan.members.forEach((members, room) =>
      members.forEach((socket, slot) => {
        memberRooms.push(roomIds[room]!);
        memberUsers.push(userIds[socket]!);
        roles.push(slot === 0 ? 'OWNER' : 'MEMBER');
      }),
    );
    await db.query(
      `insert into room_members (room_id, user_id, role) select * from unnest($1::bigint[], $2::bigint[], $3::text[])`,
      [memberRooms, memberUsers, roles],
    );
    const messages = await db.query<{ id: string }>(
      `insert into messages (room_id, sender_id, seq, body)
       select r, s, 1, 'seed' from unnest($1::bigint[], $2::bigint[]) t(r, s) returning id`,
      [roomIds, plan.members.map((members) => userIds[members[0]!])],
    );
    await db.query(
      `update rooms set last_message_id = m.id from messages m where m.room_id = rooms.id and rooms.id = any($1::bigint[])`,
      [roomIds],
    );
    await db.query(
      `insert into room_events (room_id, seq, kind, message_id)
       select room_id, seq, 'MESSAGE_ADDED', id from messages where room_id = any($1::bigint[])`,
      [roomIds],
    );
    const check = await db.query<{ rooms: string; members: string; wrong: string }>(
      `select count(*) as rooms, sum((select count(*) from room_members m where m.room_id = r.id)) as members,
         count(*) filter (where r.last_seq <> 1 or r.event_seq <> 1 or r.last_message_id is null) as wrong
       from rooms r where r.id = any($1::bigint[])`,
      [roomIds],
    );
    const counted = check.rows[0]!;
    if (
      Number(counted.rooms) !== plan.rooms ||
      Number(counted.members) !== plan.rooms * plan.membersPerRoom ||
      Number(counted.wrong)
    ) {
      throw new Error(`seed check failed: ${JSON.stringify(counted)}`);
    }
    await db.query('analyze');
    const maxMessageId = BigInt(messages.rows.reduce((max, row) => (BigInt(row.id) > max ? BigInt(row.id) : max), 0n));
    const settings = { jwtSecret: new TextEncoder().encode(jwtSecret), accessTokenTtlSeconds: 3_600 };
    const tokens = await Promise.all(
      userIds.map(async (userId) => (await signAccessToken(settings, userId, sessionOf.get(userId)!)).token),
    );
    log(
      `seeded ${plan.sockets.toLocaleString('en-US')} users with sessions and tokens, ${plan.rooms.toLocaleString('en-US')} rooms ` +
        `of ${plan.membersPerRoom} with one message each, in ${((performance.now() - started) / 1000).toFixed(1)} s (SQL)`,
    );
    return {
      userIds,
      tokens,
      roomIds,
      roomGlobalIds: roomIds.map((id) => Buffer.from(`Room:${id}`).toString('base64url')),
      maxMessageId,
    };
  } finally {
    await db.end();
  }
}

/** CPU seconds so far of each PostgreSQL backend of one database (their titles name it) and of each redis-server. */
function servicesCpu(database: string): Map<number, { redis: boolean; seconds: number }> {
  const result = new Map<number, { redis: boolean; seconds: number }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      if (comm !== 'postgres' && comm !== 'redis-server') continue;
      if (comm === 'postgres' && !readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(` ${database} `)) continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const seconds = (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
      result.set(Number(entry), { redis: comm === 'redis-server', seconds });
    } catch {
      // the process ended while we looked
    }
  }
  return result;
}

/** PostgreSQL and Redis CPU seconds between two readings (a backend that started meanwhile counts from 0). */
function servicesDelta(before: ReturnType<typeof servicesCpu>, after: ReturnType<typeof servicesCpu>) {
  let postgres = 0;
  let redis = 0;
  for (const [pid, now] of after) {
    const used = Math.max(0, now.seconds - (before.get(pid)?.seconds ?? 0));
    if (now.redis) redis += used;
    else postgres += used;
  }
  return { postgres, redis };
}

/** Transactions committed so far in one database (null: none named, or unreadable). */
async function committedTransactions(database: string | null): Promise<number | null> {
  if (!database) return null;
  const client = new pg.Client({ connectionString: benchEnv.pgUrl });
  try {
    await client.connect();
    const { rows } = await client.query<{ n: string }>(
      'select xact_commit + xact_rollback as n from pg_stat_database where datname = $1',
      [database],
    );
    return rows[0] ? Number(rows[0].n) : null;
  } catch {
    return null;
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Follows the messages of one phase. Message k goes to room roomOf(k), whose every member should get
 * it twice (messageAdded and inbox): bodies `t:<phase>:<k>:<scheduled send time>`.
 */
class RoomTracker {
  readonly perDelivery = new Histogram();
  deliveries = 0;
  windowDeliveries = 0;
  windowStart = Infinity;
  windowEnd = Infinity;
  stray = 0;
  duplicates = 0;
  private readonly pending = new Map<number, { room: number; seen: Uint8Array; left: number }>();

  constructor(
    readonly phase: number,
    private readonly plan: Layout,
  ) {}

  body(k: number, scheduled: number) {
    return `t:${this.phase}:${k}:${scheduled.toFixed(3)}`;
  }

  sent(k: number, room: number) {
    const expected = this.plan.membersPerRoom * 2;
    this.pending.set(k, { room, seen: new Uint8Array(expected), left: expected });
  }

  onDelivery = (socket: number, stream: Stream, body: string, at: number) => {
    const parts = body.split(':');
    if (parts[0] !== 't' || Number(parts[1]) !== this.phase) return void this.stray++;
    const event = this.pending.get(Number(parts[2]));
    if (!event) return void this.stray++;
    const slot = this.plan.members[event.room]!.indexOf(socket);
    if (slot < 0) return void this.stray++;
    const bit = slot * 2 + (stream === 'inbox' ? 1 : 0);
    if (event.seen[bit]) return void this.duplicates++;
    event.seen[bit] = 1;
    this.deliveries++;
    if (at >= this.windowStart && at <= this.windowEnd) this.windowDeliveries++;
    this.perDelivery.recordMs(at - Number(parts[3]));
    if (--event.left === 0) this.pending.delete(Number(parts[2]));
  };

  get outstanding() {
    return this.pending.size;
  }

  missing(): number {
    let missing = 0;
    for (const event of this.pending.values()) missing += event.left;
    return missing;
  }
}

/** One server under test with its sockets: how to send room r a message body, and where events go. */
interface Target {
  name: string;
  proc: RunningProcess;
  sockets: RoomSockets;
  fire(room: number, body: string): void;
  route: { to: ((socket: number, stream: Stream, body: string, at: number) => void) | null };
  /** Name of the database whose PostgreSQL backends count (null: the target uses none). */
  database: string | null;
}

/** Sends a probe to every room, `rate` a second, until every socket had one on messageAdded and on inbox. */
async function probeAll(ctx: WorkloadContext, target: Target, plan: Layout, rate: number): Promise<void> {
  const started = performance.now();
  const heard = new Uint8Array(plan.sockets * 2);
  target.route.to = (socket, stream, body) => {
    if (body.startsWith('p:')) heard[socket * 2 + (stream === 'inbox' ? 1 : 0)] = 1;
  };
  let pending = plan.members.map((_, room) => room);
  const complete = (room: number) => plan.members[room]!.every((socket) => heard[socket * 2] && heard[socket * 2 + 1]);
  let round = 0;
  while (pending.length && performance.now() - started < PROBE_TIMEOUT_MS) {
    round++;
    // At the workload's rate: a burst of thousands of events at once is not the traffic measured.
    const paceStart = performance.now();
    for (const [i, room] of pending.entries()) {
      const due = paceStart + (i * 1000) / rate;
      if (due > performance.now()) await sleep(due - performance.now());
      target.fire(room, `p:${round}:${room}`);
    }
    const waitUntil = performance.now() + 2_000;
    while (performance.now() < waitUntil && !pending.every(complete)) await sleep(50);
    pending = pending.filter((room) => !complete(room));
    if (pending.length && target.sockets.errors.total) {
      throw new Error(
        `${target.name}: subscriptions failed while probing (${target.sockets.errors.summary()}); ` +
          `${pending.length} rooms still had a member without the probe`,
      );
    }
  }
  target.route.to = null;
  if (pending.length) {
    throw new Error(
      `${target.name}: ${pending.length} rooms still had a member without the probe on messageAdded or inbox after ` +
        `${round} rounds (${PROBE_TIMEOUT_MS / 1000} s)`,
    );
  }
  ctx.log(
    `${target.name}: every socket heard a probe on messageAdded and inbox in ${round} round(s), ` +
      `${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
}

interface PhaseResult {
  windowSeconds: number;
  windowMessages: number;
  windowDeliveries: number;
  deliveriesPerSecond: number;
  cpuMicrosPerDelivery: number;
  cpuMicrosPerMessage: number;
  postgresMicrosPerMessage: number;
  redisMicrosPerMessage: number;
  /** Transactions the bench database committed per message (pg_stat_database, from the window's start to the drain's end). */
  postgresTransactionsPerMessage: number | null;
  idleCpuPct: number;
  sent: number;
  lost: number;
  stray: number;
  duplicates: number;
  sendLagP99Ms: number;
  latency: ReturnType<Histogram['summary']>;
  cpu: CpuReading;
}

let phaseCounter = 0;

/**
 * Idle for IDLE_MS (CPU of the target with its sockets open), then `rate` messages/s round-robin
 * over the rooms: warm-up, measured window (CPU from /proc, deliveries received inside it), then
 * drain and count what never arrived.
 */
async function measure(
  ctx: WorkloadContext,
  target: Target,
  plan: Layout,
  options: { rate: number; warmupMs: number; windowMs: number },
): Promise<PhaseResult> {
  const idle = new CpuMeter([target.proc.pid]);
  await sleep(IDLE_MS);
  const idleCpuPct = ((idle.read().serverSeconds[0] ?? 0) / (IDLE_MS / 1000)) * 100;

  const tracker = new RoomTracker(++phaseCounter, plan);
  target.route.to = tracker.onDelivery;
  const { rate } = options;
  const sendLag = new Histogram();
  const start = performance.now() + 5;
  const windowStart = start + options.warmupMs;
  const end = windowStart + options.windowMs;
  const total = Math.round((rate * (options.warmupMs + options.windowMs)) / 1000);
  let meter: CpuMeter | null = null;
  let services: ReturnType<typeof servicesCpu> = new Map();
  let transactionsBefore: Promise<number | null> = Promise.resolve(null);
  let windowMessages = 0;
  let k = 0;
  while (k < total) {
    const now = performance.now();
    if (!meter && now >= windowStart) {
      meter = new CpuMeter([target.proc.pid]);
      services = servicesCpu(target.database ?? '\u0000');
      tracker.windowStart = performance.now();
      transactionsBefore = committedTransactions(target.database);
    }
    while (k < total && start + (k * 1000) / rate <= now) {
      const scheduled = start + (k * 1000) / rate;
      sendLag.recordMs(now - scheduled);
      const room = k % plan.rooms;
      tracker.sent(k, room);
      target.fire(room, tracker.body(k, scheduled));
      if (meter) windowMessages++;
      k++;
    }
    if (k < total) await sleep(Math.max(0, Math.min(5, start + (k * 1000) / rate - performance.now())));
  }
  await sleep(Math.max(0, end - performance.now()));
  tracker.windowEnd = performance.now();
  const cpu = meter!.read();
  const servicesUsed = servicesDelta(services, servicesCpu(target.database ?? '\u0000'));
  const windowSeconds = (tracker.windowEnd - tracker.windowStart) / 1000;

  const drainUntil = performance.now() + DRAIN_MS;
  while (tracker.outstanding && performance.now() < drainUntil) await sleep(50);
  target.route.to = null;
  // Backends report their counters when idle, at most once a second.
  await sleep(1_500);
  const [before, after] = await Promise.all([transactionsBefore, committedTransactions(target.database)]);
  const serverSeconds = cpu.serverSeconds[0] ?? 0;
  const result: PhaseResult = {
    windowSeconds,
    windowMessages,
    windowDeliveries: tracker.windowDeliveries,
    deliveriesPerSecond: tracker.windowDeliveries / windowSeconds,
    cpuMicrosPerDelivery: (serverSeconds / Math.max(1, tracker.windowDeliveries)) * 1e6,
    cpuMicrosPerMessage: (serverSeconds / Math.max(1, windowMessages)) * 1e6,
    postgresMicrosPerMessage: (servicesUsed.postgres / Math.max(1, windowMessages)) * 1e6,
    redisMicrosPerMessage: (servicesUsed.redis / Math.max(1, windowMessages)) * 1e6,
    postgresTransactionsPerMessage:
      before === null || after === null ? null : (after - before) / Math.max(1, windowMessages),
    idleCpuPct,
    sent: total,
    lost: tracker.missing(),
    stray: tracker.stray,
    duplicates: tracker.duplicates,
    sendLagP99Ms: sendLag.ms(99),
    latency: tracker.perDelivery.summary(),
    cpu,
  };
  ctx.log(
    `${target.name}: ${result.cpuMicrosPerDelivery.toFixed(1)} µs CPU per delivery ` +
      `(${result.cpuMicrosPerMessage.toFixed(0)} µs per message; idle with its sockets ${idleCpuPct.toFixed(1)}% of a core), ` +
      `${Math.round(result.deliveriesPerSecond).toLocaleString('en-US')} deliveries/s over ${windowSeconds.toFixed(1)} s, ` +
      `delivery ${tracker.perDelivery.describe()}, send lag p99 ${result.sendLagP99Ms.toFixed(1)} ms; ` +
      `PostgreSQL ${result.postgresMicrosPerMessage.toFixed(1)} µs` +
      (result.postgresTransactionsPerMessage === null
        ? ''
        : ` (${result.postgresTransactionsPerMessage.toFixed(2)} transactions)`) +
      ` and Redis ${result.redisMicrosPerMessage.toFixed(1)} µs per message; ` +
      `${describeCpu(cpu, [target.name])}` +
      (result.lost ? `; ${result.lost} deliveries LOST (not there ${DRAIN_MS / 1000} s after the last send)` : '') +
      (result.stray || result.duplicates ? `; ${result.stray} stray, ${result.duplicates} duplicate` : ''),
  );
  if (cpu.loadgenPct >= 90) {
    ctx.log(`   ↳ load generator at ${cpu.loadgenPct}% of its core: the client, not ${target.name}, may set this pace`);
  }
  return result;
}

const latency = (ms: number) => (ms >= 1_000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 10 ? 1 : 0)} ms`);

/** A payload like `template` with the string at `path` replaced by the body: pre + body + post. */
function renderer(template: unknown, path: string[]): (body: string) => string {
  const marker = '\u0001BODY\u0001';
  const copy = JSON.parse(JSON.stringify(template)) as Record<string, unknown>;
  let at: Record<string, unknown> = copy;
  for (const key of path.slice(0, -1)) at = at[key] as Record<string, unknown>;
  at[path.at(-1)!] = marker;
  const [pre, post] = JSON.stringify(copy).split(JSON.stringify(marker));
  if (post === undefined) throw new Error(`template has no ${path.join('.')}`);
  return (body) => `${pre}${JSON.stringify(body)}${post}`;
}

await runWorkload(
  'W7',
  'many small rooms: CPU per delivery against bare ws, one Redis channel per room',
  {
    deadlineSeconds: 900,
    flags: {
      sockets: { type: 'string' },
      rooms: { type: 'string' },
      'rooms-per-socket': { type: 'string' },
      rate: { type: 'string' },
      'warmup-ms': { type: 'string' },
      'window-ms': { type: 'string' },
      concurrency: { type: 'string' },
      'skip-bare': { type: 'boolean' },
    },
  },
  async (ctx) => {
    const sockets = Number(ctx.args.sockets ?? 10_000);
    const roomCount = Number(ctx.args.rooms ?? 2_000);
    const roomsPerSocket = Number(ctx.args['rooms-per-socket'] ?? 1);
    const rate = Number(ctx.args.rate ?? 500);
    const warmupMs = windowMs(Number(ctx.args['warmup-ms'] ?? 3_000));
    const measuredMs = windowMs(Number(ctx.args['window-ms'] ?? 8_000));
    const concurrency = Number(ctx.args.concurrency ?? 100);
    for (const [name, value] of Object.entries({ sockets, roomCount, roomsPerSocket, rate, concurrency })) {
      if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`);
    }
    const plan = layout(sockets, roomCount, roomsPerSocket);
    const filesNeeded = sockets + 300;
    if (procOpenFilesLimit(process.pid) < filesNeeded) {
      throw new Error(
        `the load generator may open only ${procOpenFilesLimit(process.pid)} files; ${filesNeeded} needed`,
      );
    }
    const deliveriesPerMessage = plan.membersPerRoom * 2;
    const shape =
      `${sockets.toLocaleString('en-US')} sockets, ${roomCount.toLocaleString('en-US')} rooms of ${plan.membersPerRoom}` +
      (roomsPerSocket > 1 ? ` (${roomsPerSocket} per socket)` : '') +
      `, ${rate} msg/s`;
    Object.assign(ctx.details, {
      sockets,
      rooms: roomCount,
      roomsPerSocket,
      membersPerRoom: plan.membersPerRoom,
      rate,
      warmupMs,
      windowMs: measuredMs,
      deliveriesPerMessage,
      trigger: 'redis (straight onto the room channel)',
    });
    ctx.log(
      `${shape}: ${deliveriesPerMessage} deliveries per message (messageAdded + inbox per member), ` +
        `about ${(rate * deliveriesPerMessage).toLocaleString('en-US')} deliveries/s; ${warmupMs} ms warm-up, ${measuredMs} ms measured`,
    );

    // The server on a fresh database, with a JWT secret this process knows (it mints the tokens).
    const database = await createBenchDatabase();
    ctx.log(`database ${database.name} created`);
    const jwtSecret = randomBytes(48).toString('base64url');
    const server = await startServer({ databaseUrl: database.url, env: { JWT_SECRET: jwtSecret } });
    ctx.log(`${server.describe()} ready at ${server.url}`);
    await offsetIdentities(database.url);
    const seeded = await seed(database.url, jwtSecret, plan, ctx.log);
    const deploymentId = await readDeploymentId(database.url);
    const redis = new Redis(benchEnv.redisUrl);
    onCleanup('redis publisher', () => void redis.disconnect());

    // The server's trigger: sendMessage's envelope on the room's channel, numbered on from the seed.
    const eventSeq = new Array<number>(roomCount).fill(1);
    const messageSeq = new Array<number>(roomCount).fill(1);
    let fakeMessageId = seeded.maxMessageId + 1_000_000_000n;
    const channelOf = seeded.roomIds.map((id) => `${REDIS_PREFIX}room:${id}`);
    const serverFire = (room: number, body: string) => {
      eventSeq[room]! += 1;
      messageSeq[room]! += 1;
      const members = plan.members[room]!;
      publishMessageAdded(redis, channelOf[room]!, deploymentId, eventSeq[room]!, {
        id: String(fakeMessageId++),
        roomId: seeded.roomIds[room]!,
        senderId: seeded.userIds[members[messageSeq[room]! % members.length]!]!,
        seq: messageSeq[room]!,
        body,
      });
    };

    const after = messageCursor('0'); // Room.headCursor of an empty room: replays seq 1, the seed
    const roomsOf = (socket: number) => plan.roomsOfSocket[socket]!.map((room) => seeded.roomGlobalIds[room]!);
    const open = async (name: string, proc: RunningProcess, baseline: boolean) => {
      const route: Target['route'] = { to: null };
      const pool = await openRoomSockets({
        label: name,
        wsUrl: proc.wsUrl,
        count: sockets,
        token: (socket) => seeded.tokens[socket]!,
        roomsOf,
        after,
        messageQuery: MESSAGE_ADDED,
        inboxQuery: INBOX,
        inboxVariables: baseline ? (socket) => ({ rooms: roomsOf(socket) }) : undefined,
        concurrency,
        watchPids: [proc.pid],
        onEvent: (socket, stream, body, at) => route.to?.(socket, stream, body, at),
      });
      ctx.log(
        `${name}: ${sockets.toLocaleString('en-US')} sockets with ${roomsPerSocket + 1} subscriptions each live in ` +
          `${(pool.elapsedMs / 1000).toFixed(1)} s (${Math.round(pool.ratePerSecond)}/s), ${describeCpu(pool.cpu!, [name])}`,
      );
      return { pool, route };
    };
    const errorRow = (targets: Target[]) => {
      const total = targets.reduce((sum, target) => sum + target.sockets.errors.total, 0);
      if (!total) return;
      ctx.row({
        metric: 'socket errors',
        value: total,
        unit: '',
        target: '0',
        met: false,
        kind: 'error',
        note: targets.map((target) => `${target.name}: ${target.sockets.errors.summary() || 'none'}`).join('; '),
      });
    };
    const phase = { rate, warmupMs, windowMs: measuredMs };

    // 1. The chat server.
    const serverSockets = await open('server', server, false);
    const serverTarget: Target = {
      name: 'server',
      proc: server,
      sockets: serverSockets.pool,
      fire: serverFire,
      route: serverSockets.route,
      database: database.name,
    };
    await probeAll(ctx, serverTarget, plan, rate);

    // One Redis channel per room with local subscribers, each with one subscriber (the server's).
    const roomChannels = (await redis.pubsub('CHANNELS', `${REDIS_PREFIX}room:*`)) as string[];
    const userChannels = (await redis.pubsub('CHANNELS', `${REDIS_PREFIX}user.rooms:*`)) as string[];
    const allChannels = (await redis.pubsub('CHANNELS', `${REDIS_PREFIX}*`)) as string[];
    const numsub: number[] = [];
    for (let start = 0; start < roomChannels.length; start += 500) {
      const reply = (await redis.pubsub('NUMSUB', ...roomChannels.slice(start, start + 500))) as Array<string | number>;
      for (let i = 1; i < reply.length; i += 2) numsub.push(Number(reply[i]));
    }
    const expected = new Set(channelOf);
    const unexpected = roomChannels.filter((channel) => !expected.has(channel));
    const notOne = numsub.filter((count) => count !== 1).length;
    const channelsOk = roomChannels.length === roomCount && unexpected.length === 0 && notOne === 0;
    ctx.details.redisChannels = {
      room: roomChannels.length,
      userRooms: userChannels.length,
      all: allChannels.length,
      numsubNotOne: notOne,
      numsubMax: Math.max(0, ...numsub),
      unexpected: unexpected.slice(0, 5),
    };
    ctx.log(
      `Redis: ${roomChannels.length} channels ${REDIS_PREFIX}room:* (${notOne} with other than 1 subscriber, max ` +
        `${Math.max(0, ...numsub)}), ${userChannels.length} ${REDIS_PREFIX}user.rooms:* (one per user with an inbox), ` +
        `${allChannels.length} in all under the prefix`,
    );

    const templates = serverSockets.pool.templates;
    const messageFrame = JSON.stringify(templates.messageAdded);
    const inboxFrame = JSON.stringify(templates.inbox);
    ctx.details.payloadBytes = { messageAdded: messageFrame.length, inbox: inboxFrame.length };
    ctx.log(`payloads: messageAdded ${messageFrame.length} bytes, inbox ${inboxFrame.length} bytes (before the body)`);

    const serverResult = await measure(ctx, serverTarget, plan, phase);
    ctx.details.server = serverResult;
    errorRow([serverTarget]);
    await serverSockets.pool.close();
    await server.stop();

    // 2. Bare ws: the same sockets, subscriptions and frame bytes, routed by room.
    let bareResult: PhaseResult | null = null;
    if (!ctx.args['skip-bare']) {
      const renderMessage = renderer(templates.messageAdded, ['data', 'messageAdded', 'body']);
      const renderInbox = renderer(templates.inbox, ['data', 'inbox', 'details', 'message', 'body']);
      const baselineChannel = `bench.w7.${process.pid}`;
      // BASELINE_ROOM_EVENTS: the baseline's per-room channels for W7 (messageAdded and inbox frames).
      const bare = await startWsBaseline(baselineChannel, messageFrame, { BASELINE_ROOM_EVENTS: '1' });
      ctx.log(`${bare.describe()} ready`);
      const bareSockets = await open('bare ws', bare, true);
      const bareTarget: Target = {
        name: 'bare ws',
        proc: bare,
        sockets: bareSockets.pool,
        fire: (room, body) =>
          void redis.publish(
            `${baselineChannel}:events:${seeded.roomGlobalIds[room]}`,
            `${renderMessage(body)}\u0000${renderInbox(body)}`,
          ),
        route: bareSockets.route,
        database: null,
      };
      await probeAll(ctx, bareTarget, plan, rate);
      bareResult = await measure(ctx, bareTarget, plan, phase);
      ctx.details.bare = bareResult;
      errorRow([bareTarget]);
      await bareSockets.pool.close();
      await bare.stop();
    }

    // Rows.
    const busy = [serverResult, bareResult].some((result) => result && result.cpu.loadgenPct >= 90);
    const noisy = Math.max(serverResult.cpu.otherPct, bareResult?.cpu.otherPct ?? 0);
    const ours = serverResult.cpuMicrosPerDelivery;
    ctx.row({
      metric: `server CPU per delivery, ${shape}`,
      value: ours,
      unit: 'µs',
      ...(bareResult ? atMost(ours, bareResult.cpuMicrosPerDelivery, 2) : { met: null }),
      target: '≤ 2× bare ws',
      note:
        [
          bareResult ? '' : 'bare ws skipped',
          busy ? 'load generator ≥ 90 %' : '',
          noisy > 10 ? `other processes up to ${noisy} % of a core: noisy` : '',
        ]
          .filter(Boolean)
          .join('; ') || undefined,
    });
    ctx.row({
      metric: `Redis room channels (PUBSUB CHANNELS ${REDIS_PREFIX}room:*), 1 subscriber each (NUMSUB)`,
      value: roomChannels.length,
      unit: '',
      baseline: roomCount,
      ratio: roomChannels.length / roomCount,
      target: '= rooms',
      met: channelsOk,
      note:
        [
          notOne ? `${notOne} channels with ≠ 1 subscriber` : '',
          unexpected.length ? `${unexpected.length} channels of unknown rooms` : '',
          `and ${userChannels.length} user.rooms channels`,
        ]
          .filter(Boolean)
          .join('; ') || undefined,
    });
    ctx.row({
      metric: `deliveries/s (messageAdded + inbox; expected ${(rate * deliveriesPerMessage).toLocaleString('en-US')})`,
      value: serverResult.deliveriesPerSecond,
      unit: '/s',
      ...(bareResult
        ? {
            baseline: bareResult.deliveriesPerSecond,
            ratio: serverResult.deliveriesPerSecond / bareResult.deliveriesPerSecond,
          }
        : {}),
      // Behind schedule, a window also delivers the warm-up's backlog (or leaves its own): the latency says so.
      note:
        `delivery p50 ${latency(serverResult.latency.p50)}, p99 ${latency(serverResult.latency.p99)}` +
        (bareResult ? ` (bare ${latency(bareResult.latency.p50)}, ${latency(bareResult.latency.p99)})` : ''),
    });
    ctx.row({
      metric: `lost deliveries (of ${(serverResult.sent * deliveriesPerMessage).toLocaleString('en-US')}, ${DRAIN_MS / 1000} s to drain)`,
      value: serverResult.lost,
      unit: '',
      baseline: bareResult?.lost ?? null,
      target: '0',
      met: serverResult.lost === 0 && serverResult.duplicates === 0,
      note: serverResult.duplicates ? `${serverResult.duplicates} duplicates` : undefined,
    });
    ctx.row({
      metric: 'PostgreSQL CPU per message (backends of the bench database)',
      value: serverResult.postgresMicrosPerMessage,
      unit: 'µs',
      baseline: bareResult?.postgresMicrosPerMessage ?? null,
      note:
        serverResult.postgresTransactionsPerMessage === null
          ? undefined
          : `${serverResult.postgresTransactionsPerMessage.toFixed(2)} transactions per message`,
    });
    ctx.row({
      metric: 'Redis CPU per message (redis-server, shared by the machine)',
      value: serverResult.redisMicrosPerMessage,
      unit: 'µs',
      baseline: bareResult?.redisMicrosPerMessage ?? null,
      ratio: bareResult ? serverResult.redisMicrosPerMessage / bareResult.redisMicrosPerMessage : null,
    });
  },
);
