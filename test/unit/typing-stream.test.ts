import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Db } from '../../src/platform/db/database.js';
import { migrateToLatest } from '../../src/platform/db/migrator.js';
import { createPubSub } from '../../src/platform/broker/pubsub.js';
import { insertMessage } from '../../src/features/messages/messages.repository.js';
import { publishRoomEvent } from '../../src/features/rooms/room-events.js';
import type { AppPubSub, TopicEvents } from '../../src/features/topics.js';
import { RoomHubs } from '../../src/realtime/room-hub.js';
import { typingStream, type TypingEvent } from '../../src/realtime/streams.js';
import { SubscriptionQuota } from '../../src/realtime/subscription-quota.js';
import { sleep } from '../helpers/ws.js';

/**
 * The typing stream as a state machine over the room hub: a signal shows until it lapses or its
 * typist's message arrives; a signal resent after a Redis outage (the same one again) or one that
 * arrives after the message it preceded shows nothing; a signal sent after a message shows even
 * when that message reaches the hub later. Real database, hub and in-process pub/sub.
 */

const logger = pino({ level: 'silent' });
let db: Db;
let pubsub: AppPubSub;
let deps: { db: Db; roomHubs: RoomHubs; subscriptionQuota: SubscriptionQuota };
let viewerId: string;
let typistId: string;

beforeAll(async () => {
  db = await createDatabase({ kind: 'pglite-memory' }, logger, {
    statementTimeoutSeconds: null,
    preparedStatements: false,
  });
  await migrateToLatest(db);
  pubsub = createPubSub<TopicEvents>({ redis: null, prefix: 'unit:', deploymentId: 'unit' }, logger);
  deps = { db, roomHubs: new RoomHubs(db, pubsub, logger), subscriptionQuota: new SubscriptionQuota() };
  const users = await db
    .insertInto('users')
    .values([
      { username: 'watcher', display_name: 'watcher', password_hash: 'x' },
      { username: 'typist', display_name: 'typist', password_hash: 'x' },
    ])
    .returning('id')
    .execute();
  [viewerId, typistId] = users.map((user) => user.id) as [string, string];
});

afterAll(async () => {
  await pubsub?.close();
  await db?.destroy();
});

async function roomWithStream() {
  const room = await db
    .insertInto('rooms')
    .values({ kind: 'GROUP', name: 't' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('room_members')
    .values([viewerId, typistId].map((user_id) => ({ room_id: room.id, user_id })))
    .execute();
  const stream = typingStream(deps, viewerId, room.id);
  const seen: TypingEvent[] = [];
  void (async () => {
    for await (const event of stream) seen.push(event);
  })();
  await stream.setUp;
  await sleep(20); // start (the membership check) ran
  const signal = (sentAt: number, ttl = 5_000) =>
    pubsub.publish('room', room.id, { kind: 'TYPING', userId: typistId, sentAt, expiresAt: sentAt + ttl });
  const message = async (announce = true) => {
    const logged = (await insertMessage(db, typistId, room.id, {
      body: 'hello',
      clientId: null,
      replyToId: null,
      threadRootId: null,
      mentions: [],
    }))!;
    const event = { seq: logged.eventSeq, kind: 'MESSAGE_ADDED' as const, message: logged.message };
    if (announce) publishRoomEvent(pubsub, room.id, event);
    return event;
  };
  return { roomId: room.id, stream, seen, signal, message, typing: () => seen.map((event) => event.typing) };
}

describe('typingStream', () => {
  it('shows a signal, and ends it when it lapses', async () => {
    const { stream, signal, typing } = await roomWithStream();
    signal(Date.now(), 100);
    await sleep(20);
    expect(typing()).toEqual([true]);
    await sleep(150);
    expect(typing()).toEqual([true, false]);
    await stream.return();
  });

  it("ends a signal when the typist's message arrives", async () => {
    const { stream, signal, message, typing } = await roomWithStream();
    signal(Date.now() - 10);
    await sleep(20);
    await message();
    await sleep(20);
    expect(typing()).toEqual([true, false]);
    await stream.return();
  });

  it('shows a signal resent after an outage once, and one that preceded a delivered message not at all', async () => {
    const { stream, signal, message, typing } = await roomWithStream();
    const sentAt = Date.now() - 1_000;
    signal(sentAt);
    signal(sentAt); // the same signal again, as pubsub.ts resends what it kept
    await sleep(20);
    expect(typing()).toEqual([true]);
    await message(); // ends it
    signal(sentAt); // and a third copy, after the message: stale
    await sleep(20);
    expect(typing()).toEqual([true, false]);
    await stream.return();
  });

  it('keeps showing a signal sent after a message that reaches the hub later', async () => {
    const { roomId, stream, signal, message, typing } = await roomWithStream();
    const late = await message(false); // stored, its event still on the way
    signal(Date.now() + 10);
    await sleep(20);
    publishRoomEvent(pubsub, roomId, late);
    await sleep(20);
    expect(typing()).toEqual([true]);
    await stream.return();
  });

  it('drops a signal that expired on the way, and never shows the viewer their own', async () => {
    const { roomId, stream, signal, typing } = await roomWithStream();
    signal(Date.now() - 10_000);
    const now = Date.now();
    pubsub.publish('room', roomId, { kind: 'TYPING', userId: viewerId, sentAt: now, expiresAt: now + 5_000 });
    await sleep(20);
    expect(typing()).toEqual([]);
    await stream.return();
  });
});
