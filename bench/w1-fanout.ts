/**
 * W1 — room fan-out. N subscribers (1,000 and 5,000) of messageAdded in one room on the real
 * server; events are published straight onto the server's Redis channel
 * (`<REDIS_PREFIX>room.messages:<room>`, the envelope sendMessage would publish: `{ deploymentId,
 * event }`, the id read from the bench database's `deployment` table, as the server drops events
 * of another deployment), so this measures delivery alone: Redis → every
 * subscription → GraphQL execution → graphql-ws frame. Baseline: bench/baselines/ws-broadcast.ts, a
 * bare `ws` server sending the same frame bytes to the same number of graphql-ws clients on the
 * same trigger. Saturation (closed loop, a few events in flight) first, then a fixed rate both
 * sustain (half the slower saturation rate), so p99s are compared at equal load.
 *
 *   npx tsx bench/w1-fanout.ts [--subscribers 1000,5000] [--trigger redis|http] [--profile] [--warmup-ms 0]
 *
 * --warmup-ms (default 1000; 0 for none): each fixed-rate phase starts with this long at the same
 * rate, server and baseline alike, reported in a row of its own and not scored. The server's first
 * second at the fixed rate after saturation is much slower than the rest, once (README).
 * --profile: server only, under `node --cpu-prof`, saturation for longer; the .cpuprofile lands in
 * bench/results/ (see bench/profile.sh and bench/top-functions.ts).
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
import { benchEnv, RESULTS_DIR, ROOT, windowMs } from './lib/env.js';
import { onCleanup } from './lib/cleanup.js';
import { EventTracker, fixedRate, saturate, type Fire } from './lib/fanout.js';
import { atLeast, atMost, isoStamp, runWorkload, type WorkloadContext } from './lib/report.js';
import type { Histogram } from './lib/histogram.js';
import { CpuMeter, describeCpu } from './lib/procs.js';
import { readDeploymentId } from './lib/database.js';
import { REDIS_PREFIX, startWsBaseline, type RunningProcess } from './lib/server.js';
import { createRoom, rowIdOf, SEND_MESSAGE, sendMessage, type BenchUser } from './lib/seed.js';
import { startStack } from './lib/setup.js';
import { openSubscribers, type SubscriberPool } from './lib/subscribers.js';
import { gql, httpErrors } from './lib/graphql.js';

/** Events per fixed-rate phase, time allowing (below). */
const FIXED_RATE_EVENTS = 100;

interface Target {
  label: string;
  proc: RunningProcess;
  pool: SubscriberPool;
  fire: (tracker: EventTracker) => Fire;
}

let phaseCounter = 0;
/** Routes each subscriber pool's deliveries to the tracker of the phase running on it. */
const trackers = new Map<string, EventTracker | null>();

async function measureSaturation(ctx: WorkloadContext, target: Target, n: number, durationMs: number, window: number) {
  const tracker = new EventTracker(++phaseCounter, n);
  trackers.set(target.label, tracker);
  const cpu = new CpuMeter([target.proc.pid]);
  const result = await saturate(tracker, target.fire(tracker), durationMs, window);
  const usage = cpu.read();
  const summary = {
    ...result,
    latency: tracker.perDelivery.summary(),
    eventLatency: tracker.perEvent.summary(),
    cpu: usage,
    stray: tracker.stray,
    duplicates: tracker.duplicates,
  };
  ctx.log(
    `${target.label} N=${n} saturation: ${Math.round(result.deliveriesPerSecond).toLocaleString()} deliveries/s ` +
      `(${result.eventsPerSecond.toFixed(1)} events/s), delivery ${tracker.perDelivery.describe()}, ` +
      describeCpu(usage, [target.label]) +
      (result.drained ? '' : ` — NOT DRAINED, ${result.missing} deliveries missing`),
  );
  if (usage.loadgenPct >= 90) {
    ctx.log(`   ↳ load generator near 100% of its core: this rate may be bounded by the client, not ${target.label}`);
  }
  return summary;
}

