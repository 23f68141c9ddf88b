import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { parse } from 'graphql';
import type { Client } from 'graphql-ws';
import { Cluster } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { decodeGlobalId } from '../src/graphql/global-id.js';
import { keySlot } from '../src/platform/broker/key-slot.js';
import { createGroup, sendMessage } from './helpers/chat.js';
import { expectData, expectError, request } from './helpers/client.js';
import { createTestDatabase, postgresUrl, type TestDatabase } from './helpers/database.js';
import { startRedisCluster, type ClusterNode, type TestRedisCluster } from './helpers/redis-cluster.js';
import { GENEROUS_RATE_LIMITS, startServer, type TestServer } from './helpers/server.js';
import { makeFriends } from './helpers/social.js';
import { signUpUser, type TestUser } from './helpers/users.js';
import { connect, connected, nextClose, sleep, subscribe } from './helpers/ws.js';

/**
 * Two instances on a three-master Redis Cluster of their own (REDIS_CLUSTER_NODES, no REDIS_URL),
 * sharing one PostgreSQL database: room events on sharded pub/sub, revocations, rate limits and
 * presence across instances, and delivery resuming after a master restarts. Documents are parsed
 * here rather than generated (test/gql): they are this file's alone.
 */

function document<TData, TVariables>(source: string): TypedDocumentNode<TData, TVariables> {
  return parse(source) as TypedDocumentNode<TData, TVariables>;
}

const ClusterMessages = document<{ messageAdded: { id: string; body: string } }, { roomId: string; after?: string }>(`
  subscription ClusterMessages($roomId: ID!, $after: String) {
    messageAdded(roomId: $roomId, after: $after) { id body }
  }
`);
const ClusterLogOut = document<{ logOut: boolean }, Record<string, never>>(`mutation ClusterLogOut { logOut }`);
const ClusterLogIn = document<{ logIn: { accessToken: string } }, { input: { username: string; password: string } }>(`
  mutation ClusterLogIn($input: LogInInput!) { logIn(input: $input) { accessToken } }
`);
const ClusterSessions = document<{ sessions: Array<{ id: string; current: boolean }> }, Record<string, never>>(`
  query ClusterSessions { sessions { id current } }
`);
const ClusterRevoke = document<{ revokeSession: boolean }, { sessionId: string }>(`
  mutation ClusterRevoke($sessionId: ID!) { revokeSession(sessionId: $sessionId) }
`);
const ClusterFriendRequest = document<{ sendFriendRequest: { id: string } }, { userId: string }>(`
  mutation ClusterFriendRequest($userId: ID!) { sendFriendRequest(userId: $userId) { id } }
`);
const ClusterPresence = document<{ user: { presence: { online: boolean } | null } | null }, { username: string }>(`
  query ClusterPresence($username: String!) { user(username: $username) { presence { online } } }
`);

/**
 * Two instances (`first`, `second`) of one deployment on a Redis Cluster of their own, started
 * before the describe's tests and stopped after them, with what the tests ask of them.
 */
function useClusterDeployment(options: Parameters<typeof startRedisCluster>[0]) {
  const d = {
    cluster: undefined as unknown as TestRedisCluster,
    admin: undefined as unknown as Cluster,
    database: undefined as TestDatabase | undefined,
    first: undefined as unknown as TestServer,
    second: undefined as unknown as TestServer,
    cleanups: [] as Array<() => unknown>,

    client(server: TestServer, user: TestUser): Client {
      const socket = connect(server.wsUrl, user.token);
      d.cleanups.push(() => socket.dispose());
      return socket;
    },

    /** Owner and member, friends, in a group room with one message; the member listens on `second`. */
    async roomHeardOnSecond(label: string) {
      const owner = await signUpUser(d.first.url, `${label}o`);
      const member = await signUpUser(d.first.url, `${label}m`);
      await makeFriends(d.first.url, owner, member);
      const roomId = await createGroup(d.first.url, owner, [member], label);
      const seed = await sendMessage(d.first.url, owner, roomId, 'seed');
      const heard = subscribe(d.client(d.second, member), ClusterMessages, { roomId, after: seed.cursor });
      d.cleanups.push(heard.stop);
      // Live once a message sent through `first` arrives: it can only have come by the cluster.
      await sendMessage(d.first.url, owner, roomId, 'live');
      await heard.waitFor(1);
      return { owner, member, roomId, heard };
    },

    /** A room's channel: `<prefix>room:<row id>`. */
    roomChannel: (roomId: string) => `${prefixOf(d.first)}room:${decodeGlobalId(roomId).id}`,

    /** Every shard channel of this deployment, by the running node it is subscribed on. */
    async shardChannels(): Promise<Map<ClusterNode, string[]>> {
      const byNode = new Map<ClusterNode, string[]>();
      for (const node of d.cluster.nodes.filter((running) => running.process)) {
        const admin = d.cluster.admin(node);
        byNode.set(node, (await admin.call('PUBSUB', 'SHARDCHANNELS', `${prefixOf(d.first)}*`)) as string[]);
      }
      return byNode;
    },

    /** The master owning `slot`, by CLUSTER SLOTS as a running node sees it. */
    async ownerOf(slot: number): Promise<ClusterNode> {
      const running = d.cluster.nodes.find((node) => node.process)!;
      type Range = [number, number, [string, number]];
      const ranges = (await d.cluster.admin(running).call('CLUSTER', 'SLOTS')) as Range[];
      const port = ranges.find(([from, to]) => slot >= from && slot <= to)![2][1];
      return d.cluster.nodes.find((node) => node.port === port)!;
    },

    /** SPUBLISH calls so far, by node. */
    async spublishCalls(): Promise<Map<ClusterNode, number>> {
      const calls = new Map<ClusterNode, number>();
      for (const node of d.cluster.nodes) {
        calls.set(node, commandCalls(await d.cluster.admin(node).info('commandstats'), 'spublish'));
      }
      return calls;
    },
  };

  beforeAll(async () => {
    d.cluster = await startRedisCluster(options);
    d.admin = new Cluster(d.cluster.nodes.map(({ host, port }) => ({ host, port })));
    d.admin.on('error', () => {}); // a node killed by a test: the commands that fail tell
    d.database = await createTestDatabase();
    const env = {
      REDIS_CLUSTER_NODES: d.cluster.nodesEnv,
      // Two friend requests an hour per user: enough for makeFriends, few enough to reach.
      RATE_LIMITS: `${GENEROUS_RATE_LIMITS},friendRequest=2/1h`,
    };
    const server = { databaseUrl: d.database.url, keepDatabase: true, withoutRedisUrl: true, env };
    d.first = await startServer(server);
    d.second = await startServer(server);
  }, 60_000);

  afterAll(async () => {
    await d.second?.stop();
    await d.first?.stop();
    await d.database?.drop();
    d.admin?.disconnect();
    await d.cluster?.stop();
  });

  afterEach(async () => {
    for (const cleanup of d.cleanups.splice(0).reverse()) await cleanup();
  });

  return d;
}

