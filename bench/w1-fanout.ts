/**
 * W1 — room fan-out. N subscribers (`--subscribers`, default BENCH_W1_SUBSCRIBERS or 1,000; 10,000 too
 * with `--subscribers 1000,10000`) of `messageAdded` in one room: server CPU
 * per delivery, net of the per-message cost, for the chat server, a bare `ws` server and the peer
 * servers users would otherwise pick (bench/peers/: Apollo Server, Mercurius, yoga's graphql-ws
 * recipe), all in the same run; then the chat server again with a viewer-dependent field in the
 * selection (`sender { friendship }`).
 *
 * Method (each server in its own process on the server core, CPU from /proc/<pid>/stat):
 * - each server gets a room of N subscribers and a room of 1, both subscribed at once;
 * - events go to one room at a fixed rate (`--delivery-rate` deliveries/s in the big room, default
 *   10,000, so 10 events/s at 1,000 subscribers: well inside what the slowest peer delivers on one
 *   core), `--phase-ms` long (at least 4 events), then a settle time so both phases last as long;
 *   `--rounds` times the room of 1 then the room of N, after a warm-up phase;
 * - CPU per event in the room of N minus CPU per event in the room of 1, divided by N − 1: what
 *   one more subscriber costs per event. The trigger's own cost (an HTTP sendMessage for the peers,
 *   a Redis message for the chat server and bare `ws`), the event's execution when it is shared,
 *   idle timers and sweeps fall out of the difference.
 *
 * Triggers: the chat server's events are published straight onto its Redis channel
 * (`<REDIS_PREFIX>room:<room>`, checked with `PUBSUB CHANNELS`, in the envelope sendMessage
 * publishes: `{ deploymentId, event }`, the id read from the bench database's `deployment` table,
 * as the server drops events of another deployment), so only delivery runs on it; `--trigger http`
 * uses `sendMessage`. Bare `ws` (bench/baselines/ws-broadcast.ts) gets frame bytes rendered from a
 * frame the chat server sent, on a Redis channel per room. Peers get `sendMessage` over HTTP (they
 * store in memory and publish on their own in-process pub/sub).
 *
 *   npx tsx bench/w1-fanout.ts [--subscribers 1000,10000] [--peers all|none|apollo,mercurius,yoga]
 *       [--delivery-rate 10000] [--viewer-delivery-rate 2000] [--phase-ms 4000] [--rounds 2] [--skip-viewer] [--trigger redis|http]
 *       [--latency [--warmup-ms 1000] [--window 8]] [--profile] [--profile-viewer]
 *
 * --latency: also the earlier phases against bare `ws` (delivery latency at saturation, closed loop
 * with `--window` events in flight, 4 s; then at a fixed rate of half the slower saturation rate,
 * after `--warmup-ms` at that rate reported apart). --profile: server only, saturation under the
 * CPU profiler for longer (implies --latency, no CPU comparison); the .cpuprofile lands in
 * bench/results/ (see bench/profile.sh and bench/top-functions.ts). --profile-viewer: the server's
 * CPU profile of the viewer-dependent phases (both rooms), in bench/results/ too.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import { benchEnv, RESULTS_DIR, ROOT, sleep, windowMs } from './lib/env.js';
import { onCleanup } from './lib/cleanup.js';
import { EventTracker, fixedRate, saturate, type Fire } from './lib/fanout.js';
import { atLeast, atMost, isoStamp, runWorkload, type WorkloadContext } from './lib/report.js';
import type { Histogram } from './lib/histogram.js';
import { CpuMeter, describeCpu, procOpenFilesLimit, type CpuReading } from './lib/procs.js';
import { readDeploymentId } from './lib/database.js';
import { publishMessageAdded } from './lib/room-trigger.js';
import { ensurePeersInstalled, selectPeers } from './lib/peers.js';
import { REDIS_PREFIX, startPeer, startWsBaseline, type RunningProcess } from './lib/server.js';
import {
  createRoom,
  MESSAGE_ADDED,
  MESSAGE_ADDED_VIEWER,
  PEER_MESSAGE_ADDED,
  PEER_SEND_MESSAGE,
  rowIdOf,
  SEND_MESSAGE,
  sendMessage,
  usersForSubscribers,
  type BenchUser,
} from './lib/seed.js';
import { startStack } from './lib/setup.js';
import { openSubscribers, type SubscriberPool } from './lib/subscribers.js';
import { gql, httpErrors } from './lib/graphql.js';

/** Events per fixed-rate latency phase, time allowing (below). */
const FIXED_RATE_EVENTS = 100;
/** Each CPU phase lasts its sending time plus this, so that draining fits in and phases last alike. */
const SETTLE_MS = 750;
/** Events per CPU phase, at least. */
const MIN_PHASE_EVENTS = 4;

