import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Db } from '../../src/platform/db/database.js';
import { migrateToLatest } from '../../src/platform/db/migrator.js';
import { createPubSub } from '../../src/platform/broker/pubsub.js';
import { insertMessage, markDeleted, updateBody } from '../../src/features/messages/messages.repository.js';
import { publishRoomEvent, type RoomEvent, type TypingSignal } from '../../src/features/rooms/room-events.js';
import { logMembershipEvent } from '../../src/features/rooms/room-events.repository.js';
import type { AppPubSub, TopicEvents } from '../../src/features/topics.js';
import { GAP_WAIT_MS, RoomHubs, type RoomListener } from '../../src/realtime/room-hub.js';
import { sleep } from '../helpers/ws.js';

/**
 * The room hub as a state machine: events arrive out of order, twice or not at all, and each
 * listener still gets every event of the room once, in seq order; a removal ends its member's
 * listener at its place in that order. Real in-memory database, the real statements that write
 * and log events, and in-process pub/sub; the "network" is the order in which the test publishes.
 */

const logger = pino({ level: 'silent' });
let db: Db;
let pubsub: AppPubSub;
let hubs: RoomHubs;
let senderId: string;

beforeAll(async () => {
  db = await createDatabase({ kind: 'pglite-memory' }, logger, {
    statementTimeoutSeconds: null,
    preparedStatements: false,
  });
  await migrateToLatest(db);
  pubsub = createPubSub<TopicEvents>({ redis: null, prefix: 'unit:', deploymentId: 'unit' }, logger);
  hubs = new RoomHubs(db, pubsub, logger);
  const user = await db
    .insertInto('users')
    .values({ username: 'hubber', display_name: 'hubber', password_hash: 'x' })
    .returning('id')
    .executeTakeFirstOrThrow();
  senderId = user.id;
});

afterAll(async () => {
  await pubsub?.close();
  await db?.destroy();
});