async function measureFixed(
  ctx: WorkloadContext,
  target: Target,
  n: number,
  rate: number,
  durationMs: number,
  warmupMs: number,
) {
  let warmup: ReturnType<Histogram['summary']> | null = null;
  if (warmupMs > 0) {
    const warm = new EventTracker(++phaseCounter, n);
    trackers.set(target.label, warm);
    await fixedRate(warm, target.fire(warm), rate, warmupMs, { drainMs: 15_000 });
    warmup = warm.perDelivery.summary();
    ctx.log(`${target.label} N=${n} fixed ${rate} events/s, first ${warmupMs} ms: ${warm.perDelivery.describe()}`);
  }
  const tracker = new EventTracker(++phaseCounter, n);
  trackers.set(target.label, tracker);
  const cpu = new CpuMeter([target.proc.pid]);
  const result = await fixedRate(tracker, target.fire(tracker), rate, durationMs, { drainMs: 15_000 });
  const usage = cpu.read();
  // Kept up: everything delivered, and an event reaches everyone within about two send intervals.
  const sustained = result.drained && tracker.perEvent.ms(99) <= Math.max(1_000, 2_000 / rate);
  ctx.log(
    `${target.label} N=${n} fixed ${rate} events/s: delivery ${tracker.perDelivery.describe()}, ` +
      `send lag p99 ${tracker.sendLag.ms(99).toFixed(2)}ms, ${describeCpu(usage, [target.label])}` +
      (sustained ? '' : ' — NOT SUSTAINED'),
  );
  return {
    ...result,
    rate,
    sustained,
    latency: tracker.perDelivery.summary(),
    warmup,
    eventLatency: tracker.perEvent.summary(),
    sendLag: tracker.sendLag.summary(),
    cpu: usage,
    stray: tracker.stray,
    duplicates: tracker.duplicates,
  };
}

/** A frame payload like `template` with its body replaced: pre + body + post. */
function payloadRenderer(template: unknown): (body: string) => string {
  const marker = '\u0000BODY\u0000';
  const copy = JSON.parse(JSON.stringify(template)) as { data: { messageAdded: { body: string } } };
  copy.data.messageAdded.body = marker;
  const [pre, post] = JSON.stringify(copy).split(JSON.stringify(marker));
  return (body) => `${pre}${JSON.stringify(body)}${post}`;
}