let phaseCounter = 0;
/** Routes each subscriber pool's deliveries to the tracker of the phase running on it. */
const trackers = new Map<string, EventTracker | null>();
const deliverTo = (label: string) => (i: number, body: string, at: number) =>
  trackers.get(label)?.onDelivery(i, body, at);

/** A room of `n` subscribers on one server, and how to send it an event. */
interface Side {
  label: string;
  n: number;
  pool: SubscriberPool;
  fire: (tracker: EventTracker) => Fire;
}

/** Sends one event to a side and waits until every subscriber has it (which also warms it up). */
async function firstEvent(side: Side, what: string): Promise<number> {
  const tracker = new EventTracker(++phaseCounter, side.n);
  trackers.set(side.label, tracker);
  const started = performance.now();
  tracker.sent(0, started);
  side.fire(tracker)(0, started);
  const drained = await tracker.drain(30_000);
  trackers.set(side.label, null);
  if (!drained) {
    throw new Error(
      `${side.label}: the first event reached ${side.n - tracker.missingDeliveries()}/${side.n} subscribers within 30 s${what}`,
    );
  }
  return performance.now() - started;
}

interface PhaseSums {
  cpuSeconds: number;
  /** PostgreSQL + Redis CPU seconds over the same phases (shared by the machine). */
  servicesSeconds: number;
  events: number;
  deliveries: number;
  missing: number;
  wallSeconds: number;
  readings: CpuReading[];
}

interface NetCpu {
  /** µs of server CPU per delivery, net of the per-message cost. */
  netMicros: number;
  /** µs of server CPU per delivery in the big room, everything included. */
  grossMicros: number;
  /** µs of server CPU per event in the room of one (trigger, execution, one delivery, idle share). */
  perMessageMicros: number;
  /** The same difference for PostgreSQL + Redis: what a delivery costs them (a viewer's field may read the database). */
  servicesNetMicros: number;
  rate: number;
  phaseMs: number;
  fan: PhaseSums;
  solo: PhaseSums;
}

/**
 * CPU per delivery net of the per-message cost: rounds of (room of 1, room of N) at the same event
 * rate and length, after a warm-up phase in the room of N; see the top of the file.
 */
