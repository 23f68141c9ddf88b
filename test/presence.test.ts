import { spawn } from 'node:child_process';
import path from 'node:path';
import type { Client } from 'graphql-ws';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './gql/index.js';
import { expectData, request } from './helpers/client.js';
import { createGroup } from './helpers/chat.js';
import { createTestDatabase, postgresUrl } from './helpers/database.js';
import { startServer, TEST_JWT_SECRET, type TestServer } from './helpers/server.js';
import { makeFriends } from './helpers/social.js';
import { signUpUser, type TestUser } from './helpers/users.js';
import { connect, connected, sleep, subscribe, type Subscription } from './helpers/ws.js';
import { MAX_SUBSCRIPTIONS_PER_USER_AND_ROOM } from '../src/realtime/subscription-quota.js';

/**
 * Presence through the public interface: a user is online while they hold a graphql-ws socket on
 * any instance; friends and members of a group room together see it (User.presence and the
 * `presence` subscription), strangers and either side of a block never do.
 */

const PresenceOfUser = graphql(`
  query PresenceOfUser($username: String!) {
    user(username: $username) {
      id
      presence {
        online
        lastSeenAt
      }
    }
  }
`);

const PresenceOfMembers = graphql(`
  query PresenceOfMembers($roomId: ID!) {
    room(id: $roomId) {
      members {
        id
        presence {
          online
          lastSeenAt
        }
      }
    }
  }
`);

const PresenceOfFriends = graphql(`
  query PresenceOfFriends {
    friends(first: 50) {
      edges {
        node {
          id
          presence {
            online
          }
        }
      }
    }
  }
`);

const PresenceChanges = graphql(`
  subscription PresenceChanges {
    presence {
      user {
        id
        username
      }
      presence {
        online
        lastSeenAt
      }
    }
  }
`);

const PresenceBlockUser = graphql(`
  mutation PresenceBlockUser($userId: ID!) {
    blockUser(userId: $userId) {
      id
    }
  }
`);

type Heard = Subscription<{
  presence: { user: { id: string }; presence: { online: boolean; lastSeenAt: string | null } };
}>;

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function started(options: Parameters<typeof startServer>[0] = {}): Promise<TestServer> {
  const server = await startServer(options);
  cleanups.push(() => server.stop());
  return server;
}

/** Signs up one user per name (the name starts their username). */
async function people<const N extends string>(server: { url: string }, ...names: N[]): Promise<Record<N, TestUser>> {
  const signedUp = await Promise.all(names.map((name) => signUpUser(server.url, name)));
  return Object.fromEntries(names.map((name, i) => [name, signedUp[i]!])) as Record<N, TestUser>;
}

/** A socket of `user`, acknowledged: the user is online (once the server has counted it). */
async function online(wsUrl: string, user: TestUser): Promise<Client> {
  const client = connect(wsUrl, user.token);
  cleanups.push(() => client.dispose());
  await connected(client);
  return client;
}

async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await sleep(25);
  }
}

/** `viewer`'s view of `user`'s presence, through user(username:). */
async function presenceOf(server: { url: string }, viewer: TestUser, user: TestUser) {
  const { user: found } = expectData(
    await request(server.url, PresenceOfUser, { username: user.username }, { token: viewer.token }),
  );
  return found?.presence;
}

/** `viewer`'s view of each member's presence in a room, by user id. */
async function membersPresence(server: { url: string }, viewer: TestUser, roomId: string) {
  const { room } = expectData(await request(server.url, PresenceOfMembers, { roomId }, { token: viewer.token }));
  return new Map(room!.members.map((member) => [member.id, member.presence]));
}

/** What `heard` received about `user`: online flags in order. */
const changesOf = (heard: Heard, user: TestUser) =>
  heard.events.filter((event) => event.presence.user.id === user.id).map((event) => event.presence.presence.online);

/** Waits until `heard` received a change of `user` to `isOnline`, and returns its presence. */
async function hear(heard: Heard, user: TestUser, isOnline: boolean, timeoutMs = 15_000) {
  const match = () =>
    heard.events.find((event) => event.presence.user.id === user.id && event.presence.presence.online === isOnline);
  await waitUntil(() => match() !== undefined || heard.errors !== null, timeoutMs);
  expect(heard.errors).toBeNull();
  return match()!.presence.presence;
}