await runWorkload(
  'W1',
  'room fan-out',
  {
    deadlineSeconds: 300,
    flags: {
      subscribers: { type: 'string' },
      trigger: { type: 'string' },
      'warmup-ms': { type: 'string' },
      profile: { type: 'boolean' },
      window: { type: 'string' },
    },
  },
  async (ctx) => {
    const profile = Boolean(ctx.args.profile);
    const counts = String(ctx.args.subscribers ?? (profile ? '1000' : '1000,5000'))
      .split(',')
      .map(Number);
    const trigger = String(ctx.args.trigger ?? 'redis');
    if (!['redis', 'http'].includes(trigger)) throw new Error('--trigger must be redis or http');
    ctx.details.trigger = trigger;
    const window = Number(ctx.args.window ?? 8);
    ctx.details.saturationWindow = window;

    const stack = await startStack(ctx.log, { cpuProfile: profile });
    const redis = new Redis(benchEnv.redisUrl);
    onCleanup('redis publisher', () => void redis.disconnect());
    const [owner] = stack.users as [BenchUser, ...BenchUser[]];
    // Every event on the server's channels travels in an envelope stamped with its deployment id
    // (src/platform/broker/pubsub.ts); an event stamped otherwise, or bare, is dropped. An outsider reads the id
    // where every instance reads it: the one row of the database's `deployment` table.
    const deploymentId = trigger === 'redis' ? await readDeploymentId(stack.database.url) : '';
    if (trigger === 'redis') ctx.log(`direct trigger: deployment id ${deploymentId} (deployment table)`);

    for (const n of counts) {
      const room = await createRoom(stack.server.url, stack.users, `fanout ${n}`);
      // Two real messages: subscribing after the first replays the second, proving each subscription live.
      const first = await sendMessage(stack.server.url, owner, room.id, 'seed 1');
      const second = await sendMessage(stack.server.url, owner, room.id, 'seed 2');
      const roomRowId = rowIdOf(room.id, 'Room');
      const senderRowId = rowIdOf(owner.id, 'User');
      const fakeIdBase = BigInt(rowIdOf(second.id, 'Message')) + 1_000_000n;
      let channel = '';
      const tokens = stack.users.map((user) => user.token);
      trackers.set('server', null);

      const serverPool = await openSubscribers({
        label: 'server',
        wsUrl: stack.server.wsUrl,
        tokens,
        count: n,
        roomId: room.id,
        after: first.cursor,
        watchPids: [stack.server.pid],
        onEvent: (i, body, at) => trackers.get('server')?.onDelivery(i, body, at),
      });
      ctx.log(
        `server: ${n} subscriptions live in ${(serverPool.elapsedMs / 1000).toFixed(1)} s ` +
          `(${Math.round(serverPool.ratePerSecond)}/s), handshake ${serverPool.handshakeHist.describe()}, ` +
          describeCpu(serverPool.cpu!),
      );

      // The channel the server subscribed to for this room: its prefix is the REDIS_PREFIX the bench
      // gave it (lib/server.ts); checked against what Redis says it subscribed to (PUBSUB CHANNELS).
      if (trigger === 'redis') {
        const expected = `${REDIS_PREFIX}room:${roomRowId}`;
        const channels = (await redis.pubsub('CHANNELS', `*room:${roomRowId}`)) as string[];
        if (channels.length !== 1 || channels[0] !== expected) {
          throw new Error(
            `expected the server to be subscribed to one Redis channel ${expected}, found ` +
              `${JSON.stringify(channels)}: the pub/sub layout changed; update bench/w1-fanout.ts or use --trigger http`,
          );
        }
        channel = expected;
        ctx.log(`direct trigger: publishing MESSAGE_ADDED events on Redis channel ${channel}`);
      }

      // Events go on after the seed messages: message seq and room event seq 3, 4, … exactly as
      // sendMessage would number them (the room's only logged events so far are the two seeds).
      let seq = 2;
      const serverFire =
        trigger === 'redis'
          ? (tracker: EventTracker): Fire =>
              (k, sentAt) => {
                seq += 1;
                const createdAt = new Date().toISOString();
                const message = {
                  id: String(fakeIdBase + BigInt(seq)),
                  roomId: roomRowId,
                  senderId: senderRowId,
                  seq,
                  body: tracker.body(k, sentAt),
                  clientId: null,
                  createdAt,
                  editedAt: null,
                  deletedAt: null,
                };
                void redis.publish(
                  channel,
                  JSON.stringify({ deploymentId, event: { seq, kind: 'MESSAGE_ADDED', message } }),
                );
              }
          : (tracker: EventTracker): Fire =>
              (k, sentAt) => {
                void gql(
                  stack.server.url,
                  SEND_MESSAGE,
                  { input: { roomId: room.id, body: tracker.body(k, sentAt) } },
                  { token: owner.token },
                ).catch(() => {});
              };
      const server: Target = { label: 'server', proc: stack.server, pool: serverPool, fire: serverFire };

      // A first event checks the trigger reaches every subscription (and warms per-subscription caches).
      const warm = new EventTracker(++phaseCounter, n);
      trackers.set('server', warm);
      const warmStart = performance.now();
      warm.sent(0, warmStart);
      server.fire(warm)(0, warmStart);
      if (!(await warm.drain(30_000))) {
        throw new Error(
          `the first event reached ${n - warm.missingDeliveries()}/${n} server subscribers within 30 s` +
            (trigger === 'redis'
              ? ` (direct Redis trigger on ${channel}, deployment ${deploymentId}: did the pub/sub channel, ` +
                `envelope or event format change? try --trigger http)`
              : ''),
        );
      }
      const coldMs = performance.now() - warmStart;
      ctx.log(`server: first event reached all ${n} subscribers in ${coldMs.toFixed(1)} ms (cold)`);

      const phaseProfile = path.join(RESULTS_DIR, `W1-saturation-${n}-${isoStamp()}.cpuprofile`);
      if (profile) await stack.server.profileStart();
      const satServer = await measureSaturation(ctx, server, n, windowMs(profile ? 15_000 : 4_000), window);
      if (profile) {
        await stack.server.profileStop(phaseProfile);
        ctx.details.saturationProfile = phaseProfile;
        ctx.log(`CPU profile of the saturation phase alone: ${path.relative(ROOT, phaseProfile)}`);
      }
      const detail: Record<string, unknown> = {
        serverHandshake: serverPool.handshakeHist.summary(),
        serverSubscribeRate: serverPool.ratePerSecond,
        coldFirstEventMs: coldMs,
        serverSaturation: satServer,
      };
      ctx.details[`n${n}`] = detail;

      if (profile) {
        await serverPool.close();
        ctx.row({
          metric: `deliveries/s, ${n} subs (profiled)`,
          value: satServer.deliveriesPerSecond,
          unit: '/s',
        });
        continue;
      }

      // The baseline: same clients, same frame (rendered from the server's real replayed frame).
      const render = payloadRenderer(serverPool.firstPayload);
      const baselineChannel = `bench.baseline.${process.pid}.${n}`;
      const baselineProc = await startWsBaseline(baselineChannel, render('seed 2'));
      ctx.log(`${baselineProc.describe()} ready`);
      trackers.set('baseline', null);
      const baselinePool = await openSubscribers({
        label: 'baseline',
        wsUrl: baselineProc.wsUrl,
        tokens,
        count: n,
        roomId: room.id,
        after: first.cursor,
        onEvent: (i, body, at) => trackers.get('baseline')?.onDelivery(i, body, at),
      });
      const frame = JSON.stringify({ id: 'x'.repeat(36), type: 'next', payload: serverPool.firstPayload });
      detail.frameBytes = frame.length;
      ctx.log(
        `baseline: ${n} subscriptions live in ${(baselinePool.elapsedMs / 1000).toFixed(1)} s; frame ≈ ${frame.length} bytes`,
      );
      const baseline: Target = {
        label: 'baseline',
        proc: baselineProc,
        pool: baselinePool,
        fire: (tracker) => (k, sentAt) => void redis.publish(baselineChannel, render(tracker.body(k, sentAt))),
      };
      const warmBaseline = new EventTracker(++phaseCounter, n);
      trackers.set('baseline', warmBaseline);
      const warmBaselineStart = performance.now();
      warmBaseline.sent(0, warmBaselineStart);
      baseline.fire(warmBaseline)(0, warmBaselineStart);
      if (!(await warmBaseline.drain(30_000))) throw new Error('baseline: first event did not reach every client');

      const satBaseline = await measureSaturation(ctx, baseline, n, windowMs(4_000), window);
      detail.baselineSaturation = satBaseline;

      // Half the slower saturation rate (2 significant digits). At least FIXED_RATE_EVENTS events (up
      // to 15 s): a delivery p99 is the worst 1 % of deliveries, and with fewer events that is part
      // of the slowest event alone (27 events at 5,000 subscribers in 4 s), so one late event decides it.
      const rate = Number(
        Math.max(0.1, 0.5 * Math.min(satServer.eventsPerSecond, satBaseline.eventsPerSecond)).toPrecision(2),
      );
      const fixedMs = Math.max(
        windowMs(4_000),
        Math.min(windowMs(15_000), Math.ceil((FIXED_RATE_EVENTS / rate) * 1000)),
        Math.ceil((4 / rate) * 1000),
      );
      const warmupMs = Number(ctx.args['warmup-ms'] ?? 1_000);
      const fixedServer = await measureFixed(ctx, server, n, rate, fixedMs, warmupMs);
      const fixedBaseline = await measureFixed(ctx, baseline, n, rate, fixedMs, warmupMs);
      Object.assign(detail, { fixedRate: rate, fixedServer, fixedBaseline });

      ctx.row({
        metric: `deliveries/s, ${n} subs, saturation`,
        value: satServer.deliveriesPerSecond,
        unit: '/s',
        ...(n === 1000
          ? { ...atLeast(satServer.deliveriesPerSecond, satBaseline.deliveriesPerSecond, 0.5), target: '≥ 0.5× bare' }
          : {
              baseline: satBaseline.deliveriesPerSecond,
              ratio: satServer.deliveriesPerSecond / satBaseline.deliveriesPerSecond,
            }),
        note: satBaseline.cpu.loadgenPct >= 90 ? 'bare run client-bound' : undefined,
      });
      ctx.row({
        metric: `p50 delivery, ${n} subs @ ${rate} ev/s (${Math.round(rate * n).toLocaleString('en-US')} deliveries/s)`,
        value: fixedServer.latency.p50,
        unit: 'ms',
        baseline: fixedBaseline.latency.p50,
        ratio: fixedServer.latency.p50 / fixedBaseline.latency.p50,
      });
      ctx.row({
        metric: `p99 delivery, ${n} subs @ ${rate} ev/s`,
        value: fixedServer.latency.p99,
        unit: 'ms',
        ...atMost(fixedServer.latency.p99, fixedBaseline.latency.p99, 2, 5),
        target: '≤ 2× bare + 5 ms',
        note: fixedServer.sustained && fixedBaseline.sustained ? undefined : 'rate not sustained',
      });
      if (fixedServer.warmup && fixedBaseline.warmup) {
        ctx.row({
          metric: `p99 delivery, ${n} subs @ ${rate} ev/s, its first ${warmupMs / 1000} s (warm-up, not scored)`,
          value: fixedServer.warmup.p99,
          unit: 'ms',
          baseline: fixedBaseline.warmup.p99,
          ratio: fixedServer.warmup.p99 / fixedBaseline.warmup.p99,
        });
      }
      const errors = serverPool.errors.total + baselinePool.errors.total;
      if (errors) {
        ctx.row({
          metric: `socket errors, ${n} subs`,
          value: errors,
          unit: '',
          target: '0',
          met: false,
          kind: 'error',
          note: `${serverPool.errors.summary()} ${baselinePool.errors.summary()}`.trim(),
        });
      }
      await serverPool.close();
      await baselinePool.close();
      await baselineProc.stop();
    }

    if (httpErrors.total) {
      ctx.row({
        metric: 'HTTP errors',
        value: httpErrors.total,
        unit: '',
        target: '0',
        met: false,
        kind: 'error',
        note: httpErrors.summary(),
      });
    }
    await redis.quit().catch(() => {});
    await stack.server.stop();
    if (profile) {
      // One file per thread: CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile; thread 0 is the main thread.
      const pattern = new RegExp(`^CPU\\.\\d+\\.\\d+\\.${stack.server.pid}\\.0\\.\\d+\\.cpuprofile$`);
      const file = readdirSync(RESULTS_DIR).find((name) => pattern.test(name));
      if (!file) throw new Error('the server wrote no .cpuprofile (did it exit cleanly on SIGTERM?)');
      const profilePath = path.join(RESULTS_DIR, file);
      ctx.details.cpuProfile = profilePath;
      ctx.log(
        `CPU profile of the whole server process (--cpu-prof: start-up, handshakes, saturation): ${path.relative(ROOT, profilePath)}`,
      );
    }
  },
);
