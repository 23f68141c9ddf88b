/**
 * W2 — end to end: `sendMessage` over HTTP → every one of 1,000 messageAdded subscribers, at
 * 50, 200 and 1,000 mutations/s (open loop, scheduled send times, so a backlog shows as latency).
 * Latency is from the scheduled send to the LAST subscriber's delivery of that message. Two
 * topologies: one instance; two instances on the same PostgreSQL and Redis with the subscribers
 * split between them and every send going through the first.
 *
 * A rate the system cannot keep up with (the oldest undelivered message older than 2 s, or the
 * backlog not drained 10 s after sending stops) is reported as not sustained and the higher rates of
 * that topology are skipped: they would only queue behind it.
 *
 *   npx tsx bench/w2-e2e.ts [--rates 50,200,1000] [--subscribers 1000] [--topologies 1,2]
 */
import { windowMs } from './lib/env.js';
import { EventTracker, fixedRate } from './lib/fanout.js';
import { ErrorTally, gql } from './lib/graphql.js';
import { Histogram } from './lib/histogram.js';
import { CpuMeter, describeCpu } from './lib/procs.js';
import { runWorkload } from './lib/report.js';
import { startServer, type RunningProcess } from './lib/server.js';
import { createRoom, SEND_MESSAGE, sendMessage, usersForSubscribers, type BenchUser } from './lib/seed.js';
import { startStack } from './lib/setup.js';
import { openSubscribers, type SubscriberPool } from './lib/subscribers.js';

/** "CODE×n, …" over several tallies. */
function mergeTallies(tallies: ErrorTally[]): string {
  const merged = new Map<string, number>();
  for (const tally of tallies) {
    for (const [code, count] of tally.counts) merged.set(code, (merged.get(code) ?? 0) + count);
  }
  return [...merged].map(([code, count]) => `${code}×${count}`).join(', ');
}

const TARGET_RATE = 200;
const TARGET_P99_MS = 50;
const MAX_IN_FLIGHT = 256;
const GIVE_UP_AGE_MS = 2_000;
const DRAIN_MS = 10_000;