async function measureNetCpu(
  ctx: WorkloadContext,
  name: string,
  proc: RunningProcess,
  fan: Side,
  solo: Side,
  options: { rate: number; phaseMs: number; rounds: number },
): Promise<NetCpu> {
  const { rate, phaseMs, rounds } = options;
  const empty = (): PhaseSums => ({
    cpuSeconds: 0,
    servicesSeconds: 0,
    events: 0,
    deliveries: 0,
    missing: 0,
    wallSeconds: 0,
    readings: [],
  });
  const sums = { fan: empty(), solo: empty() };
  const run = async (side: Side, into: PhaseSums | null) => {
    const tracker = new EventTracker(++phaseCounter, side.n);
    trackers.set(side.label, tracker);
    const meter = new CpuMeter([proc.pid]);
    const started = performance.now();
    const result = await fixedRate(tracker, side.fire(tracker), rate, phaseMs, { drainMs: 15_000 });
    await sleep(Math.max(0, started + phaseMs + SETTLE_MS - performance.now()));
    const usage = meter.read();
    trackers.set(side.label, null);
    if (!into) return;
    into.cpuSeconds += usage.serverSeconds[0] ?? 0;
    into.events += tracker.sentEvents;
    into.deliveries += tracker.deliveries;
    into.missing += result.missing;
    const wallSeconds = (performance.now() - started) / 1000;
    into.wallSeconds += wallSeconds;
    into.servicesSeconds += (usage.servicesPct / 100) * wallSeconds;
    into.readings.push(usage);
    if (result.missing) ctx.log(`   ↳ ${side.label}: ${result.missing} deliveries missing after 15 s of draining`);
  };
  await run(fan, null); // warm-up at the rate, not counted
  for (let round = 0; round < rounds; round++) {
    await run(solo, sums.solo);
    await run(fan, sums.fan);
  }
  // Per event delivered everywhere (deliveries / subscribers): an event whose trigger failed cost
  // the server little, and must not count as one it delivered.
  const perEvent = (sum: PhaseSums, n: number, seconds = sum.cpuSeconds) =>
    seconds / Math.max(1e-9, sum.deliveries / n);
  const net = (key: 'cpuSeconds' | 'servicesSeconds') =>
    ((perEvent(sums.fan, fan.n, sums.fan[key]) - perEvent(sums.solo, solo.n, sums.solo[key])) / (fan.n - solo.n)) * 1e6;
  const result: NetCpu = {
    netMicros: net('cpuSeconds'),
    servicesNetMicros: net('servicesSeconds'),
    grossMicros: (sums.fan.cpuSeconds / Math.max(1, sums.fan.deliveries)) * 1e6,
    perMessageMicros: perEvent(sums.solo, solo.n) * 1e6,
    rate,
    phaseMs,
    fan: sums.fan,
    solo: sums.solo,
  };
  const last = sums.fan.readings.at(-1);
  const other = Math.max(...[...sums.fan.readings, ...sums.solo.readings].map((r) => r.otherPct));
  ctx.log(
    `${name} N=${fan.n}: ${result.netMicros.toFixed(1)} µs CPU per delivery net ` +
      `(gross ${result.grossMicros.toFixed(1)} µs; per message ${result.perMessageMicros.toFixed(0)} µs; ` +
      `PostgreSQL + Redis ${result.servicesNetMicros.toFixed(1)} µs per delivery net), ` +
      `${sums.fan.events} + ${sums.solo.events} events at ${rate}/s` +
      (sums.fan.missing + sums.solo.missing ? `, ${sums.fan.missing + sums.solo.missing} deliveries MISSING` : '') +
      (last ? `; last phase ${describeCpu(last, [name])}` : '') +
      (other > 10 ? ` — other processes up to ${other}% of a core: noisy` : '') +
      (perMessageDominates(result, fan.n)
        ? ' — the per-message cost dominates at this N: the net figure is noise'
        : ''),
  );
  return result;
}

/**
 * The N deliveries of an event cost less than its per-message part: the difference the net figure
 * rests on is then within the noise of /proc's 10 ms ticks and of the machine (use more subscribers).
 */
const perMessageDominates = (result: NetCpu, n: number) => result.netMicros * (n - 1) < result.perMessageMicros;

/** Room, seeds and event numbering of one chat-server room, and its Redis trigger. */
interface ServerRoom {
  id: string;
  rowId: string;
  /** Cursor of the first seed: subscribing after it replays the second, proving the subscription live. */
  after: string;
  eventSeq: number;
  messageSeq: number;
  channel: string;
}

