import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { graphql } from './gql/index.js';
import { expectData, request } from './helpers/client.js';
import { createGroup, SendMessageMutation, sendMessage } from './helpers/chat.js';
import { createTestDatabase, postgresUrl } from './helpers/database.js';
import { CapturedLog } from './helpers/logs.js';
import { startServer, TEST_JWT_SECRET } from './helpers/server.js';
import { makeFriends } from './helpers/social.js';
import { signUpUser } from './helpers/users.js';
import { subscribeSse } from './helpers/sse.js';
import { connect, connected, nextClose, sleep, subscribe } from './helpers/ws.js';

const OutageMessages = graphql(`
  subscription OutageMessages($roomId: ID!, $after: String) {
    messageAdded(roomId: $roomId, after: $after) {
      id
      body
    }
  }
`);

const OutageTyping = graphql(`
  subscription OutageTyping($roomId: ID!) {
    typing(roomId: $roomId) {
      typing
      user {
        id
      }
    }
  }
`);

const OutageUpdates = graphql(`
  subscription OutageUpdates($roomId: ID!) {
    messageUpdated(roomId: $roomId) {
      id
      body
      deletedAt
    }
  }
`);

const OutageInboxMessages = graphql(`
  subscription OutageInboxMessages {
    inbox {
      kind
      message {
        id
      }
    }
  }
`);

const OutageEdit = graphql(`
  mutation OutageEdit($input: EditMessageInput!) {
    editMessage(input: $input) {
      id
    }
  }
`);

const OutageDelete = graphql(`
  mutation OutageDelete($messageId: ID!) {
    deleteMessage(messageId: $messageId) {
      id
    }
  }
`);

const OutageTypingSignal = graphql(`
  mutation OutageTypingSignal($roomId: ID!) {
    sendTypingIndicator(roomId: $roomId)
  }
`);

const edit = async (url: string, user: { token: string }, messageId: string, body: string) =>
  expectData(await request(url, OutageEdit, { input: { messageId, body } }, { token: user.token }));

const OutageInboxEvents = graphql(`
  subscription OutageInboxEvents {
    inbox {
      kind
    }
  }
`);

/** The row id inside a global id (`Room:42` in base64url): what the server's channel names carry. */
const rowId = (globalId: string) => Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1];

// Over SSE, as a string: the inbox follows every room of the viewer.
const OutageInbox = 'subscription OutageInbox { inbox { __typename } }';

const HistoryCount = graphql(`
  query HistoryCount($roomId: ID!) {
    room(id: $roomId) {
      messages(last: 100) {
        edges {
          node {
            id
            body
          }
        }
      }
    }
  }
`);

const WhoIsIt = graphql(`
  query WhoIsIt {
    me {
      id
    }
  }
`);

const LogOutDuringOutage = graphql(`
  mutation LogOutDuringOutage {
    logOut
  }
`);

/** A free TCP port on the loopback interface. */
async function freePort(): Promise<number> {
  const probe = createNetServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await sleep(100);
  }
  throw new Error('condition not reached in time');
}

const readyStatus = (origin: string) => fetch(`${origin}/ready`).then((response) => response.status);

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