await runWorkload(
  'W2',
  'end to end: sendMessage → all subscribers',
  {
    deadlineSeconds: 300,
    flags: { rates: { type: 'string' }, subscribers: { type: 'string' }, topologies: { type: 'string' } },
  },
  async (ctx) => {
    const rates = String(ctx.args.rates ?? '50,200,1000')
      .split(',')
      .map(Number);
    const subscribers = Number(ctx.args.subscribers ?? 1000);
    const topologies = String(ctx.args.topologies ?? '1,2')
      .split(',')
      .map(Number);
    // Sockets share users' tokens round-robin: enough users for the server's 20 live subscriptions per user and room.
    const stack = await startStack(ctx.log, { users: usersForSubscribers(subscribers) });
    const users = stack.users as [BenchUser, ...BenchUser[]];
    const room = await createRoom(stack.server.url, users, 'e2e');
    const tokens = users.map((user) => user.token);
    let phase = 0;
    let current: EventTracker | null = null;
    let stackServerUsed = false;

    for (const instances of topologies) {
      const label = instances === 1 ? 'one instance' : `${instances} instances + Redis`;
      // Fresh processes per topology: nothing queued by an earlier phase leaks into this one.
      const servers: RunningProcess[] = [];
      if (!stackServerUsed) {
        servers.push(stack.server);
        stackServerUsed = true;
      }
      const started = await Promise.all(
        Array.from({ length: instances - servers.length }, (_, i) =>
          startServer({ name: `server-${servers.length + i + 1}`, databaseUrl: stack.database.url }),
        ),
      );
      for (const server of started) ctx.log(`${server.describe()} ready`);
      servers.push(...started);
      const [front] = servers as [RunningProcess, ...RunningProcess[]];
      // Subscribing after the next-to-last message replays the last one: proof each subscription is live.
      const first = await sendMessage(front.url, users[0], room.id, 'seed a');
      await sendMessage(front.url, users[0], room.id, 'seed b');

      const pools: SubscriberPool[] = [];
      for (const [i, server] of servers.entries()) {
        const share = Math.floor(subscribers / instances) + (i < subscribers % instances ? 1 : 0);
        const offset = pools.reduce((sum, pool) => sum + pool.clients.length, 0);
        const pool = await openSubscribers({
          label: server.name,
          wsUrl: server.wsUrl,
          tokens,
          count: share,
          roomId: room.id,
          after: first.cursor,
          watchPids: [server.pid],
          onEvent: (index, body, at) => current?.onDelivery(offset + index, body, at),
        });
        pools.push(pool);
        ctx.log(
          `${server.name}: ${share} subscriptions live in ${(pool.elapsedMs / 1000).toFixed(1)} s ` +
            `(${Math.round(pool.ratePerSecond)}/s; ${describeCpu(pool.cpu!, [server.name])})`,
        );
      }

      const sendErrors = new ErrorTally(`${label} sendMessage`);
      const mutationLatency = new Histogram();
      let inFlight = 0;
      let refused = 0;
      const fire = (tracker: EventTracker) => (k: number, sentAt: number) => {
        if (inFlight >= MAX_IN_FLIGHT) {
          refused++;
          return;
        }
        inFlight++;
        const user = users[k % users.length]!;
        gql(
          front.url,
          SEND_MESSAGE,
          { input: { roomId: room.id, body: tracker.body(k, sentAt) } },
          { token: user.token, tally: sendErrors },
        )
          .then(() => mutationLatency.recordMs(performance.now() - sentAt))
          .catch(() => {})
          .finally(() => inFlight--);
      };

      // Warm-up: a few messages one at a time (first deliveries fill per-subscription caches).
      const warm = new EventTracker(++phase, subscribers);
      current = warm;
      await fixedRate(warm, fire(warm), 5, 1_000, { drainMs: 30_000 });
      if (warm.outstanding) throw new Error(`${label}: warm-up messages did not reach every subscriber in 30 s`);

      let skipReason: string | null = null;
      for (const rate of rates) {
        const prefix = `${label}, ${rate}/s`;
        if (skipReason) {
          ctx.row({
            metric: `p99 send → last delivery, ${prefix}`,
            value: null,
            unit: 'ms',
            note: skipReason,
            ...(instances === 1 && rate === TARGET_RATE ? { target: `≤ ${TARGET_P99_MS} ms`, met: false } : {}),
          });
          continue;
        }
        const tracker = new EventTracker(++phase, subscribers);
        current = tracker;
        refused = 0;
        const errorsBefore = sendErrors.total;
        const cpu = new CpuMeter(servers.map((server) => server.pid));
        const result = await fixedRate(tracker, fire(tracker), rate, windowMs(rate >= 1000 ? 2_000 : 4_000), {
          drainMs: DRAIN_MS,
          abortIf: () =>
            tracker.oldestOutstandingMs() > GIVE_UP_AGE_MS
              ? `oldest message undelivered after ${GIVE_UP_AGE_MS} ms`
              : null,
        });
        const usage = cpu.read();
        const sustained = !result.aborted && result.drained && refused === 0;
        const errors = sendErrors.total - errorsBefore;
        ctx.log(
          `${prefix}: ${result.events} sent (${result.achievedRate.toFixed(0)}/s), send→last delivery ` +
            `${tracker.perEvent.describe()}, per delivery p99 ${tracker.perDelivery.ms(99).toFixed(1)}ms, ` +
            `${describeCpu(
              usage,
              servers.map((server) => server.name),
            )}` +
            (sustained
              ? ''
              : ` — NOT SUSTAINED (${result.aborted ?? (result.drained ? `${refused} sends refused: ${MAX_IN_FLIGHT} in flight` : `${result.missing} deliveries missing ${DRAIN_MS / 1000} s after the last send`)})`) +
            (errors ? ` — ${errors} SEND ERRORS (${sendErrors.summary()})` : ''),
        );
        ctx.details[`${instances}x${rate}`] = {
          ...result,
          sustained,
          refusedSends: refused,
          sendErrors: errors,
          sendToLastDelivery: tracker.perEvent.summary(),
          perDelivery: tracker.perDelivery.summary(),
          sendLag: tracker.sendLag.summary(),
          cpu: usage,
        };
        const note = sustained ? undefined : 'not sustained; undelivered messages counted at the drain deadline';
        ctx.row({ metric: `p50 send → last delivery, ${prefix}`, value: tracker.perEvent.ms(50), unit: 'ms', note });
        ctx.row({
          metric: `p99 send → last delivery, ${prefix}`,
          value: tracker.perEvent.ms(99),
          unit: 'ms',
          note,
          ...(instances === 1 && rate === TARGET_RATE
            ? { target: `≤ ${TARGET_P99_MS} ms`, met: sustained && tracker.perEvent.ms(99) <= TARGET_P99_MS }
            : {}),
        });
        if (errors) {
          ctx.row({
            metric: `sendMessage errors, ${prefix}`,
            value: errors,
            unit: '',
            target: '0',
            met: false,
            kind: 'error',
            note: sendErrors.summary(),
          });
        }
        if (!sustained) skipReason = `skipped: ${rate}/s was not sustained`;
      }
      ctx.details[`${instances}xMutationLatency`] = mutationLatency.summary();
      const socketErrors = pools.reduce((sum, pool) => sum + pool.errors.total, 0);
      if (socketErrors) {
        ctx.row({
          metric: `subscription errors, ${label}`,
          value: socketErrors,
          unit: '',
          target: '0',
          met: false,
          kind: 'error',
          note: mergeTallies(pools.map((pool) => pool.errors)),
        });
      }
      for (const pool of pools) await pool.close();
      for (const server of servers) await server.stop();
    }
  },
);