/**
 * Subscribes `viewer` to presence on `server` (over a socket of its own, returned as `client`);
 * resolves once the subscription is live, that is once it heard `probe` (a friend of `viewer`,
 * offline) come online on `probeServer`. The probe is offline again when it resolves. Nothing tells
 * a client that a subscription without an initial event is live.
 */
async function liveSubscription(
  server: TestServer,
  viewer: TestUser,
  probe: TestUser,
  probeServer: { url: string; wsUrl: string } = server,
): Promise<Heard & { client: Client }> {
  const client = await online(server.wsUrl, viewer);
  const heard = subscribe(client, PresenceChanges, {});
  cleanups.push(heard.stop);
  for (let attempt = 0; attempt < 40; attempt++) {
    const probeClient = await online(probeServer.wsUrl, probe);
    const live = await hear(heard, probe, true, 500).then(
      () => true,
      () => false,
    );
    await probeClient.dispose();
    await waitUntil(async () => (await presenceOf(server, viewer, probe))?.online === false);
    if (live) return Object.assign(heard, { client });
  }
  throw new Error('the presence subscription never became live');
}

describe('presence on one instance', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('shows a friend online, then offline with lastSeenAt, by query and by subscription', async () => {
    const { alice, bob, probe } = await people(server, 'alice', 'bob', 'probe');
    await makeFriends(server.url, alice, bob);
    await makeFriends(server.url, bob, probe);
    // Never connected: offline, and no time to show.
    expect(await presenceOf(server, bob, alice)).toEqual({ online: false, lastSeenAt: null });
    const bobHears = await liveSubscription(server, bob, probe);

    const aliceSocket = await online(server.wsUrl, alice);
    expect(await hear(bobHears, alice, true)).toEqual({ online: true, lastSeenAt: null });
    expect(await presenceOf(server, bob, alice)).toEqual({ online: true, lastSeenAt: null });
    // Her own presence, and through a list of friends (one batch for the whole list).
    expect(await presenceOf(server, alice, alice)).toEqual({ online: true, lastSeenAt: null });
    const { friends } = expectData(await request(server.url, PresenceOfFriends, {}, { token: bob.token }));
    const listed = new Map(friends.edges.map(({ node }) => [node.id, node.presence?.online]));
    expect(listed).toEqual(
      new Map([
        [alice.id, true],
        [probe.id, false],
      ]),
    );

    const before = Date.now();
    await aliceSocket.dispose();
    const offline = await hear(bobHears, alice, false);
    expect(offline.online).toBe(false);
    expect(new Date(offline.lastSeenAt!).getTime()).toBeGreaterThanOrEqual(before - 1_000);
    expect(await presenceOf(server, bob, alice)).toEqual(offline);
    expect(changesOf(bobHears, alice)).toEqual([true, false]);
  });

  it('shows nothing to a stranger: null by query, no events', async () => {
    const { alice, carol, probe } = await people(server, 'alice', 'carol', 'probe');
    await makeFriends(server.url, carol, probe);
    const carolHears = await liveSubscription(server, carol, probe);
    const aliceSocket = await online(server.wsUrl, alice);
    await waitUntil(async () => (await presenceOf(server, alice, alice))?.online === true);
    expect(await presenceOf(server, carol, alice)).toBeNull();
    await aliceSocket.dispose();
    await waitUntil(async () => (await presenceOf(server, alice, alice))?.online === false);
    expect(await presenceOf(server, carol, alice)).toBeNull();
    await sleep(200); // had one been sent, it would have arrived by now
    expect(changesOf(carolHears, alice)).toEqual([]);
  });

  it('shows members of a group room to each other, without being friends', async () => {
    const { alice, bob, carol, probe } = await people(server, 'alice', 'bob', 'carol', 'probe');
    await makeFriends(server.url, alice, bob);
    await makeFriends(server.url, alice, carol);
    await makeFriends(server.url, carol, probe);
    const roomId = await createGroup(server.url, alice, [bob, carol], 'mates');
    const carolHears = await liveSubscription(server, carol, probe);

    const bobSocket = await online(server.wsUrl, bob);
    expect(await hear(carolHears, bob, true)).toEqual({ online: true, lastSeenAt: null });
    const seen = await membersPresence(server, carol, roomId);
    expect(seen.get(bob.id)).toEqual({ online: true, lastSeenAt: null });
    expect(seen.get(alice.id)).toEqual({ online: false, lastSeenAt: null });
    expect(seen.get(carol.id)?.online).toBe(true);
    expect((await membersPresence(server, bob, roomId)).get(carol.id)?.online).toBe(true);

    await bobSocket.dispose();
    const offline = await hear(carolHears, bob, false);
    expect((await membersPresence(server, carol, roomId)).get(bob.id)).toEqual(offline);
  });

  it('shows nothing across a block, either way, even to members of one room', async () => {
    const { alice, bob, carol, probe } = await people(server, 'alice', 'bob', 'carol', 'probe');
    await makeFriends(server.url, alice, bob);
    await makeFriends(server.url, alice, carol);
    await makeFriends(server.url, alice, probe);
    await makeFriends(server.url, bob, probe);
    await makeFriends(server.url, carol, probe);
    const roomId = await createGroup(server.url, alice, [bob, carol], 'blocked');
    expectData(await request(server.url, PresenceBlockUser, { userId: carol.id }, { token: bob.token }));
    // Alice sees both: the changes below are published, just not to them.
    const aliceHears = await liveSubscription(server, alice, probe);
    const bobHears = await liveSubscription(server, bob, probe);
    await hear(aliceHears, bob, true);
    // Carol comes online while Bob listens (the blocker), with her own subscription's socket.
    const carolHears = await liveSubscription(server, carol, probe);
    await hear(aliceHears, carol, true);

    expect((await membersPresence(server, bob, roomId)).get(carol.id)).toBeNull();
    expect((await membersPresence(server, carol, roomId)).get(bob.id)).toBeNull();
    expect((await presenceOf(server, bob, carol)) ?? null).toBeNull();
    expect((await membersPresence(server, alice, roomId)).get(carol.id)?.online).toBe(true);

    // Bob goes offline while Carol (the blocked) listens.
    await bobHears.client.dispose();
    await hear(aliceHears, bob, false);
    await sleep(200);
    expect(changesOf(bobHears, carol)).toEqual([]);
    expect(changesOf(carolHears, bob)).toEqual([]);
  });

  it('announces nothing for a second socket, nor when one of two closes', async () => {
    const { alice, bob, probe } = await people(server, 'alice', 'bob', 'probe');
    await makeFriends(server.url, alice, bob);
    await makeFriends(server.url, bob, probe);
    const bobHears = await liveSubscription(server, bob, probe);

    const first = await online(server.wsUrl, alice);
    await hear(bobHears, alice, true);
    const second = await online(server.wsUrl, alice);
    await first.dispose();
    await sleep(300);
    expect(await presenceOf(server, bob, alice)).toEqual({ online: true, lastSeenAt: null });
    expect(changesOf(bobHears, alice)).toEqual([true]);
    await second.dispose();
    await hear(bobHears, alice, false);
    await sleep(200);
    expect(changesOf(bobHears, alice)).toEqual([true, false]);
  });

  it('releases a subscription however it ends, and counts every socket out', async () => {
    const { alice } = await people(server, 'alice');
    const { presence, subscriptionQuota } = server.app.deps;
    // What the tests before this one held is released (they ended with their sockets).
    await waitUntil(() => presence.fanout.size() === 0 && presence.socketCount() === 0);
    const client = await online(server.wsUrl, alice);
    const subscriptions = Array.from({ length: MAX_SUBSCRIPTIONS_PER_USER_AND_ROOM + 1 }, () =>
      subscribe(client, PresenceChanges, {}),
    );
    await waitUntil(() => subscriptions.some((subscription) => subscription.errors !== null));
    const refused = subscriptions.filter((subscription) => subscription.errors !== null);
    expect(refused.map((subscription) => subscription.errors?.[0]?.extensions?.code)).toEqual(['RATE_LIMITED']);
    await waitUntil(() => presence.fanout.size() === MAX_SUBSCRIPTIONS_PER_USER_AND_ROOM);
    expect(subscriptionQuota.size()).toBe(MAX_SUBSCRIPTIONS_PER_USER_AND_ROOM);

    subscriptions[0]!.stop(); // completed by the client
    await waitUntil(() => presence.fanout.size() === MAX_SUBSCRIPTIONS_PER_USER_AND_ROOM - 1);
    expect(presence.socketCount()).toBe(1);
    await client.dispose(); // the rest end with their socket
    await waitUntil(() => presence.fanout.size() === 0 && subscriptionQuota.size() === 0);
    await waitUntil(() => presence.socketCount() === 0);
  });
});