describe('a Redis outage', () => {
  function startRedis(port: number): Promise<ChildProcess> {
    const child = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      {
        stdio: 'ignore',
      },
    );
    cleanups.push(() => void child.kill('SIGKILL'));
    return waitUntil(
      () =>
        new Promise<boolean>((resolve) => {
          const socket = createNetServer().listen(port, '127.0.0.1');
          // If we can bind the port, Redis is not listening yet.
          socket.on('listening', () => socket.close(() => resolve(false)));
          socket.on('error', () => resolve(true));
        }),
    ).then(() => child);
  }

  /** A redis-server of the test's own on a free port, to kill and start again. */
  async function privateRedis() {
    const port = await freePort();
    let child = await startRedis(port);
    return {
      url: `redis://127.0.0.1:${port}`,
      signal: (signal: NodeJS.Signals) => void child.kill(signal),
      restart: async () => void (child = await startRedis(port)),
    };
  }

  /**
   * Call before publishing into an outage; the returned wait settles once ioredis has dropped what
   * it queued since. It does so every third failed reconnection (maxRetriesPerRequest 2): from then
   * on, an event published meanwhile is gone for good, however soon Redis returns.
   */
  function queuedCommandsDropped(log: CapturedLog): () => Promise<void> {
    const reconnects = () => log.lines.filter((line) => line.includes('"role":"publisher"')).length;
    const before = reconnects();
    return () => waitUntil(async () => reconnects() >= before + 3, 20_000);
  }

  it('keeps queries and mutations working, then delivers again (missed messages included) when Redis returns', async () => {
    const redis = await privateRedis();
    const log = new CapturedLog('warn');
    const server = await startServer({ env: { REDIS_URL: redis.url }, logger: log.logger });
    cleanups.push(() => server.stop());
    const [owner, member] = await Promise.all([signUpUser(server.url, 'ro'), signUpUser(server.url, 'rm')]);
    await makeFriends(server.url, owner, member);
    const room = await createGroup(server.url, owner, [member], 'redis outage');
    const start = await sendMessage(server.url, owner, room, 'before');

    const client = connect(server.wsUrl, member.token);
    cleanups.push(() => client.dispose());
    const live = subscribe(client, OutageMessages, { roomId: room, after: start.cursor });
    const first = await sendMessage(server.url, owner, room, 'first');
    await live.waitFor(1);

    redis.signal('SIGKILL');
    await waitUntil(async () => (await readyStatus(server.origin)) === 503);
    // Redis is down: the API still answers and stores messages.
    const dropped = queuedCommandsDropped(log);
    const during = await sendMessage(server.url, owner, room, 'during the outage');
    // Its event is gone for good: only the feed's catch-up can bring it.
    await dropped();
    const history = expectData(await request(server.url, HistoryCount, { roomId: room }, { token: member.token }));
    expect(history.room?.messages.edges.map((edge) => edge.node.id)).toContain(during.id);

    await redis.restart();
    await waitUntil(async () => (await readyStatus(server.origin)) === 200);
    // What was sent during the outage comes without waiting for the room's next message.
    expect((await live.waitFor(2)).map((event) => event.messageAdded.id)).toEqual([first.id, during.id]);
    const after = await sendMessage(server.url, owner, room, 'after');
    const events = await live.waitFor(3);
    expect(events.map((event) => event.messageAdded.id)).toEqual([first.id, during.id, after.id]);
  }, 60_000);

  it('catches up every room feed when Redis returns, however many more than run at once', async () => {
    const redis = await privateRedis();
    const log = new CapturedLog('warn');
    const server = await startServer({ env: { REDIS_URL: redis.url }, logger: log.logger });
    cleanups.push(() => server.stop());
    const owner = await signUpUser(server.url, 'many');
    const rooms = await Promise.all(Array.from({ length: 12 }, (_, i) => createGroup(server.url, owner, [], `r${i}`)));
    const starts = await Promise.all(rooms.map((room) => sendMessage(server.url, owner, room, 'start')));
    const client = connect(server.wsUrl, owner.token);
    cleanups.push(() => client.dispose());
    const lives = rooms.map((room, i) => subscribe(client, OutageMessages, { roomId: room, after: starts[i]!.cursor }));
    const firsts = await Promise.all(rooms.map((room) => sendMessage(server.url, owner, room, 'first')));
    await Promise.all(lives.map((live) => live.waitFor(1)));

    redis.signal('SIGKILL');
    await waitUntil(async () => (await readyStatus(server.origin)) === 503);
    const dropped = queuedCommandsDropped(log);
    const during = await Promise.all(rooms.map((room) => sendMessage(server.url, owner, room, 'during')));
    await dropped();
    await redis.restart();
    await waitUntil(async () => (await readyStatus(server.origin)) === 200);
    for (const [i, live] of lives.entries()) {
      expect((await live.waitFor(2)).map((event) => event.messageAdded.id)).toEqual([firsts[i]!.id, during[i]!.id]);
    }
  }, 60_000);

  it('refuses a new subscription with SERVICE_UNAVAILABLE while Redis is down, keeps running, and takes it once Redis is back', async () => {
    const redis = await privateRedis();
    const server = await startServer({ env: { REDIS_URL: redis.url } });
    cleanups.push(() => server.stop());
    const [owner, member] = await Promise.all([signUpUser(server.url, 'so'), signUpUser(server.url, 'sm')]);
    await makeFriends(server.url, owner, member);
    const room = await createGroup(server.url, owner, [member], 'subscribe in an outage');
    const before = await sendMessage(server.url, owner, room, 'before');

    redis.signal('SIGKILL');
    await waitUntil(async () => (await readyStatus(server.origin)) === 503);
    const client = connect(server.wsUrl, member.token);
    cleanups.push(() => client.dispose());
    // Two clients that leave before the refusal comes: one completes its operation, one closes its socket.
    const leaving = connect(server.wsUrl, member.token);
    await Promise.all([connected(client), connected(leaving)]);
    const completed = subscribe(client, OutageTyping, { roomId: room });
    subscribe(leaving, OutageTyping, { roomId: room });
    await sleep(50);
    completed.stop();
    await leaving.dispose();
    const refused = subscribe(client, OutageMessages, { roomId: room });
    await refused.ended;
    expect(refused.errors).toEqual([
      {
        message: 'Live updates are temporarily unavailable; subscribe again shortly.',
        extensions: { code: 'SERVICE_UNAVAILABLE' },
      },
    ]);
    const overSse = await subscribeSse(server.url, member.token, OutageInbox, {});
    await overSse.ended;
    expect(overSse.events.map((event) => event.data?.errors?.[0]?.extensions?.code ?? event.event)).toEqual([
      'SERVICE_UNAVAILABLE',
      'complete',
    ]);

    // The process is still serving, and the same subscription works once Redis is back.
    await redis.restart();
    await waitUntil(async () => (await readyStatus(server.origin)) === 200);
    const live = subscribe(client, OutageMessages, { roomId: room, after: before.cursor });
    await sendMessage(server.url, owner, room, 'back');
    const events = await live.waitFor(1);
    expect(events.map((event) => event.messageAdded.body)).toEqual(['back']);
  }, 60_000);

  it('answers, refuses new subscriptions and turns unready when Redis stops answering without closing', async () => {
    const redis = await privateRedis();
    const server = await startServer({ env: { REDIS_URL: redis.url } });
    cleanups.push(() => server.stop());
    const owner = await signUpUser(server.url, 'fz');
    const room = await createGroup(server.url, owner, [], 'frozen redis');

    redis.signal('SIGSTOP');
    cleanups.push(() => void redis.signal('SIGCONT'));
    await waitUntil(async () => (await readyStatus(server.origin)) === 503);
    // Rate limits fail open and the event is dropped with a warning: the message is stored.
    const sent = await sendMessage(server.url, owner, room, 'while Redis is frozen');
    const history = expectData(await request(server.url, HistoryCount, { roomId: room }, { token: owner.token }));
    expect(history.room?.messages.edges.map((edge) => edge.node.id)).toContain(sent.id);
    const client = connect(server.wsUrl, owner.token);
    cleanups.push(() => client.dispose());
    const refused = subscribe(client, OutageMessages, { roomId: room });
    await refused.ended;
    expect(refused.errors?.map((error) => error.extensions?.code)).toEqual(['SERVICE_UNAVAILABLE']);

    redis.signal('SIGCONT');
    await waitUntil(async () => (await readyStatus(server.origin)) === 200);
    const live = subscribe(client, OutageMessages, { roomId: room, after: sent.cursor });
    const next = await sendMessage(server.url, owner, room, 'thawed');
    expect((await live.waitFor(1)).map((event) => event.messageAdded.id)).toEqual([next.id]);
  }, 60_000);

  it("closes a logged-out session's socket on the same instance while Redis is down", async () => {
    const redis = await privateRedis();
    const server = await startServer({ env: { REDIS_URL: redis.url } });
    cleanups.push(() => server.stop());
    const user = await signUpUser(server.url, 'lo');
    const client = connect(server.wsUrl, user.token);
    cleanups.push(() => client.dispose());
    await connected(client);

    redis.signal('SIGKILL');
    await waitUntil(async () => (await readyStatus(server.origin)) === 503);
    const closed = nextClose(client);
    expect(expectData(await request(server.url, LogOutDuringOutage, {}, { token: user.token })).logOut).toBe(true);
    expect(await Promise.race([closed, sleep(5_000).then(() => 'still open')])).toBe(4403);
  }, 60_000);

  it('takes a subscription during the outage on a room this instance follows, refuses one on a room it does not, and leaves no channel behind', async () => {
    const redis = await privateRedis();
    const server = await startServer({ env: { REDIS_URL: redis.url } });
    cleanups.push(() => server.stop());
    const [owner, loner] = await Promise.all([signUpUser(server.url, 'ho'), signUpUser(server.url, 'hl')]);
    const followed = await createGroup(server.url, owner, [], 'followed by the inbox');
    const unfollowed = await createGroup(server.url, loner, [], 'followed by nobody');
    // The inbox holds the room's hub (one channel for all the room's events).
    const inboxClient = connect(server.wsUrl, owner.token);
    const inbox = subscribe(inboxClient, OutageInboxEvents, {});
    // The inbox reports nothing when it is live: send until one of its events arrives.
    await waitUntil(async () => {
      await sendMessage(server.url, owner, followed, 'is the inbox live?');
      await sleep(200);
      return inbox.events.length > 0;
    });

    redis.signal('SIGKILL');
    await waitUntil(async () => (await readyStatus(server.origin)) === 503);
    const client = connect(server.wsUrl, owner.token);
    const lonerClient = connect(server.wsUrl, loner.token);
    cleanups.push(
      () => client.dispose(),
      () => lonerClient.dispose(),
    );
    const taken = subscribe(client, OutageTyping, { roomId: followed });
    const refused = subscribe(lonerClient, OutageTyping, { roomId: unfollowed });
    await refused.ended;
    expect(refused.errors?.map((error) => error.extensions?.code)).toEqual(['SERVICE_UNAVAILABLE']);
    await sleep(200);
    expect(taken.errors).toBeNull();
    expect(taken.completed).toBe(false);

    await redis.restart();
    await waitUntil(async () => (await readyStatus(server.origin)) === 200);
    const admin = new Redis(redis.url);
    cleanups.push(() => void admin.disconnect());
    const channels = (room: string) => admin.pubsub('CHANNELS', `*room:${rowId(room)}`) as Promise<string[]>;
    await waitUntil(async () => (await channels(followed)).length === 1);
    expect(await channels(unfollowed)).toEqual([]);
    // With the inbox and the typing subscription gone nothing listens on the room: unsubscribed.
    await inboxClient.dispose();
    taken.stop();
    await waitUntil(async () => (await channels(followed)).length === 0);
  }, 60_000);

  it('delivers the edits, deletions, typing and inbox events of the outage, in order, when Redis returns', async () => {
    const redis = await privateRedis();
    const log = new CapturedLog('warn');
    const server = await startServer({ env: { REDIS_URL: redis.url }, logger: log.logger });
    cleanups.push(() => server.stop());
    const [owner, member] = await Promise.all([signUpUser(server.url, 'eo'), signUpUser(server.url, 'em')]);
    await makeFriends(server.url, owner, member);
    const room = await createGroup(server.url, owner, [member], 'changes in the dark');
    const [kept, doomed] = [
      await sendMessage(server.url, owner, room, 'to edit'),
      await sendMessage(server.url, owner, room, 'to delete'),
    ];
    const client = connect(server.wsUrl, member.token);
    cleanups.push(() => client.dispose());
    const updated = subscribe(client, OutageUpdates, { roomId: room });
    const typing = subscribe(client, OutageTyping, { roomId: room });
    const inbox = subscribe(client, OutageInboxMessages, {});
    // Live once an edit arrives (the three share the room's hub, joined in the order subscribed).
    await waitUntil(async () => {
      await edit(server.url, owner, kept.id, 'probe');
      await sleep(200);
      return updated.events.length > 0;
    });
    await sleep(200);
    const seen = updated.events.length;

    redis.signal('SIGKILL');
    await waitUntil(async () => (await readyStatus(server.origin)) === 503);
    const dropped = queuedCommandsDropped(log);
    const during = await sendMessage(server.url, owner, room, 'sent in the dark');
    await edit(server.url, owner, kept.id, 'edited in the dark');
    expectData(await request(server.url, OutageDelete, { messageId: doomed.id }, { token: owner.token }));
    await dropped(); // their events are gone for good: only the hub's catch-up can bring them
    expectData(await request(server.url, OutageTypingSignal, { roomId: room }, { token: owner.token }));

    await redis.restart();
    await waitUntil(async () => (await readyStatus(server.origin)) === 200);
    const updates = (await updated.waitFor(seen + 2)).slice(seen);
    expect(
      updates.map(({ messageUpdated }) => [messageUpdated.id, messageUpdated.body, !!messageUpdated.deletedAt]),
    ).toEqual([
      [kept.id, 'edited in the dark', false],
      [doomed.id, '', true],
    ]);
    expect((await inbox.waitFor(1)).map(({ inbox }) => inbox.message?.id)).toContain(during.id);
    // The typing signal outlived the outage (5 s): kept by its instance and sent when Redis returned.
    expect((await typing.waitFor(1))[0]!.typing).toEqual({ typing: true, user: { id: owner.id } });
  }, 60_000);

  it('unsubscribes, once Redis is back, the channels of a subscription that ended during the outage', async () => {
    const redis = await privateRedis();
    const server = await startServer({ env: { REDIS_URL: redis.url } });
    cleanups.push(() => server.stop());
    const owner = await signUpUser(server.url, 'gone');
    const room = await createGroup(server.url, owner, [], 'ended in the dark');
    const client = connect(server.wsUrl, owner.token);
    cleanups.push(() => client.dispose());
    const live = subscribe(client, OutageMessages, { roomId: room, after: null });
    await waitUntil(async () => {
      await sendMessage(server.url, owner, room, 'is it live?');
      await sleep(200);
      return live.events.length > 0;
    });

    redis.signal('SIGKILL');
    await waitUntil(async () => (await readyStatus(server.origin)) === 503);
    // The subscription ends while its UNSUBSCRIBE cannot reach Redis.
    await client.dispose();
    await sleep(3_000);
    await redis.restart();
    await waitUntil(async () => (await readyStatus(server.origin)) === 200);
    const admin = new Redis(redis.url);
    cleanups.push(() => void admin.disconnect());
    // ioredis subscribed the connection's old channels again; nobody listens, so they go.
    await waitUntil(async () => (await admin.pubsub('CHANNELS', `*room:${rowId(room)}`)).length === 0);
  }, 60_000);

  it('tells an open inbox, once Redis is back, of the rooms it joined during the outage, and follows them', async () => {
    const redis = await privateRedis();
    const log = new CapturedLog('warn');
    const server = await startServer({ env: { REDIS_URL: redis.url }, logger: log.logger });
    cleanups.push(() => server.stop());
    const owner = await signUpUser(server.url, 'inboxed');
    const friend = await signUpUser(server.url, 'inviter');
    await makeFriends(server.url, owner, friend);
    const known = await createGroup(server.url, owner, [], 'known');
    const client = connect(server.wsUrl, owner.token);
    cleanups.push(() => client.dispose());
    const inbox = subscribe(client, OutageInboxEvents, {});
    await waitUntil(async () => {
      await sendMessage(server.url, owner, known, 'is the inbox live?');
      await sleep(200);
      return inbox.events.length > 0;
    });

    redis.signal('SIGKILL');
    await waitUntil(async () => (await readyStatus(server.origin)) === 503);
    // Added to a room while nobody could be told: its event is dropped for good.
    const dropped = queuedCommandsDropped(log);
    const joined = await createGroup(server.url, friend, [owner], 'joined in the dark');
    await dropped();
    await redis.restart();
    await waitUntil(async () => (await readyStatus(server.origin)) === 200);
    await waitUntil(async () => inbox.events.some((event) => event.inbox.kind === 'ROOM_ADDED'));
    const seen = inbox.events.length;
    await sendMessage(server.url, friend, joined, 'in the new room');
    await inbox.waitFor(seen + 1);
    expect(inbox.events.at(-1)?.inbox.kind).toBe('MESSAGE_ADDED');
  }, 60_000);

  // Two instances need a shared PostgreSQL: this runs in the suite's PostgreSQL pass.
  if (postgresUrl) {
    it('refuses, after the outage, a session revoked on another instance while Redis was down, and closes its sockets there', async () => {
      const redis = await privateRedis();
      const database = await createTestDatabase();
      cleanups.push(() => database.drop());
      const env = { REDIS_URL: redis.url };
      const logOfA = new CapturedLog('warn');
      const a = await startServer({ env, databaseUrl: database.url, keepDatabase: true, logger: logOfA.logger });
      cleanups.push(() => a.stop());
      const b = await startServer({ env, databaseUrl: database.url, keepDatabase: true });
      cleanups.push(() => b.stop());
      const user = await signUpUser(a.url, 'outaged');
      // B has just found the session live (what it may remember for a few seconds).
      expect(expectData(await request(b.url, WhoIsIt, {}, { token: user.token })).me?.id).toBe(user.id);
      const socketOnB = connect(b.wsUrl, user.token);
      cleanups.push(() => socketOnB.dispose());
      await connected(socketOnB);
      const closedOnB = nextClose(socketOnB);

      redis.signal('SIGKILL');
      await waitUntil(async () => (await readyStatus(b.origin)) === 503);
      // The revocation's event is lost: nobody is there to carry it to B.
      const dropped = queuedCommandsDropped(logOfA);
      expect(expectData(await request(a.url, LogOutDuringOutage, {}, { token: user.token })).logOut).toBe(true);
      await dropped();
      await redis.restart();
      await waitUntil(async () => (await readyStatus(b.origin)) === 200);

      const refused = await request(b.url, WhoIsIt, {}, { token: user.token });
      expect(refused.errors?.map((error) => error.extensions?.code)).toEqual(['UNAUTHENTICATED']);
      // B's socket of that session is closed once B is back on Redis, not when its token expires.
      expect(await Promise.race([closedOnB, sleep(10_000).then(() => 'still open')])).toBe(4403);
    }, 60_000);
  }
});

