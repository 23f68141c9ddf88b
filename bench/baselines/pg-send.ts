/**
 * Baseline for W3: the bare `pg` transaction that stores one message, in a closed loop, in a process
 * of its own (pinned to the server's core like the server), so its CPU is read from /proc like the
 * server's. Each of `workers` loops checks a client out of a pool of POOL_SIZE, runs
 *
 *   begin; lock the room row joined with the sender's membership (for update of rooms);
 *   insert the message (seq = last_seq + 1); update the room (last message, last_seq, activity_seq); commit
 *
 * and starts again. PREPARED=1 names the statements (pg prepares each once per connection, as the
 * server prepares its own); PREPARED=0 uses pg's unnamed statements.
 *
 * Driven over HTTP by the load generator (bench/w3-send.ts), answers in JSON:
 *   POST /start?workers=64    start the loops
 *   POST /mark?record=1|0     { ok, errors } so far (cumulative); record=1 starts keeping
 *                             latencies, record=0 stops (so a measured window is two marks)
 *   GET  /latency             { count, p50, p99 } in ms of the latencies kept
 *   POST /stop                stop the loops, wait for them: { ok, errors, firstError }
 *
 * Env: PORT, DATABASE_URL, POOL_SIZE, ROOM_ID, SENDER_IDS (comma-separated user row ids), PREPARED.
 */
import { createServer, type ServerResponse } from 'node:http';
import pg from 'pg';

const port = Number(process.env.PORT ?? '0');
const roomId = process.env.ROOM_ID ?? '';
const senderIds = (process.env.SENDER_IDS ?? '').split(',').filter(Boolean);
const prepared = process.env.PREPARED !== '0';
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.POOL_SIZE ?? '20') });
pool.on('error', () => {}); // an idle client's connection dropping must not end the process

const LOCK =
  'select "rooms"."kind", "rooms"."direct_key", "rooms"."last_seq" from "rooms" ' +
  'inner join "room_members" on "room_members"."room_id" = "rooms"."id" ' +
  'where "rooms"."id" = $1 and "room_members"."user_id" = $2 for update of "rooms"';
const INSERT =
  'insert into "messages" ("room_id", "sender_id", "seq", "body", "client_id") values ($1, $2, $3, $4, $5) ' +
  'on conflict ("sender_id", "room_id", "client_id") where "client_id" is not null do nothing returning *';
const UPDATE =
  'update "rooms" set "last_message_id" = $1, "last_seq" = $2, "activity_seq" = nextval(\'room_activity_seq\') ' +
  'where "id" = $3';

const statement = (name: string, text: string, values: unknown[]): pg.QueryConfig =>
  prepared ? { name, text, values } : { text, values };

let ok = 0;
let errors = 0;
let firstError: string | null = null;
let running = false;
let loops: Array<Promise<void>> = [];
let counter = 0;
/** Latencies (ms) kept between /mark?record=1 and /mark?record=0. */
let recording = false;
let latencies: number[] = [];

async function sendOnce(senderId: string, i: number): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    const room = await client.query(statement('w3-lock', LOCK, [roomId, senderId]));
    if (room.rowCount !== 1) throw new Error(`sender ${senderId} is not a member of room ${roomId}`);
    const seq = String(BigInt(room.rows[0].last_seq) + 1n);
    const inserted = await client.query(statement('w3-insert', INSERT, [roomId, senderId, seq, `w3 bare ${i}`, null]));
    await client.query(statement('w3-update', UPDATE, [inserted.rows[0].id, seq, roomId]));
    await client.query('commit');
  } catch (err) {
    await client.query('rollback').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}

async function loop(worker: number): Promise<void> {
  const senderId = senderIds[worker % senderIds.length]!;
  while (running) {
    const started = performance.now();
    try {
      await sendOnce(senderId, counter++);
      ok++;
      if (recording) latencies.push(performance.now() - started);
    } catch (err) {
      errors++;
      firstError ??= err instanceof Error ? err.message : String(err);
    }
  }
}

function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const json = (res: ServerResponse, status: number, body: unknown) =>
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));

const http = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  req.resume();
  switch (url.pathname) {
    case '/ready':
    case '/health':
      return json(res, 200, { status: 'ready' });
    case '/start': {
      if (running) return json(res, 409, { error: 'already running' });
      if (!roomId || senderIds.length === 0) return json(res, 400, { error: 'ROOM_ID and SENDER_IDS are required' });
      const workers = Number(url.searchParams.get('workers') ?? '64');
      running = true;
      loops = Array.from({ length: workers }, (_, worker) => loop(worker));
      return json(res, 200, { workers });
    }
    case '/mark':
      // Counts first, so the answer describes the instant of the mark.
      json(res, 200, { ok, errors });
      if (url.searchParams.get('record') === '1') {
        latencies = [];
        recording = true;
      } else {
        recording = false;
      }
      return;
    case '/latency': {
      const sorted = [...latencies].sort((a, b) => a - b);
      return json(res, 200, { count: sorted.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99) });
    }
    case '/stop':
      running = false;
      void Promise.all(loops).then(() => json(res, 200, { ok, errors, firstError }));
      return;
    default:
      return json(res, 404, { error: 'not found' });
  }
});

http.listen(port, '127.0.0.1');

const stop = () => {
  running = false;
  http.close();
  void Promise.all(loops)
    .then(() => pool.end())
    .finally(() => process.exit(0));
  setTimeout(() => process.exit(0), 3_000).unref();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
