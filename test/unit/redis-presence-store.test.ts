import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { PresenceChange } from '../../src/features/presence/presence-store.js';
import { presenceKeys } from '../../src/features/presence/redis-presence-scripts.js';
import { RedisPresenceStore } from '../../src/features/presence/redis-presence-store.js';
import { sleep } from '../helpers/ws.js';

/**
 * The Redis presence store as two instances see it: a user is online while any instance holds
 * them, exactly one instance reports each change, and an instance that finds itself declared dead
 * (its registration gone) registers again without its users ever appearing offline.
 */

const redisUrl = process.env.REDIS_URL;
const logger = pino({ level: 'silent' });

describe.runIf(redisUrl)('RedisPresenceStore', () => {
  const admin = redisUrl ? new Redis(redisUrl) : null;
  const stops: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const stop of stops.splice(0)) await stop();
  });
  afterAll(() => admin?.disconnect());

  /** A store started under `prefix`, recording the changes it finds by itself. */
  async function startStore(prefix: string, ttlMs = 3_000) {
    const store = new RedisPresenceStore({ url: redisUrl!, prefix, ttlMs, logger });
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
    const keys = presenceKeys(prefix);
    const a = await startStore(prefix, 1_500);
    a.hold(['5']);
    await a.store.connect('5');
    // As a survivor does when it takes an instance for dead (or a Redis that lost its data).
    const [id] = await admin!.smembers(keys.instances);
    await admin!.srem(keys.instances, id!);
    await sleep(1_500); // the next heartbeat (every 500 ms) finds out and registers again
    const registered = await admin!.smembers(keys.instances);
    expect(registered).toHaveLength(1);
    expect(registered[0]).not.toBe(id);
    expect(await admin!.smembers(keys.user('5'))).toEqual(registered);
    expect((await a.store.read(['5'])).get('5')?.online).toBe(true);
    expect(a.found.filter((change) => !change.online)).toEqual([]);
    // The user's last socket closing is reported under the new id.
    expect(await a.store.disconnect('5')).toMatchObject({ userId: '5', online: false });
  });

  it('leaves on stop: users it alone held go offline, and nothing of it is left', async () => {
    const prefix = freshPrefix();
    const keys = presenceKeys(prefix);
    const [a, b] = [await startStore(prefix), await startStore(prefix)];
    await a.store.connect('1');
    await a.store.connect('2');
    await b.store.connect('2');
    const changes = await a.store.stop();
    expect(changes.map(({ userId, online }) => ({ userId, online }))).toEqual([{ userId: '1', online: false }]);
    expect((await b.store.read(['1', '2'])).get('2')?.online).toBe(true);
    expect(await admin!.smembers(keys.instances)).toHaveLength(1);
    expect(await admin!.scard(keys.reaping)).toBe(0);
  });
});