// Cutting PostgreSQL needs PostgreSQL: this runs in the suite's PostgreSQL pass.
if (postgresUrl) {
  describe('a PostgreSQL outage', () => {
    /** A TCP proxy to PostgreSQL that the test can cut, freeze and restore. */
    async function startProxy(listenPort: number, target: URL) {
      const sockets = new Set<Socket>();
      let server: NetServer | null = null;
      let frozen = false;
      const open = () =>
        new Promise<void>((resolve) => {
          server = createNetServer((client) => {
            const pg = createConnection(Number(target.port || 5432), target.hostname);
            for (const socket of [client, pg]) {
              sockets.add(socket);
              socket.on('close', () => sockets.delete(socket));
              socket.on('error', () => socket.destroy());
            }
            // Bytes are dropped while frozen: a peer that went silent, with no RST.
            client.on('data', (chunk) => void (frozen || pg.write(chunk)));
            pg.on('data', (chunk) => void (frozen || client.write(chunk)));
            client.on('end', () => pg.end());
            pg.on('end', () => client.end());
          });
          server.listen(listenPort, '127.0.0.1', resolve);
        });
      await open();
      return {
        async cut() {
          await new Promise((resolve) => server!.close(resolve));
          for (const socket of sockets) socket.destroy();
        },
        freeze() {
          frozen = true;
        },
        restore: open,
      };
    }

    /** A fresh database reached through a proxy the test controls; `url` goes through the proxy. */
    async function databaseBehindProxy() {
      const database = await createTestDatabase();
      cleanups.push(() => database.drop());
      const proxyPort = await freePort();
      const proxy = await startProxy(proxyPort, new URL(database.url));
      cleanups.push(() => proxy.cut());
      const url = new URL(database.url);
      url.host = `127.0.0.1:${proxyPort}`;
      return { proxy, url: url.toString() };
    }

    it('fails requests fast with SERVICE_UNAVAILABLE and recovers by itself', async () => {
      const { proxy, url: viaProxy } = await databaseBehindProxy();
      const server = await startServer({ databaseUrl: viaProxy });
      cleanups.push(() => server.stop());
      const [owner, member] = await Promise.all([signUpUser(server.url, 'po'), signUpUser(server.url, 'pm')]);
      await makeFriends(server.url, owner, member);
      const room = await createGroup(server.url, owner, [member], 'pg outage');
      // Signed up, never seen since: its first socket needs the database to check the session.
      const newcomer = await signUpUser(server.url, 'pn');

      await proxy.cut();
      const started = Date.now();
      const failed = await request(
        server.url,
        SendMessageMutation,
        { input: { roomId: room, body: 'lost?' } },
        { token: owner.token },
      );
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(failed.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
      expect(JSON.stringify(failed.errors)).not.toMatch(/ECONN|terminated|pg|stack/i);
      expect(await readyStatus(server.origin)).toBe(503);
      // Its token is fine: the socket is told to try again later (1013), not to sign in again (4403).
      const socket = connect(server.wsUrl, newcomer.token);
      cleanups.push(() => socket.dispose());
      expect(await nextClose(socket)).toBe(1013);

      await proxy.restore();
      await waitUntil(async () => (await readyStatus(server.origin)) === 200);
      const sent = await sendMessage(server.url, owner, room, 'after the outage');
      expect(sent.body).toBe('after the outage');
    }, 60_000);

    it('stops, without waiting for the statement timeout, while PostgreSQL is silent under a request in flight', async () => {
      const { proxy, url: viaProxy } = await databaseBehindProxy();
      // A stalled connection would be dropped only after 60 s + 5 s, past this test's timeout.
      const server = await startServer({ databaseUrl: viaProxy, env: { STATEMENT_TIMEOUT: '60s' } });
      const owner = await signUpUser(server.url, 'so');
      const room = await createGroup(server.url, owner, [], 'silent stop');

      proxy.freeze();
      const inFlight = request(
        server.url,
        SendMessageMutation,
        { input: { roomId: room, body: 'stuck' } },
        {
          token: owner.token,
        },
      ).catch((err: unknown) => err);
      await sleep(200);
      // The server's grace period for requests (5 s), then the pool's for its connections (2 s).
      await server.stop();
      await inFlight;
    }, 30_000);

    it('fails a request with SERVICE_UNAVAILABLE, not a hang, when PostgreSQL stops answering without closing', async () => {
      const { proxy, url: viaProxy } = await databaseBehindProxy();
      const server = await startServer({ databaseUrl: viaProxy, env: { STATEMENT_TIMEOUT: '1s' } });
      cleanups.push(() => server.stop());
      const [owner, member] = await Promise.all([signUpUser(server.url, 'fo'), signUpUser(server.url, 'fm')]);
      await makeFriends(server.url, owner, member);
      const room = await createGroup(server.url, owner, [member], 'silent pg');

      proxy.freeze();
      const failed = await request(
        server.url,
        SendMessageMutation,
        { input: { roomId: room, body: 'lost?' } },
        { token: owner.token },
      );
      // Dropped once checked out for the statement timeout plus a 5 s margin (swept every second).
      expect(failed.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
      expect(JSON.stringify(failed.errors)).not.toMatch(/ECONN|terminated|pg|stack/i);
    }, 60_000);
  });
}

describe('shutdown on SIGTERM', () => {
  it('turns unready, closes sockets with 1001, finishes in-flight mutations and exits 0 within 10 s', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'chat-shutdown-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const database = postgresUrl ? await createTestDatabase() : null;
    if (database) cleanups.push(() => database.drop());
    const port = await freePort();
    const origin = `http://127.0.0.1:${port}`;
    const env = {
      PATH: process.env.PATH,
      HOST: '127.0.0.1',
      PORT: String(port),
      JWT_SECRET: TEST_JWT_SECRET,
      DATABASE_URL: database ? database.url : `file://${dataDir}`,
      SHUTDOWN_DELAY_MS: '1000',
      LOG_LEVEL: 'warn',
      RATE_LIMITS: 'message=1000/1s,signUp=1000/1s',
    };
    const child = spawn(process.execPath, ['--import', 'tsx', path.resolve('src/main.ts')], { env, stdio: 'ignore' });
    cleanups.push(() => void child.kill('SIGKILL'));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await waitUntil(async () => (await readyStatus(origin)) === 200, 30_000);

    const url = `${origin}/graphql`;
    const [owner, member] = await Promise.all([signUpUser(url, 'so'), signUpUser(url, 'sm')]);
    await makeFriends(url, owner, member);
    const room = await createGroup(url, owner, [member], 'shutdown');
    const client = connect(`ws://127.0.0.1:${port}/graphql`, member.token);
    await connected(client);
    const socketClosed = nextClose(client);

    const signalledAt = Date.now();
    child.kill('SIGTERM');
    // Unready first, while requests are still served.
    await waitUntil(async () => (await readyStatus(origin)) === 503, 900);
    const inFlight = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        request(
          url,
          SendMessageMutation,
          { input: { roomId: room, body: `in flight ${i}` } },
          { token: owner.token },
        ).catch(() => null),
      ),
    );
    expect(await socketClosed).toBe(1001);
    expect(await exited).toBe(0);
    expect(Date.now() - signalledAt).toBeLessThan(10_000);

    // Every mutation that was answered is stored: check on a fresh server over the same database.
    const acknowledged = inFlight.flatMap((response) =>
      response?.data?.sendMessage ? [response.data.sendMessage.id] : [],
    );
    expect(acknowledged.length).toBe(10);
    const after = await startServer({
      databaseUrl: database ? database.url : undefined,
      env: database ? {} : { DATABASE_URL: `file://${dataDir}` },
    });
    try {
      const history = expectData(await request(after.url, HistoryCount, { roomId: room }, { token: owner.token }));
      const stored = history.room!.messages.edges.map((edge) => edge.node.id);
      for (const id of acknowledged) expect(stored).toContain(id);
    } finally {
      await after.stop();
    }
  }, 60_000);
});