// The suite's PostgreSQL + Redis pass (.ci/run): there the cluster must start, or this fails.
const realServices = Boolean(postgresUrl && process.env.REDIS_URL);

describe.runIf(realServices)('two instances on a Redis Cluster of three masters', () => {
  const d = useClusterDeployment({ masters: 3 });

  it('delivers messages across instances, and resumes from `after`', async () => {
    const { owner, member, roomId, heard } = await d.roomHeardOnSecond('cross');
    const two = await sendMessage(d.first.url, owner, roomId, 'two');
    await sendMessage(d.second.url, owner, roomId, 'three');
    await heard.waitFor(3);
    expect(heard.events.map((event) => event.messageAdded.body)).toEqual(['live', 'two', 'three']);

    // A subscriber coming back on the other instance replays what followed its cursor, then goes live.
    const resumed = subscribe(d.client(d.first, member), ClusterMessages, { roomId, after: two.cursor });
    d.cleanups.push(resumed.stop);
    await resumed.waitFor(1);
    await sendMessage(d.second.url, owner, roomId, 'four');
    const bodies = (await resumed.waitFor(2)).map((event) => event.messageAdded.body);
    expect(bodies).toEqual(['three', 'four']);
  });

  it("subscribes and publishes a room's events on the one shard that owns its channel", async () => {
    const { owner, roomId } = await d.roomHeardOnSecond('shard');
    const channel = d.roomChannel(roomId);
    const owning = await d.ownerOf(keySlot(channel));
    const byNode = await d.shardChannels();
    for (const [node, channels] of byNode) expect(channels.includes(channel)).toBe(node === owning);
    // Every channel of the deployment (sessions, presence, inboxes too) is on its slot's owner only.
    for (const [node, channels] of byNode) {
      for (const other of channels) expect(await d.ownerOf(keySlot(other))).toBe(node);
    }

    const before = await d.spublishCalls();
    await sendMessage(d.first.url, owner, roomId, 'counted');
    const after = await d.spublishCalls();
    for (const node of d.cluster.nodes) {
      // Published to the owner alone, by SPUBLISH: no plain PUBLISH, which every node would forward.
      expect(after.get(node)! - before.get(node)!).toBe(node === owning ? 1 : 0);
      expect(commandCalls(await d.cluster.admin(node).info('commandstats'), 'publish')).toBe(0);
      expect(await d.cluster.admin(node).call('PUBSUB', 'CHANNELS', `${prefixOf(d.first)}*`)).toEqual([]);
    }
  });

  it('closes the socket on one instance when its session logs out through the other', async () => {
    const user = await signUpUser(d.first.url, 'logout');
    const socket = d.client(d.second, user);
    await connected(socket);
    const closed = nextClose(socket);
    expectData(await request(d.first.url, ClusterLogOut, {}, { token: user.token }));
    expect(await closed).toBe(4403);
  });

  it('closes the socket on one instance when its session is revoked through the other', async () => {
    const user = await signUpUser(d.first.url, 'revoked');
    const { logIn } = expectData(
      await request(d.first.url, ClusterLogIn, { input: { username: user.username, password: user.password } }),
    );
    const socket = d.client(d.second, user);
    await connected(socket);
    const closed = nextClose(socket);
    const { sessions } = expectData(await request(d.first.url, ClusterSessions, {}, { token: logIn.accessToken }));
    const signedUp = sessions.find((session) => !session.current)!;
    expectData(await request(d.first.url, ClusterRevoke, { sessionId: signedUp.id }, { token: logIn.accessToken }));
    expect(await closed).toBe(4403);
  });

  it('counts rate limits across instances', async () => {
    const [asker, a, b, c] = await Promise.all(
      ['asker', 'ra', 'rb', 'rc'].map((name) => signUpUser(d.first.url, name)),
    );
    const ask = (server: TestServer, to: TestUser) =>
      request(server.url, ClusterFriendRequest, { userId: to.id }, { token: asker!.token });
    expectData(await ask(d.first, a!));
    expectData(await ask(d.second, b!));
    // A third within the hour, on either instance: each alone has counted one.
    expectError(await ask(d.first, c!), 'RATE_LIMITED');
    expectError(await ask(d.second, c!), 'RATE_LIMITED');
  });

  it('shows presence across instances, with every presence key on one slot', async () => {
    const alice = await signUpUser(d.first.url, 'alice');
    const bob = await signUpUser(d.first.url, 'bob');
    await makeFriends(d.first.url, alice, bob);
    const online = async (server: TestServer) => {
      const { user } = expectData(
        await request(server.url, ClusterPresence, { username: alice.username }, { token: bob.token }),
      );
      return user?.presence?.online;
    };
    const socket = d.client(d.first, alice);
    await connected(socket);
    await until(async () => (await online(d.second)) === true);
    await socket.dispose();
    await until(async () => (await online(d.second)) === false);

    // Both instances registered under the deployment's presence hash tag.
    const instances = await d.admin.smembers(`{${prefixOf(d.first)}presence}:instances`);
    expect(instances).toHaveLength(2);
  });

  it('resumes delivery when the master owning a room restarts', async () => {
    const { owner, roomId, heard } = await d.roomHeardOnSecond('restart');
    const victim = await d.ownerOf(keySlot(d.roomChannel(roomId)));

    await d.cluster.kill(victim);
    const downAt = Date.now();
    // Stored while the shard is away: the subscriber catches up from the database once it is back.
    await sendMessage(d.first.url, owner, roomId, 'while down');
    await sleep(1_500); // past cluster-node-timeout: the other masters take it for failed
    await d.cluster.start(victim);
    await sendMessage(d.first.url, owner, roomId, 'after restart');
    const events = await heard.waitFor(3, 30_000);
    expect(events.map((event) => event.messageAdded.body)).toEqual(['live', 'while down', 'after restart']);
    expect(Date.now() - downAt).toBeLessThan(30_000);
    // Subscribed again on the restarted master, and only there.
    const byNode = await d.shardChannels();
    for (const [node, channels] of byNode) expect(channels.includes(d.roomChannel(roomId))).toBe(node === victim);
  }, 60_000);
});