async function newRoom(): Promise<string> {
  const room = await db
    .insertInto('rooms')
    .values({ kind: 'GROUP', name: 'hub' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('room_members').values({ room_id: room.id, user_id: senderId }).execute();
  return room.id;
}

/** Stores the room's next message as sendMessage does (logging its event) without announcing it. */
async function store(roomId: string, body: string): Promise<RoomEvent> {
  const logged = (await insertMessage(db, senderId, roomId, {
    body,
    clientId: null,
    replyToId: null,
    threadRootId: null,
    mentions: [],
  }))!;
  return { seq: logged.eventSeq, kind: 'MESSAGE_ADDED', message: logged.message };
}

async function edit(event: RoomEvent, body: string): Promise<RoomEvent> {
  if (!('message' in event)) throw new Error('not a message event');
  const logged = (await updateBody(db, event.message.id, body, []))!;
  return { seq: logged.eventSeq, kind: 'MESSAGE_EDITED', message: logged.message };
}

async function remove(roomId: string, userId: string): Promise<RoomEvent> {
  return db.transaction().execute((trx) => logMembershipEvent(trx, roomId, 'MEMBERS_REMOVED', [userId]));
}

const announce = (roomId: string, event: RoomEvent) => publishRoomEvent(pubsub, roomId, event);

/** What a listener saw: message events as "KIND body", others as "KIND". */
class Recorder implements RoomListener {
  readonly seen: string[] = [];
  readonly typists: string[] = [];
  ended: { error: unknown } | null = null;
  constructor(readonly viewerId: string) {}
  event(event: RoomEvent): void {
    this.seen.push('message' in event ? `${event.kind} ${event.message.body}` : event.kind);
  }
  typing(signal: TypingSignal): void {
    this.typists.push(signal.userId);
  }
  end(error?: unknown): void {
    this.ended = { error };
  }
  get bodies(): string[] {
    return this.seen.filter((line) => line.startsWith('MESSAGE_ADDED ')).map((line) => line.slice(14));
  }
}
async function until(condition: () => boolean, timeoutMs = 2_000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await sleep(5);
  }
}

describe('RoomHubs', () => {
  it('starts after what was committed before joining, and delivers in seq order whatever the arrival order', async () => {
    const roomId = await newRoom();
    await store(roomId, 'before');
    const listener = new Recorder('1');
    expect(await hubs.join(roomId, listener)).toBe(2);
    const [a, b, c] = [await store(roomId, 'a'), await store(roomId, 'b'), await store(roomId, 'c')];
    announce(roomId, c);
    announce(roomId, a);
    announce(roomId, b);
    await until(() => listener.bodies.length === 3);
    expect(listener.bodies).toEqual(['a', 'b', 'c']);
    hubs.leave(roomId, listener);
  });

  it('delivers an event that arrives twice once', async () => {
    const roomId = await newRoom();
    const listener = new Recorder('1');
    await hubs.join(roomId, listener);
    const a = await store(roomId, 'a');
    announce(roomId, a);
    announce(roomId, a);
    const b = await store(roomId, 'b');
    announce(roomId, b);
    announce(roomId, a);
    await until(() => listener.bodies.length >= 2);
    await sleep(GAP_WAIT_MS * 2);
    expect(listener.bodies).toEqual(['a', 'b']);
    hubs.leave(roomId, listener);
  });

  it('reads a message that never arrives from the database once the gap has waited GAP_WAIT_MS, for every listener', async () => {
    const roomId = await newRoom();
    const first = new Recorder('1');
    const second = new Recorder('2');
    await hubs.join(roomId, first);
    await hubs.join(roomId, second);
    const a = await store(roomId, 'a');
    await store(roomId, 'lost'); // committed, but its event is lost
    const c = await store(roomId, 'c');
    announce(roomId, a);
    announce(roomId, c);
    await sleep(GAP_WAIT_MS / 2);
    expect(first.bodies).toEqual(['a']); // c waits for the missing one
    await until(() => first.bodies.length === 3 && second.bodies.length === 3);
    expect(first.bodies).toEqual(['a', 'lost', 'c']);
    expect(second.bodies).toEqual(['a', 'lost', 'c']);
    hubs.leave(roomId, first);
    hubs.leave(roomId, second);
  });

  it('ends the listener of a member removed from the room, without an error, and keeps the others', async () => {
    const roomId = await newRoom();
    const leaving = new Recorder('7');
    const staying = new Recorder('8');
    await hubs.join(roomId, leaving);
    await hubs.join(roomId, staying);
    announce(roomId, await remove(roomId, '7'));
    expect(leaving.ended).toEqual({ error: undefined });
    const a = await store(roomId, 'after removal');
    announce(roomId, a);
    await until(() => staying.bodies.length === 1);
    expect(leaving.bodies).toEqual([]);
    expect(staying.ended).toBeNull();
    hubs.leave(roomId, staying);
  });

  it('starts a feed afresh once its last listener left: a new listener begins at the current tip', async () => {
    const roomId = await newRoom();
    const early = new Recorder('1');
    await hubs.join(roomId, early);
    hubs.leave(roomId, early);
    await store(roomId, 'while nobody listened');
    const late = new Recorder('1');
    expect(await hubs.join(roomId, late)).toBe(2);
    const next = await store(roomId, 'next');
    announce(roomId, next);
    await until(() => late.bodies.length === 1);
    expect(late.bodies).toEqual(['next']);
    expect(early.bodies).toEqual([]);
    hubs.leave(roomId, late);
  });

  it('puts edits, deletions and additions in one order, and reads a lost edit from the log', async () => {
    const roomId = await newRoom();
    const listener = new Recorder('1');
    await hubs.join(roomId, listener);
    const a = await store(roomId, 'a');
    const edited = await edit(a, 'a2'); // its event is lost
    const b = await store(roomId, 'b');
    const deleted = 'message' in b ? await markDeleted(db, b.message.id) : null;
    announce(roomId, { seq: deleted!.eventSeq, kind: 'MESSAGE_DELETED', message: deleted!.message });
    announce(roomId, b);
    announce(roomId, a);
    await until(() => listener.seen.length === 4);
    expect(listener.seen).toEqual(['MESSAGE_ADDED a', 'MESSAGE_EDITED a2', 'MESSAGE_ADDED b', 'MESSAGE_DELETED ']);
    expect(edited.seq).toBe(a.seq + 1);
    hubs.leave(roomId, listener);
  });

  it('ends a removed member at the removal even when its event is lost: nothing after it reaches them', async () => {
    const roomId = await newRoom();
    const removed = new Recorder('7');
    const staying = new Recorder('8');
    await hubs.join(roomId, removed);
    await hubs.join(roomId, staying);
    await remove(roomId, '7'); // lost on the way (a Redis outage)
    const after = await store(roomId, 'after the removal');
    announce(roomId, after);
    await until(() => staying.seen.length === 2);
    expect(staying.seen).toEqual(['MEMBERS_REMOVED', 'MESSAGE_ADDED after the removal']);
    expect(removed.ended).toEqual({ error: undefined });
    expect(removed.seen).toEqual([]);
    hubs.leave(roomId, staying);
  });

  it('hands typing signals to every listener as they come, outside the seq order', async () => {
    const roomId = await newRoom();
    const listener = new Recorder('1');
    await hubs.join(roomId, listener);
    await store(roomId, 'unannounced'); // a gap the hub waits on
    const now = Date.now();
    pubsub.publish('room', roomId, { kind: 'TYPING', userId: '5', sentAt: now, expiresAt: now + 5_000 });
    await until(() => listener.typists.length === 1);
    expect(listener.typists).toEqual(['5']);
    expect(listener.seen).toEqual([]);
    hubs.leave(roomId, listener);
  });

  it('goes on past events deleted from the log (a cascade), instead of waiting for them for good', async () => {
    const roomId = await newRoom();
    const listener = new Recorder('1');
    await hubs.join(roomId, listener);
    const a = await store(roomId, 'a');
    const gone = await store(roomId, 'gone');
    const c = await store(roomId, 'c');
    announce(roomId, a);
    if ('message' in gone) await db.deleteFrom('messages').where('id', '=', gone.message.id).execute();
    announce(roomId, c);
    await until(() => listener.bodies.length === 2);
    expect(listener.bodies).toEqual(['a', 'c']);
    const d = await store(roomId, 'd');
    announce(roomId, d);
    await until(() => listener.bodies.length === 3);
    expect(listener.bodies).toEqual(['a', 'c', 'd']);
    hubs.leave(roomId, listener);
  });
});