// Prepared statements live on PostgreSQL connections: this runs in the suite's PostgreSQL pass.
if (postgresUrl) {
  describe('a migration under a running instance', () => {
    it('keeps serving when a release changes a column under a statement it had prepared', async () => {
      const database = await createTestDatabase();
      cleanups.push(() => database.drop());
      const log = new CapturedLog('warn');
      const server = await startServer({ databaseUrl: database.url, keepDatabase: true, logger: log.logger });
      cleanups.push(() => server.stop());
      const [owner, friend] = await Promise.all([
        signUpUser(server.url, 'deployer'),
        signUpUser(server.url, 'deployer'),
      ]);
      await makeFriends(server.url, owner, friend);
      const room = await createGroup(server.url, owner, [friend], 'deploys');
      // One at a time: the same pooled connection prepares the statements and reuses them.
      for (let i = 0; i < 5; i++) await sendMessage(server.url, owner, room, `before ${i}`);
      const readHistory = () => request(server.url, HistoryCount, { roomId: room }, { token: owner.token });
      for (let i = 0; i < 3; i++) expectData(await readHistory());

      // Statements name their columns, so an added column outdates none; a column whose type
      // changes does (the history statement reads the senders' display names).
      const admin = new pg.Client({ connectionString: database.url });
      await admin.connect();
      try {
        await admin.query('alter table messages add column added_by_a_later_release text');
        await admin.query('alter table users alter column display_name type varchar(1000)');
      } finally {
        await admin.end();
      }

      for (let i = 0; i < 5; i++) await sendMessage(server.url, owner, room, `after ${i}`);
      const history = expectData(await readHistory());
      expect(history.room!.messages.edges).toHaveLength(10);
      // Two prepared statements read display_name (the history page and the senders' loader): each met
      // its plan outdated once and was prepared again, not retried unprepared from then on.
      const outdated = () => log.count('prepared statement outdated by a schema change; preparing it again');
      expect(outdated()).toBe(2);
      await sendMessage(server.url, owner, room, 'later');
      expectData(await readHistory());
      expect(outdated()).toBe(2);
    });
  });
}
