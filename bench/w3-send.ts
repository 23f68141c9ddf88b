/**
 * W3 — send throughput: 64 concurrent senders calling `sendMessage` over HTTP in a closed loop
 * (each waits for its answer, then sends again) into one room, persisted on PostgreSQL, with 0
 * and then 100 messageAdded subscribers on that room. Baseline: the same transaction through a
 * bare `pg` pool of the server's size (read from src/platform/db/database.ts), 64 concurrent workers, same
 * SQL shape as src/features/messages/messages.service.ts sendMessage: lock the room row (joined with the sender's
 * membership), insert the message, update the room, commit.
 *
 *   npx tsx bench/w3-send.ts [--senders 64] [--subscribers 100] [--profile]
 *
 * --profile: the server's CPU profile of each sendMessage phase goes to bench/results/
 * (W3-<subscribers>-<date>.cpuprofile; read it with bench/top-functions.ts).
 */
import path from 'node:path';
import pg from 'pg';
import { onCleanup } from './lib/cleanup.js';
import { RESULTS_DIR, ROOT, serverPoolSize, windowMs } from './lib/env.js';
import { ErrorTally, gql } from './lib/graphql.js';
import { Histogram } from './lib/histogram.js';
import { CpuMeter, describeCpu, type CpuReading } from './lib/procs.js';
import { atLeast, isoStamp, runWorkload } from './lib/report.js';
import { createRoom, rowIdOf, SEND_MESSAGE, sendMessage, type BenchUser } from './lib/seed.js';
import { startStack } from './lib/setup.js';
import { openSubscribers } from './lib/subscribers.js';

const WARMUP_MS = 1_000;
const MEASURE_MS = 5_000;

interface LoopResult {
  perSecond: number;
  ok: number;
  errors: number;
  latency: Histogram;
  cpu: CpuReading;
}

/** `workers` loops calling `once(worker, i)` back to back: warm-up, then a measured window. */
async function closedLoop(
  workers: number,
  durationMs: number,
  pids: number[],
  once: (worker: number, i: number) => Promise<void>,
): Promise<LoopResult> {
  const latency = new Histogram();
  let ok = 0;
  let errors = 0;
  let measuring = false;
  let stop = false;
  let counter = 0;
  const loop = async (worker: number) => {
    while (!stop) {
      const started = performance.now();
      try {
        await once(worker, counter++);
        if (measuring) {
          ok++;
          latency.recordMs(performance.now() - started);
        }
      } catch {
        if (measuring) errors++;
      }
    }
  };
  const loops = Array.from({ length: workers }, (_, worker) => loop(worker));
  await new Promise((resolve) => setTimeout(resolve, WARMUP_MS));
  measuring = true;
  const cpu = new CpuMeter(pids);
  const started = performance.now();
  await new Promise((resolve) => setTimeout(resolve, durationMs));
  measuring = false;
  const seconds = (performance.now() - started) / 1000;
  const reading = cpu.read();
  stop = true;
  await Promise.all(loops);
  return { perSecond: ok / seconds, ok, errors, latency, cpu: reading };
}