// Instances share presence through Redis, and users only through PostgreSQL.
describe.runIf(process.env.REDIS_URL && postgresUrl)('presence across instances', () => {
  /** Two instances of one deployment (one database, so one Redis prefix), heartbeats of `ttl`. */
  async function twoInstances(ttl: string) {
    const database = await createTestDatabase();
    cleanups.push(() => database.drop());
    const env = { PRESENCE_TTL: ttl };
    const options = { databaseUrl: database.url, keepDatabase: true, defaultRedisPrefix: true, env };
    return { database, first: await started(options), second: await started(options) };
  }

  it('shows a user online on one instance to a friend on another, offline once no instance holds them', async () => {
    const { first, second } = await twoInstances('30s');
    const { alice, bob, probe } = await people(first, 'alice', 'bob', 'probe');
    await makeFriends(first.url, alice, bob);
    await makeFriends(first.url, bob, probe);
    // Live once a change on the first instance reached the second.
    const bobHears = await liveSubscription(second, bob, probe, first);

    const onFirst = await online(first.wsUrl, alice);
    await hear(bobHears, alice, true);
    expect(await presenceOf(second, bob, alice)).toEqual({ online: true, lastSeenAt: null });
    const onSecond = await online(second.wsUrl, alice);
    await onFirst.dispose();
    await sleep(300);
    expect(await presenceOf(second, bob, alice)).toEqual({ online: true, lastSeenAt: null });
    await onSecond.dispose();
    const offline = await hear(bobHears, alice, false);
    expect(await presenceOf(first, bob, alice)).toEqual(offline);
    expect(changesOf(bobHears, alice)).toEqual([true, false]);
  });

  it('takes the users of an instance killed without stopping offline within the TTL', async () => {
    const { database, first } = await twoInstances('3s');
    const { alice, bob, probe } = await people(first, 'alice', 'bob', 'probe');
    await makeFriends(first.url, alice, bob);
    await makeFriends(first.url, bob, probe);
    const victim = startProcess({
      DATABASE_URL: database.url,
      REDIS_URL: process.env.REDIS_URL!,
      PRESENCE_TTL: '3s',
    });
    const victimUrl = await victim.listening;
    const victimWs = victimUrl.replace(/^http/, 'ws');
    const bobHears = await liveSubscription(first, bob, probe, { url: victimUrl, wsUrl: victimWs });

    await online(victimWs, alice);
    await hear(bobHears, alice, true);
    const killedAt = Date.now();
    victim.child.kill('SIGKILL');
    const offline = await hear(bobHears, alice, false, 30_000);
    // The heartbeat lapses after 3 s, and a sweep runs every second.
    expect(Date.now() - killedAt).toBeLessThan(10_000);
    expect(await presenceOf(first, bob, alice)).toEqual(offline);
    expect(new Date(offline.lastSeenAt!).getTime()).toBeGreaterThanOrEqual(killedAt);
  }, 90_000);
});

/** `node src/main.ts` in a process of its own, as `npm start` runs it, to kill. */
function startProcess(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', path.resolve('src/main.ts')], {
    env: {
      PATH: process.env.PATH,
      HOST: '127.0.0.1',
      PORT: '0',
      JWT_SECRET: TEST_JWT_SECRET,
      LOG_LEVEL: 'info',
      ...env,
    },
  });
  cleanups.push(() => void child.kill('SIGKILL'));
  let output = '';
  const listening = new Promise<string>((resolve, reject) => {
    // Read to the end: a pipe nobody reads would stall the process once full.
    const onData = (chunk: Buffer) => {
      output += chunk;
      const url = /"url":"(http:\/\/[^"]+)","msg":"server listening"/.exec(output)?.[1];
      if (url) resolve(url);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`exited with ${code} before listening:\n${output}`)));
  });
  listening.catch(() => {});
  return { child, listening };
}