describe.runIf(realServices)('two instances on a Redis Cluster whose master fails over to its replica', () => {
  const d = useClusterDeployment({ masters: 3, replicas: 1 });

  it('moves the room channel to the promoted replica and resumes delivery', async () => {
    const { owner, roomId, heard } = await d.roomHeardOnSecond('failover');
    const victim = await d.ownerOf(keySlot(d.roomChannel(roomId)));

    await d.cluster.kill(victim);
    const downAt = Date.now();
    await sendMessage(d.first.url, owner, roomId, 'while failing over');
    // A replica takes the slots over after cluster-node-timeout (1 s) and an election.
    const slot = keySlot(d.roomChannel(roomId));
    await until(async () => (await d.ownerOf(slot)) !== victim, 20_000);
    const promoted = await d.ownerOf(slot);
    await sendMessage(d.first.url, owner, roomId, 'after failover');
    const events = await heard.waitFor(3, 30_000);
    expect(events.map((event) => event.messageAdded.body)).toEqual(['live', 'while failing over', 'after failover']);
    expect(Date.now() - downAt).toBeLessThan(30_000);
    // Subscribed on the new master, and only there.
    const byNode = await d.shardChannels();
    for (const [node, channels] of byNode) {
      expect(channels.includes(d.roomChannel(roomId))).toBe(node === promoted);
    }
  }, 60_000);
});

/** The Redis prefix the test servers get (test/helpers/server.ts): their database's name. */
function prefixOf(server: TestServer): string {
  return `${new URL(server.databaseUrl).pathname.slice(1)}:`;
}

/** `calls` of one command in INFO commandstats (0 when never called). */
function commandCalls(info: string, command: string): number {
  return Number(new RegExp(`^cmdstat_${command}:calls=(\\d+)`, 'm').exec(info)?.[1] ?? 0);
}

async function until(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not so within ${timeoutMs} ms`);
    await sleep(100);
  }
}
