import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createPubSub } from '../../src/platform/broker/pubsub.js';
import type { Db } from '../../src/platform/db/database.js';
import { MemoryPresenceStore, type PresenceChange } from '../../src/features/presence/presence-store.js';
import type { TopicEvents } from '../../src/features/topics.js';
import { PresenceHub } from '../../src/realtime/presence-hub.js';
import { SocketCounts } from '../../src/realtime/socket-counts.js';
import { sleep } from '../helpers/ws.js';

/**
 * Presence changes only at the edges: a user's first socket on an instance and their last. The
 * counting alone, then the hub over the in-process store and pub/sub (what a single instance runs).
 */

describe('SocketCounts', () => {
  it('reports the first socket opened and the last closed, nothing in between', () => {
    const counts = new SocketCounts();
    expect(counts.open('1')).toBe(true);
    expect(counts.open('1')).toBe(false);
    expect(counts.open('2')).toBe(true);
    expect(counts.users().sort()).toEqual(['1', '2']);
    expect(counts.size()).toBe(3);

    expect(counts.close('1')).toBe(false);
    expect(counts.close('1')).toBe(true);
    expect(counts.users()).toEqual(['2']);
    // A close with nothing open (counted out twice by mistake) changes nothing.
    expect(counts.close('1')).toBe(false);
    expect(counts.open('1')).toBe(true);
    expect(counts.size()).toBe(2);
  });
});

describe('PresenceHub on one instance', () => {
  const logger = pino({ level: 'silent' });
  const stops: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const stop of stops.splice(0)) await stop();
  });

  /** A hub (its database is never read: nobody subscribes to presence here) and what it publishes. */
  async function startHub() {
    const pubsub = createPubSub<TopicEvents>({ redis: null, prefix: 'unit:', deploymentId: 'unit' }, logger);
    const hub = new PresenceHub({} as Db, pubsub, new MemoryPresenceStore(), logger);
    const published: PresenceChange[] = [];
    await pubsub.subscribe('presence', 'all', (change) => published.push(change));
    await hub.start();
    stops.push(async () => {
      await hub.stop();
      await pubsub.close();
    });
    return { hub, published, settle: () => sleep(10) };
  }

  it('announces a user online at the first socket and offline at the last, once each', async () => {
    const { hub, published, settle } = await startHub();
    hub.socketOpened('7');
    hub.socketOpened('7');
    await settle();
    expect(published.map(({ userId, online }) => ({ userId, online }))).toEqual([{ userId: '7', online: true }]);
    expect((await hub.read(['7'])).get('7')).toEqual({ online: true, lastSeenAt: null });

    hub.socketClosed('7');
    await settle();
    expect(published).toHaveLength(1); // another socket remains

    const before = Date.now();
    hub.socketClosed('7');
    await settle();
    expect(published).toHaveLength(2);
    const offline = published[1]!;
    expect(offline).toMatchObject({ userId: '7', online: false });
    expect(offline.version).toBeGreaterThan(published[0]!.version);
    expect(offline.lastSeenAt).toBeGreaterThanOrEqual(before);
    const read = (await hub.read(['7', '8'])).get('7')!;
    expect(read.online).toBe(false);
    expect(read.lastSeenAt?.getTime()).toBe(offline.lastSeenAt);
    expect(hub.socketCount()).toBe(0);
  });

  it('reads a user never seen as offline with no lastSeenAt', async () => {
    const { hub } = await startHub();
    expect((await hub.read(['42'])).get('42')).toEqual({ online: false, lastSeenAt: null });
  });
});
