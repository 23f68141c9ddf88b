import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Db } from '../../src/platform/db/database.js';
import { migrateToLatest } from '../../src/platform/db/migrator.js';
import type { Message } from '../../src/features/messages/messages.service.js';
import { createPubSub, toWireMessage, type PubSub } from '../../src/platform/broker/pubsub.js';
import { GAP_WAIT_MS, RoomFeeds, type FeedListener } from '../../src/realtime/room-feeds.js';
import { sleep } from '../helpers/ws.js';

/**
 * The room feed as a state machine: events arrive out of order, twice or not at all, and each
 * listener still gets every message of the room once, in seq order. Real in-memory database and
 * in-process pub/sub; the "network" is the order in which the test publishes.
 */

const logger = pino({ level: 'silent' });
let db: Db;
let pubsub: PubSub;
let feeds: RoomFeeds;
let senderId: string;

beforeAll(async () => {
  db = await createDatabase({ kind: 'pglite-memory' }, logger, {
    statementTimeoutSeconds: null,
    preparedStatements: false,
  });
  await migrateToLatest(db);
  pubsub = createPubSub({ redisUrl: null, prefix: 'unit:', deploymentId: 'unit' }, logger);
  feeds = new RoomFeeds(db, pubsub, logger);
  const user = await db
    .insertInto('users')
    .values({ username: 'feeder', display_name: 'feeder', password_hash: 'x' })
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
    .values({ kind: 'GROUP', name: 'feed' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return room.id;
}

/** Stores the room's next message (as sendMessage does: seq from the room) without announcing it. */
async function store(roomId: string, body: string): Promise<Message> {
  const { rows } = await sql<{ id: string; seq: string; created_at: Date }>`
    with bumped as (update rooms set last_seq = last_seq + 1 where id = ${roomId} returning last_seq)
    insert into messages (room_id, sender_id, seq, body) select ${roomId}, ${senderId}, last_seq, ${body} from bumped
    returning id, seq, created_at`.execute(db);
  const row = rows[0]!;
  return {
    id: row.id,
    roomId,
    senderId,
    seq: Number(row.seq),
    body,
    clientId: null,
    createdAt: row.created_at,
    editedAt: null,
    deletedAt: null,
  };
}

const announce = (message: Message) =>
  pubsub.publish('room.messages', message.roomId, { type: 'ADDED', message: toWireMessage(message) });

class Recorder implements FeedListener {
  readonly bodies: string[] = [];
  ended: { error: unknown } | null = null;
  constructor(readonly viewerId: string) {}
  message(message: Message): void {
    this.bodies.push(message.body);
  }
  end(error?: unknown): void {
    this.ended = { error };
  }
}

async function until(condition: () => boolean, timeoutMs = 2_000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await sleep(5);
  }
}

describe('RoomFeeds', () => {
  it('starts after what was committed before joining, and delivers in seq order whatever the arrival order', async () => {
    const roomId = await newRoom();
    await store(roomId, 'before');
    const listener = new Recorder('1');
    expect(await feeds.join(roomId, listener)).toBe(2);
    const [a, b, c] = [await store(roomId, 'a'), await store(roomId, 'b'), await store(roomId, 'c')];
    announce(c);
    announce(a);
    announce(b);
    await until(() => listener.bodies.length === 3);
    expect(listener.bodies).toEqual(['a', 'b', 'c']);
    feeds.leave(roomId, listener);
  });

  it('delivers an event that arrives twice once', async () => {
    const roomId = await newRoom();
    const listener = new Recorder('1');
    await feeds.join(roomId, listener);
    const a = await store(roomId, 'a');
    announce(a);
    announce(a);
    const b = await store(roomId, 'b');
    announce(b);
    announce(a);
    await until(() => listener.bodies.length >= 2);
    await sleep(GAP_WAIT_MS * 2);
    expect(listener.bodies).toEqual(['a', 'b']);
    feeds.leave(roomId, listener);
  });

  it('reads a message that never arrives from the database once the gap has waited GAP_WAIT_MS, for every listener', async () => {
    const roomId = await newRoom();
    const first = new Recorder('1');
    const second = new Recorder('2');
    await feeds.join(roomId, first);
    await feeds.join(roomId, second);
    const a = await store(roomId, 'a');
    await store(roomId, 'lost'); // committed, but its event is lost
    const c = await store(roomId, 'c');
    announce(a);
    announce(c);
    await sleep(GAP_WAIT_MS / 2);
    expect(first.bodies).toEqual(['a']); // c waits for the missing one
    await until(() => first.bodies.length === 3 && second.bodies.length === 3);
    expect(first.bodies).toEqual(['a', 'lost', 'c']);
    expect(second.bodies).toEqual(['a', 'lost', 'c']);
    feeds.leave(roomId, first);
    feeds.leave(roomId, second);
  });

  it('ends the listener of a member removed from the room, without an error, and keeps the others', async () => {
    const roomId = await newRoom();
    const leaving = new Recorder('7');
    const staying = new Recorder('8');
    await feeds.join(roomId, leaving);
    await feeds.join(roomId, staying);
    pubsub.publish('room.members', roomId, { type: 'REMOVED', roomId, userIds: ['7'] });
    expect(leaving.ended).toEqual({ error: undefined });
    const a = await store(roomId, 'after removal');
    announce(a);
    await until(() => staying.bodies.length === 1);
    expect(leaving.bodies).toEqual([]);
    expect(staying.ended).toBeNull();
    feeds.leave(roomId, staying);
  });

  it('starts a feed afresh once its last listener left: a new listener begins at the current tip', async () => {
    const roomId = await newRoom();
    const early = new Recorder('1');
    await feeds.join(roomId, early);
    feeds.leave(roomId, early);
    await store(roomId, 'while nobody listened');
    const late = new Recorder('1');
    expect(await feeds.join(roomId, late)).toBe(2);
    const next = await store(roomId, 'next');
    announce(next);
    await until(() => late.bodies.length === 1);
    expect(late.bodies).toEqual(['next']);
    expect(early.bodies).toEqual([]);
    feeds.leave(roomId, late);
  });
});