await runWorkload(
  'W1',
  'room fan-out: CPU per delivery against bare ws and peer servers',
  {
    deadlineSeconds: 900,
    flags: {
      subscribers: { type: 'string' },
      peers: { type: 'string' },
      'delivery-rate': { type: 'string' },
      'viewer-delivery-rate': { type: 'string' },
      'phase-ms': { type: 'string' },
      rounds: { type: 'string' },
      'skip-viewer': { type: 'boolean' },
      'profile-viewer': { type: 'boolean' },
      trigger: { type: 'string' },
      latency: { type: 'boolean' },
      'warmup-ms': { type: 'string' },
      profile: { type: 'boolean' },
      window: { type: 'string' },
    },
  },
  async (ctx) => {
    const profile = Boolean(ctx.args.profile);
    const latency = profile || Boolean(ctx.args.latency);
    const counts = String(ctx.args.subscribers ?? process.env.BENCH_W1_SUBSCRIBERS ?? '1000')
      .split(',')
      .map(Number);
    if (counts.some((n) => !Number.isInteger(n) || n < 2)) throw new Error('--subscribers: integers ≥ 2');
    const filesNeeded = Math.max(...counts) + 300;
    if (procOpenFilesLimit(process.pid) < filesNeeded) {
      throw new Error(
        `the load generator may open only ${procOpenFilesLimit(process.pid)} files; ${filesNeeded} needed (ulimit -n)`,
      );
    }
    const trigger = String(ctx.args.trigger ?? 'redis');
    if (!['redis', 'http'].includes(trigger)) throw new Error('--trigger must be redis or http');
    const peers = profile ? [] : selectPeers(ctx.args.peers as string | undefined);
    const deliveryRate = Number(ctx.args['delivery-rate'] ?? 10_000);
    // Lower: each delivery of a viewer-dependent field may cost the server a database read.
    const viewerDeliveryRate = Number(ctx.args['viewer-delivery-rate'] ?? 2_000);
    const basePhaseMs = windowMs(Number(ctx.args['phase-ms'] ?? 4_000));
    const rounds = Number(ctx.args.rounds ?? 2);
    const viewer = !ctx.args['skip-viewer'];
    const window = Number(ctx.args.window ?? 8);
    Object.assign(ctx.details, {
      trigger,
      counts,
      peers: peers.map((peer) => ({ id: peer.id, setup: peer.setup })),
      deliveryRate,
      viewerDeliveryRate,
      rounds,
      saturationWindow: window,
    });
    if (peers.length) ensurePeersInstalled(ctx.log);

    const stack = await startStack(ctx.log, {
      cpuProfile: profile,
      users: usersForSubscribers(Math.max(...counts)),
    });
    const redis = new Redis(benchEnv.redisUrl);
    onCleanup('redis publisher', () => void redis.disconnect());
    const [owner] = stack.users as [BenchUser, ...BenchUser[]];
    const tokens = stack.users.map((user) => user.token);
    // Every event on the server's channels travels in an envelope stamped with its deployment id
    // (src/platform/broker/pubsub.ts); an event stamped otherwise, or bare, is dropped. An outsider reads the id
    // where every instance reads it: the one row of the database's `deployment` table.
    const deploymentId = trigger === 'redis' ? await readDeploymentId(stack.database.url) : '';
    if (trigger === 'redis') ctx.log(`direct trigger: deployment id ${deploymentId} (deployment table)`);
    const senderRowId = rowIdOf(owner.id, 'User');
    /** Ids of the messages the direct trigger makes up: far above any real one, never twice. */
    let fakeMessageId: bigint | null = null;

    const openServerRoom = async (label: string, members: BenchUser[]): Promise<ServerRoom> => {
      const room = await createRoom(stack.server.url, members, label);
      const first = await sendMessage(stack.server.url, owner, room.id, 'seed 1');
      const second = await sendMessage(stack.server.url, owner, room.id, 'seed 2');
      fakeMessageId ??= BigInt(rowIdOf(second.id, 'Message')) + 1_000_000_000n;
      const rowId = rowIdOf(room.id, 'Room');
      // Events go on from the room's own numbering: its event seq counts the seeds and every batch of
      // members added (room_events), its message seq the seeds; sendMessage would number them so.
      const client = new pg.Client({ connectionString: stack.database.url });
      await client.connect();
      try {
        const { rows } = await client.query<{ event_seq: string; last_seq: string }>(
          'SELECT event_seq, last_seq FROM rooms WHERE id = $1',
          [rowId],
        );
        if (!rows[0]) throw new Error(`room ${rowId} not found in the database`);
        return {
          id: room.id,
          rowId,
          after: first.cursor,
          eventSeq: Number(rows[0].event_seq),
          messageSeq: Number(rows[0].last_seq),
          channel: `${REDIS_PREFIX}room:${rowId}`,
        };
      } finally {
        await client.end();
      }
    };

    /** The server subscribed to the room's Redis channel (PUBSUB CHANNELS), once a socket subscribed. */
    const checkChannel = async (room: ServerRoom) => {
      if (trigger !== 'redis') return;
      const channels = (await redis.pubsub('CHANNELS', `*room:${room.rowId}`)) as string[];
      if (channels.length !== 1 || channels[0] !== room.channel) {
        throw new Error(
          `expected the server to be subscribed to one Redis channel ${room.channel}, found ` +
            `${JSON.stringify(channels)}: the pub/sub layout changed; update bench/w1-fanout.ts or use --trigger http`,
        );
      }
    };

    const serverFire =
      (room: ServerRoom) =>
      (tracker: EventTracker): Fire =>
        trigger === 'redis'
          ? (k, sentAt) => {
              room.eventSeq += 1;
              room.messageSeq += 1;
              publishMessageAdded(redis, room.channel, deploymentId, room.eventSeq, {
                id: String(fakeMessageId!++),
                roomId: room.rowId,
                senderId: senderRowId,
                seq: room.messageSeq,
                body: tracker.body(k, sentAt),
              });
            }
          : (k, sentAt) => {
              void gql(
                stack.server.url,
                SEND_MESSAGE,
                { input: { roomId: room.id, body: tracker.body(k, sentAt) } },
                { token: owner.token },
              ).catch(() => {});
            };

    const triggerHint =
      trigger === 'redis'
        ? ' (direct Redis trigger: did the pub/sub channel, envelope or event format change? try --trigger http)'
        : '';

    /** A room of `n` on the chat server with its pool live, the replay proving each subscription. */
    const serverSide = async (label: string, n: number, query: string): Promise<Side> => {
      const room = await openServerRoom(`${label} ${n}`, n > 1 ? stack.users : stack.users.slice(0, 2));
      trackers.set(label, null);
      const pool = await openSubscribers({
        label,
        wsUrl: stack.server.wsUrl,
        tokens,
        count: n,
        roomId: room.id,
        after: room.after,
        query,
        watchPids: [stack.server.pid],
        onEvent: deliverTo(label),
      });
      await checkChannel(room);
      const side: Side = { label, n, pool, fire: serverFire(room) };
      const coldMs = await firstEvent(side, triggerHint);
      ctx.log(
        `${label}: ${n} subscriptions live in ${(pool.elapsedMs / 1000).toFixed(1)} s ` +
          `(${Math.round(pool.ratePerSecond)}/s), handshake ${pool.handshakeHist.describe()}, ` +
          `${describeCpu(pool.cpu!)}; first event to all in ${coldMs.toFixed(1)} ms`,
      );
      return side;
    };

    const closeSides = async (...sides: Side[]) => {
      for (const side of sides) await side.pool.close();
    };

    /** Socket errors of the pools, as an error row (none: no row). */
    const errorRow = (n: number, sides: Side[]) => {
      const total = sides.reduce((sum, side) => sum + side.pool.errors.total, 0);
      if (!total) return;
      ctx.row({
        metric: `socket errors, ${n} subs`,
        value: total,
        unit: '',
        target: '0',
        met: false,
        kind: 'error',
        note: sides
          .filter((side) => side.pool.errors.total)
          .map((side) => `${side.label}: ${side.pool.errors.summary()}`)
          .join('; '),
      });
    };

    for (const n of counts) {
      if (latency) await latencyPhases(n);
      if (profile) continue;

      const phaseOptions = (perSecond: number) => {
        const rate = Number((perSecond / n).toPrecision(2));
        return { rate, phaseMs: Math.max(basePhaseMs, Math.ceil((MIN_PHASE_EVENTS / rate) * 1000)), rounds };
      };
      const cpuOptions = phaseOptions(deliveryRate);
      const { rate, phaseMs } = cpuOptions;
      ctx.log(
        `CPU per delivery, ${n} subscribers: ${rate} events/s (${Math.round(rate * n).toLocaleString('en-US')} ` +
          `deliveries/s), ${rounds} × (room of 1, room of ${n}) × ${phaseMs} ms after a warm-up phase`,
      );
      const results: Record<string, NetCpu> = {};
      const detail: Record<string, unknown> = { rate, phaseMs, results };
      ctx.details[`n${n}`] = detail;

      // The chat server, shared selection: the frame it sends is also what bare ws sends.
      const fan = await serverSide('server', n, MESSAGE_ADDED);
      const solo = await serverSide('server-solo', 1, MESSAGE_ADDED);
      const template = fan.pool.firstPayload;
      results.server = await measureNetCpu(ctx, 'server', stack.server, fan, solo, cpuOptions);
      errorRow(n, [fan, solo]);
      await closeSides(fan, solo);

      if (viewer) {
        const fanViewer = await serverSide('server-viewer', n, MESSAGE_ADDED_VIEWER);
        const soloViewer = await serverSide('server-viewer-solo', 1, MESSAGE_ADDED_VIEWER);
        detail.viewerFrameBytes = JSON.stringify(fanViewer.pool.firstPayload).length;
        const viewerProfile = path.join(RESULTS_DIR, `W1-viewer-${n}-${isoStamp()}.cpuprofile`);
        if (ctx.args['profile-viewer']) await stack.server.profileStart();
        results.serverViewer = await measureNetCpu(
          ctx,
          'server (viewer field)',
          stack.server,
          fanViewer,
          soloViewer,
          phaseOptions(viewerDeliveryRate),
        );
        if (ctx.args['profile-viewer']) {
          await stack.server.profileStop(viewerProfile);
          ctx.log(`CPU profile of the viewer-dependent phases: ${path.relative(ROOT, viewerProfile)}`);
        }
        errorRow(n, [fanViewer, soloViewer]);
        await closeSides(fanViewer, soloViewer);
      }

      // Bare ws: the same frame bytes, routed by room.
      const render = payloadRenderer(template);
      const baselineChannel = `bench.baseline.${process.pid}.${n}`;
      const bareProc = await startWsBaseline(baselineChannel, render('seed 2'));
      ctx.log(`${bareProc.describe()} ready`);
      const bareSide = async (label: string, count: number, roomId: string): Promise<Side> => {
        trackers.set(label, null);
        const pool = await openSubscribers({
          label,
          wsUrl: bareProc.wsUrl,
          tokens,
          count,
          roomId,
          after: 'replay',
          onEvent: deliverTo(label),
        });
        const fire =
          (tracker: EventTracker): Fire =>
          (k, sentAt) =>
            void redis.publish(`${baselineChannel}:room:${roomId}`, render(tracker.body(k, sentAt)));
        const side: Side = { label, n: count, pool, fire };
        await firstEvent(side, '');
        return side;
      };
      const bareFan = await bareSide('bare', n, 'fan');
      const bareSolo = await bareSide('bare-solo', 1, 'solo');
      detail.frameBytes = JSON.stringify({ id: 'x'.repeat(36), type: 'next', payload: template }).length;
      results.bare = await measureNetCpu(ctx, 'bare ws', bareProc, bareFan, bareSolo, cpuOptions);
      errorRow(n, [bareFan, bareSolo]);
      await closeSides(bareFan, bareSolo);
      await bareProc.stop();

      for (const peer of peers) {
        const proc = await startPeer(peer.id, peer.script);
        ctx.log(`${peer.label} (${peer.setup}): ${proc.describe()}, listening on port ${proc.port}`);
        const peerSide = async (label: string, count: number, roomId: string): Promise<Side> => {
          trackers.set(label, null);
          const fire =
            (tracker: EventTracker | null): Fire =>
            (k, sentAt) =>
              void gql(proc.url, PEER_SEND_MESSAGE, {
                input: { roomId, body: tracker ? tracker.body(k, sentAt) : 'probe' },
              }).catch(() => {});
          const pool = await openSubscribers({
            label,
            wsUrl: proc.wsUrl,
            tokens,
            count,
            roomId,
            query: PEER_MESSAGE_ADDED,
            probe: () => fire(null)(0, 0),
            onEvent: deliverTo(label),
          });
          const side: Side = { label, n: count, pool, fire };
          await firstEvent(side, '');
          ctx.log(
            `${label}: ${count} subscriptions live in ${(pool.elapsedMs / 1000).toFixed(1)} s ` +
              `(${Math.round(pool.ratePerSecond)}/s)`,
          );
          return side;
        };
        const peerFan = await peerSide(peer.id, n, 'fan');
        const peerSolo = await peerSide(`${peer.id}-solo`, 1, 'solo');
        results[peer.id] = await measureNetCpu(ctx, peer.label, proc, peerFan, peerSolo, cpuOptions);
        errorRow(n, [peerFan, peerSolo]);
        await closeSides(peerFan, peerSolo);
        await proc.stop();
      }

      // Rows: the targets, then every server's own figure.
      const ours = results.server.netMicros;
      const bare = results.bare.netMicros;
      const measuredPeers = peers
        .map((peer) => ({ peer, value: results[peer.id]!.netMicros }))
        .sort((a, b) => a.value - b.value);
      const best = measuredPeers[0];
      const bestColumns = best
        ? { peer: best.value, peerName: best.peer.label, peerRatio: ours / best.value }
        : { peer: null, peerRatio: null };
      const incomplete = Object.entries(results)
        .filter(([, result]) => result.fan.missing + result.solo.missing > 0)
        .map(([label]) => label);
      const metBare = ours <= 1.2 * bare;
      const metPeer = best ? ours <= 0.3 * best.value : null;
      ctx.row({
        metric: `server CPU per delivery net of the per-message cost, ${n} subs`,
        value: ours,
        unit: 'µs',
        baseline: bare,
        ratio: ours / bare,
        ...bestColumns,
        target: '≤ 1.2× bare ws, ≤ 0.3× best peer',
        met: metBare && metPeer !== false,
        note:
          [
            best ? '' : 'no peers measured (--peers)',
            incomplete.length ? `deliveries missing: ${incomplete.join(', ')}` : '',
            Object.values(results).some((result) => perMessageDominates(result, n))
              ? 'per-message cost dominates for some server at this N: noisy'
              : '',
          ]
            .filter(Boolean)
            .join('; ') || undefined,
      });
      if (results.serverViewer) {
        const withViewer = results.serverViewer.netMicros;
        ctx.row({
          metric: `the same with a viewer-dependent field (sender { friendship }), ${n} subs`,
          value: withViewer,
          unit: 'µs',
          ...atMost(withViewer, ours, 2),
          ...(best ? { peer: best.value, peerName: best.peer.label, peerRatio: withViewer / best.value } : {}),
          target: '≤ 2× the shared selection',
          note: 'baseline: the server with the shared selection',
        });
        ctx.row({
          metric: `PostgreSQL + Redis CPU per delivery net, viewer-dependent field, ${n} subs`,
          value: results.serverViewer.servicesNetMicros,
          unit: 'µs',
          baseline: results.server.servicesNetMicros,
          note: 'baseline: the shared selection',
        });
      }
      for (const [label, value] of [
        ['bare ws (frames routed by room)', bare] as const,
        ...measuredPeers.map(({ peer, value }) => [`${peer.label} (in memory)`, value] as const),
      ]) {
        ctx.row({
          metric: `CPU per delivery net, ${n} subs: ${label}`,
          value,
          unit: 'µs',
          baseline: bare,
          ratio: value / bare,
        });
      }
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

    /**
     * The earlier W1 phases (--latency, --profile): delivery latency at saturation and at a fixed
     * rate, the chat server against bare ws broadcasting the same frames to the same clients.
     */
    async function latencyPhases(n: number) {
      interface Target {
        label: string;
        proc: RunningProcess;
        pool: SubscriberPool;
        fire: (tracker: EventTracker) => Fire;
      }
      const measureSaturation = async (target: Target, durationMs: number) => {
        const tracker = new EventTracker(++phaseCounter, n);
        trackers.set(target.label, tracker);
        const cpu = new CpuMeter([target.proc.pid]);
        const result = await saturate(tracker, target.fire(tracker), durationMs, window);
        const usage = cpu.read();
        trackers.set(target.label, null);
        ctx.log(
          `${target.label} N=${n} saturation: ${Math.round(result.deliveriesPerSecond).toLocaleString()} deliveries/s ` +
            `(${result.eventsPerSecond.toFixed(1)} events/s), delivery ${tracker.perDelivery.describe()}, ` +
            describeCpu(usage, [target.label]) +
            (result.drained ? '' : ` — NOT DRAINED, ${result.missing} deliveries missing`),
        );
        if (usage.loadgenPct >= 90) {
          ctx.log(
            `   ↳ load generator near 100% of its core: this rate may be bounded by the client, not ${target.label}`,
          );
        }
        return {
          ...result,
          latency: tracker.perDelivery.summary(),
          eventLatency: tracker.perEvent.summary(),
          cpu: usage,
          stray: tracker.stray,
          duplicates: tracker.duplicates,
        };
      };
      const measureFixed = async (target: Target, rate: number, durationMs: number, warmupMs: number) => {
        let warmup: ReturnType<Histogram['summary']> | null = null;
        if (warmupMs > 0) {
          const warm = new EventTracker(++phaseCounter, n);
          trackers.set(target.label, warm);
          await fixedRate(warm, target.fire(warm), rate, warmupMs, { drainMs: 15_000 });
          warmup = warm.perDelivery.summary();
          ctx.log(
            `${target.label} N=${n} fixed ${rate} events/s, first ${warmupMs} ms: ${warm.perDelivery.describe()}`,
          );
        }
        const tracker = new EventTracker(++phaseCounter, n);
        trackers.set(target.label, tracker);
        const cpu = new CpuMeter([target.proc.pid]);
        const result = await fixedRate(tracker, target.fire(tracker), rate, durationMs, { drainMs: 15_000 });
        const usage = cpu.read();
        trackers.set(target.label, null);
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
      };

      const serverLabel = 'latency-server';
      const room = await openServerRoom(`fanout ${n}`, stack.users);
      trackers.set(serverLabel, null);
      const serverPool = await openSubscribers({
        label: serverLabel,
        wsUrl: stack.server.wsUrl,
        tokens,
        count: n,
        roomId: room.id,
        after: room.after,
        watchPids: [stack.server.pid],
        onEvent: deliverTo(serverLabel),
      });
      ctx.log(
        `server: ${n} subscriptions live in ${(serverPool.elapsedMs / 1000).toFixed(1)} s ` +
          `(${Math.round(serverPool.ratePerSecond)}/s), handshake ${serverPool.handshakeHist.describe()}, ` +
          describeCpu(serverPool.cpu!),
      );
      await checkChannel(room);
      const server: Target = { label: serverLabel, proc: stack.server, pool: serverPool, fire: serverFire(room) };
      const coldMs = await firstEvent({ label: serverLabel, n, pool: serverPool, fire: server.fire }, triggerHint);
      ctx.log(`server: first event reached all ${n} subscribers in ${coldMs.toFixed(1)} ms (cold)`);

      const phaseProfile = path.join(RESULTS_DIR, `W1-saturation-${n}-${isoStamp()}.cpuprofile`);
      if (profile) await stack.server.profileStart();
      const satServer = await measureSaturation(server, windowMs(profile ? 15_000 : 4_000));
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
      ctx.details[`latency${n}`] = detail;

      if (profile) {
        await serverPool.close();
        ctx.row({
          metric: `deliveries/s, ${n} subs (profiled)`,
          value: satServer.deliveriesPerSecond,
          unit: '/s',
        });
        return;
      }

      // The baseline: same clients, same frame (rendered from the server's real replayed frame).
      const render = payloadRenderer(serverPool.firstPayload);
      const baselineChannel = `bench.latency.${process.pid}.${n}`;
      const baselineProc = await startWsBaseline(baselineChannel, render('seed 2'));
      ctx.log(`${baselineProc.describe()} ready`);
      const baselineLabel = 'latency-baseline';
      trackers.set(baselineLabel, null);
      const baselinePool = await openSubscribers({
        label: baselineLabel,
        wsUrl: baselineProc.wsUrl,
        tokens,
        count: n,
        roomId: room.id,
        after: room.after,
        onEvent: deliverTo(baselineLabel),
      });
      const frame = JSON.stringify({ id: 'x'.repeat(36), type: 'next', payload: serverPool.firstPayload });
      detail.frameBytes = frame.length;
      ctx.log(
        `baseline: ${n} subscriptions live in ${(baselinePool.elapsedMs / 1000).toFixed(1)} s; frame ≈ ${frame.length} bytes`,
      );
      const baseline: Target = {
        label: baselineLabel,
        proc: baselineProc,
        pool: baselinePool,
        fire: (tracker) => (k, sentAt) => void redis.publish(baselineChannel, render(tracker.body(k, sentAt))),
      };
      await firstEvent({ label: baselineLabel, n, pool: baselinePool, fire: baseline.fire }, '');

      const satBaseline = await measureSaturation(baseline, windowMs(4_000));
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
      const fixedServer = await measureFixed(server, rate, fixedMs, warmupMs);
      const fixedBaseline = await measureFixed(baseline, rate, fixedMs, warmupMs);
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
          metric: `socket errors, ${n} subs (latency phases)`,
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
  },
);

/** A frame payload like `template` with its body replaced: pre + body + post. */
function payloadRenderer(template: unknown): (body: string) => string {
  const marker = '\u0000BODY\u0000';
  const copy = JSON.parse(JSON.stringify(template)) as { data: { messageAdded: { body: string } } };
  copy.data.messageAdded.body = marker;
  const [pre, post] = JSON.stringify(copy).split(JSON.stringify(marker));
  return (body) => `${pre}${JSON.stringify(body)}${post}`;
}