await runWorkload(
  'W3',
  'send throughput',
  {
    deadlineSeconds: 180,
    flags: { senders: { type: 'string' }, subscribers: { type: 'string' }, profile: { type: 'boolean' } },
  },
  async (ctx) => {
    const senders = Number(ctx.args.senders ?? 64);
    const subscriberCount = Number(ctx.args.subscribers ?? 100);
    const measureMs = windowMs(MEASURE_MS);
    const pool = serverPoolSize();
    ctx.details.pgPool = pool;
    ctx.details.senders = senders;

    const stack = await startStack(ctx.log);
    const users = stack.users as [BenchUser, ...BenchUser[]];
    const serverRoom = await createRoom(stack.server.url, users, 'send throughput');
    const baselineRoom = await createRoom(stack.server.url, users, 'send throughput baseline');

    // Baseline first: the bare transaction, pool of the server's size, same concurrency.
    const bare = new pg.Pool({ connectionString: stack.database.url, max: pool.size });
    let bareEnded = false;
    const endBare = async () => {
      if (!bareEnded) await bare.end();
      bareEnded = true;
    };
    onCleanup('close baseline pg pool', endBare);
    const roomId = rowIdOf(baselineRoom.id, 'Room');
    const userIds = users.map((user) => rowIdOf(user.id, 'User'));
    const bareErrors = new ErrorTally('bare pg send');
    const bareResult = await closedLoop(senders, measureMs, [], async (worker, i) => {
      const senderId = userIds[worker % userIds.length]!;
      const client = await bare.connect();
      try {
        await client.query('begin');
        const room = await client.query(
          'select "rooms"."kind", "rooms"."direct_key", "rooms"."last_seq" from "rooms" ' +
            'inner join "room_members" on "room_members"."room_id" = "rooms"."id" ' +
            'where "rooms"."id" = $1 and "room_members"."user_id" = $2 for update of "rooms"',
          [roomId, senderId],
        );
        const seq = String(BigInt(room.rows[0].last_seq) + 1n);
        const inserted = await client.query(
          'insert into "messages" ("room_id", "sender_id", "seq", "body", "client_id") values ($1, $2, $3, $4, $5) ' +
            'on conflict ("sender_id", "room_id", "client_id") where "client_id" is not null do nothing returning *',
          [roomId, senderId, seq, `w3 bare ${i}`, null],
        );
        await client.query(
          'update "rooms" set "last_message_id" = $1, "last_seq" = $2, "activity_seq" = nextval(\'room_activity_seq\') ' +
            'where "id" = $3',
          [inserted.rows[0].id, seq, roomId],
        );
        await client.query('commit');
      } catch (err) {
        await client.query('rollback').catch(() => {});
        bareErrors.add('SQL', err instanceof Error ? err.message : String(err));
        throw err;
      } finally {
        client.release();
      }
    });
    await endBare();
    ctx.log(
      `bare pg (pool ${pool.size}, ${senders} workers): ${Math.round(bareResult.perSecond)} sends/s, ` +
        `${bareResult.latency.describe()}, ${describeCpu(bareResult.cpu, [])}`,
    );
    ctx.details.bare = { ...bareResult, latency: bareResult.latency.summary() };

    const sendErrors = new ErrorTally('sendMessage');
    const viaApi = (worker: number, i: number) =>
      gql(
        stack.server.url,
        SEND_MESSAGE,
        { input: { roomId: serverRoom.id, body: `w3 api ${i}` } },
        { token: users[worker % users.length]!.token, tally: sendErrors },
      ).then(() => {});

    for (const subscribers of [0, subscriberCount]) {
      let delivered = 0;
      let closePool = async () => {};
      if (subscribers > 0) {
        const first = await sendMessage(stack.server.url, users[0], serverRoom.id, 'seed a');
        await sendMessage(stack.server.url, users[0], serverRoom.id, 'seed b');
        const subs = await openSubscribers({
          label: 'w3 subscribers',
          wsUrl: stack.server.wsUrl,
          tokens: users.map((user) => user.token),
          count: subscribers,
          roomId: serverRoom.id,
          after: first.cursor,
          onEvent: () => delivered++,
        });
        closePool = async () => {
          await subs.close();
          if (subs.errors.total) {
            ctx.row({
              metric: `subscription errors, ${subscribers} subscribers`,
              value: subs.errors.total,
              unit: '',
              target: '0',
              met: false,
              kind: 'error',
              note: subs.errors.summary(),
            });
          }
        };
      }
      const profileFile = path.join(RESULTS_DIR, `W3-${subscribers}-${isoStamp()}.cpuprofile`);
      if (ctx.args.profile) await stack.server.profileStart();
      const result = await closedLoop(senders, measureMs, [stack.server.pid], viaApi);
      if (ctx.args.profile) {
        await stack.server.profileStop(profileFile);
        ctx.log(`CPU profile of this phase: ${path.relative(ROOT, profileFile)}`);
      }
      await closePool();
      ctx.log(
        `sendMessage, ${subscribers} subscribers: ${Math.round(result.perSecond)} sends/s, ` +
          `${result.latency.describe()}, ${describeCpu(result.cpu)}` +
          (result.errors ? ` — ${result.errors} ERRORS (${sendErrors.summary()})` : '') +
          (subscribers ? `; ${delivered.toLocaleString()} deliveries` : ''),
      );
      ctx.details[`api${subscribers}`] = { ...result, latency: result.latency.summary(), delivered };
      ctx.row({
        metric: `sendMessage/s, ${senders} senders, ${subscribers} subscribers`,
        value: result.perSecond,
        unit: '/s',
        ...atLeast(result.perSecond, bareResult.perSecond, 0.6),
        target: '≥ 0.6× bare',
      });
      ctx.row({
        metric: `p99 sendMessage latency, ${subscribers} subscribers`,
        value: result.latency.ms(99),
        unit: 'ms',
        baseline: bareResult.latency.ms(99),
        ratio: result.latency.ms(99) / bareResult.latency.ms(99),
      });
      if (result.errors) {
        ctx.row({
          metric: `sendMessage errors, ${subscribers} subscribers`,
          value: result.errors,
          unit: '',
          target: '0',
          met: false,
          kind: 'error',
          note: sendErrors.summary(),
        });
      }
    }
    if (bareErrors.total) throw new Error(`the bare pg baseline failed: ${bareErrors.summary()}`);
  },
);
