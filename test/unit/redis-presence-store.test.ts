import { randomBytes } from 'node:crypto';
import { Cluster, Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PresenceChange } from '../../src/features/presence/presence-store.js';
import { presenceKeys } from '../../src/features/presence/redis-presence-scripts.js';
import { RedisPresenceStore } from '../../src/features/presence/redis-presence-store.js';
import type { RedisClient, RedisTarget } from '../../src/platform/redis-connection.js';
import { startRedisCluster, type TestRedisCluster } from '../helpers/redis-cluster.js';
import { sleep } from '../helpers/ws.js';

/**
 * The Redis presence store as two instances see it: a user is online while any instance holds
 * them, exactly one instance reports each change, and an instance that finds itself declared dead
 * (its registration gone) registers again without its users ever appearing offline. On one Redis
 * and on a Redis Cluster (keys under one hash tag: no CROSSSLOT), in the suite's Redis pass.
 */

const redisUrl = process.env.REDIS_URL;
const logger = pino({ level: 'silent' });

/** Where the stores run, and a client to look at (and tamper with) their keys. */
interface Backend {
  target: RedisTarget;
  admin: RedisClient;
}

describe.runIf(redisUrl)('RedisPresenceStore on one Redis', () => {
  // Connected in beforeAll: a skipped describe still runs its body.
  const backend = {} as Backend;
  beforeAll(() => {
    Object.assign(backend, { target: { kind: 'single', url: redisUrl! }, admin: new Redis(redisUrl!) });
  });
  afterAll(() => backend.admin?.disconnect());
  presenceStoreTests(backend);
});

describe.runIf(redisUrl)('RedisPresenceStore on a Redis Cluster', () => {
  let cluster: TestRedisCluster;
  const backend = {} as Backend;
  beforeAll(async () => {
    cluster = await startRedisCluster({ masters: 3 });
    const nodes = cluster.nodes.map(({ host, port }) => ({ host, port }));
    Object.assign(backend, { target: { kind: 'cluster', nodes }, admin: new Cluster(nodes) });
  }, 60_000);
  afterAll(async () => {
    backend.admin?.disconnect();
    await cluster?.stop();
  });
  presenceStoreTests(backend);
});

function presenceStoreTests(backend: Backend) {
  const stops: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const stop of stops.splice(0)) await stop();
  });
  const keysOf = (prefix: string) => presenceKeys(prefix, backend.target.kind === 'cluster');

  /** A store started under `prefix`, recording the changes it finds by itself. */
  async function startStore(prefix: string, ttlMs = 3_000) {
    const store = new RedisPresenceStore({ target: backend.target, prefix, ttlMs, logger });
    const found: PresenceChange[] = [];
    let users: string[] = [];
    await store.start({ localUsers: () => users, onChanges: (changes) => found.push(...changes) });
    stops.push(() => store.stop());
    return { store, found, hold: (ids: string[]) => (users = ids) };
  }

  const freshPrefix = () => `unit-presence-${randomBytes(4).toString('hex')}:`;

  it('reports a user online once and offline once, whichever instances hold them', async () => {
    const prefix = freshPrefix();
    const [a, b] = [await startStore(prefix), await startStore(prefix)];
    const online = await a.store.connect('1');
    expect(online).toMatchObject({ userId: '1', online: true, lastSeenAt: null });
    expect(await b.store.connect('1')).toBeNull();
    expect(await a.store.disconnect('1')).toBeNull();
    expect((await b.store.read(['1'])).get('1')).toEqual({ online: true, lastSeenAt: null });

    const offline = await b.store.disconnect('1');
    expect(offline).toMatchObject({ userId: '1', online: false });
    expect(offline!.version).toBeGreaterThan(online!.version);
    expect((await a.store.read(['1', '2'])).get('1')).toEqual({
      online: false,
      lastSeenAt: new Date(offline!.lastSeenAt!),
    });
    expect((await a.store.read(['2'])).get('2')).toEqual({ online: false, lastSeenAt: null });
  });

  it('counts one report per change when two instances race on one user', async () => {
    const prefix = freshPrefix();
    const [a, b] = [await startStore(prefix), await startStore(prefix)];
    const reports: Array<PresenceChange | null> = [];
    for (let round = 0; round < 20; round++) {
      reports.push(...(await Promise.all([a.store.connect('9'), b.store.connect('9')])));
      reports.push(...(await Promise.all([a.store.disconnect('9'), b.store.disconnect('9')])));
    }
    const changes = reports.filter((report) => report !== null);
    expect(changes.map((change) => change.online)).toEqual(Array.from({ length: 40 }, (_, i) => i % 2 === 0));
    const versions = changes.map((change) => change.version);
    expect([...versions].sort((x, y) => x - y)).toEqual(versions);
  });

  it('registers again, users still online, when its registration vanished', async () => {
    const prefix = freshPrefix();
    const keys = keysOf(prefix);
    const a = await startStore(prefix, 1_500);
    a.hold(['5']);
    await a.store.connect('5');
    // As a survivor does when it takes an instance for dead (or a Redis that lost its data).
    const [id] = await backend.admin.smembers(keys.instances);
    await backend.admin.srem(keys.instances, id!);
    await sleep(1_500); // the next heartbeat (every 500 ms) finds out and registers again
    const registered = await backend.admin.smembers(keys.instances);
    expect(registered).toHaveLength(1);
    expect(registered[0]).not.toBe(id);
    expect(await backend.admin.smembers(keys.user('5'))).toEqual(registered);
    expect((await a.store.read(['5'])).get('5')?.online).toBe(true);
    expect(a.found.filter((change) => !change.online)).toEqual([]);
    // The user's last socket closing is reported under the new id.
    expect(await a.store.disconnect('5')).toMatchObject({ userId: '5', online: false });
  });

  it('leaves on stop: users it alone held go offline, and nothing of it is left', async () => {
    const prefix = freshPrefix();
    const keys = keysOf(prefix);
    const [a, b] = [await startStore(prefix), await startStore(prefix)];
    await a.store.connect('1');
    await a.store.connect('2');
    await b.store.connect('2');
    const changes = await a.store.stop();
    expect(changes.map(({ userId, online }) => ({ userId, online }))).toEqual([{ userId: '1', online: false }]);
    expect((await b.store.read(['1', '2'])).get('2')?.online).toBe(true);
    expect(await backend.admin.smembers(keys.instances)).toHaveLength(1);
    expect(await backend.admin.scard(keys.reaping)).toBe(0);
  });

  it('takes the users of an instance found dead offline, once, from another instance', async () => {
    const prefix = freshPrefix();
    const keys = keysOf(prefix);
    const survivor = await startStore(prefix, 900);
    await survivor.store.connect('8');
    // An instance killed without leaving: registered, holding users, its heartbeat lapsed.
    const dead = 'dead-instance';
    await backend.admin.sadd(keys.instances, dead);
    for (const userId of ['7', '8']) {
      await backend.admin.sadd(keys.held(dead), userId);
      await backend.admin.sadd(keys.user(userId), dead);
    }
    await sleep(1_500); // sweeps every 300 ms
    expect(survivor.found.map(({ userId, online }) => ({ userId, online }))).toEqual([{ userId: '7', online: false }]);
    expect((await survivor.store.read(['7', '8'])).get('8')?.online).toBe(true);
    expect(await backend.admin.sismember(keys.instances, dead)).toBe(0);
    expect(await backend.admin.scard(keys.reaping)).toBe(0);
    expect(await backend.admin.exists(keys.held(dead))).toBe(0);
  });
}
