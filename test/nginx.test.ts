import { createServer as createNetServer, type Server as NetServer } from 'node:net';
import { print } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './gql/index.js';
import { expectData, request } from './helpers/client.js';
import { createGroup, sendMessage, SendMessageMutation } from './helpers/chat.js';
import { createTestDatabase, postgresUrl, type TestDatabase } from './helpers/database.js';
import { startNginx, type AccessLogEntry, type Nginx } from './helpers/nginx.js';
import { startServer, type TestServer } from './helpers/server.js';
import { makeFriends } from './helpers/social.js';
import { signUpUser, type TestUser } from './helpers/users.js';
import { sleep } from './helpers/ws.js';

const NginxMessageAdded = graphql(`
  subscription NginxMessageAdded($roomId: ID!, $after: String) {
    messageAdded(roomId: $roomId, after: $after) {
      id
      cursor
    }
  }
`);

const NginxRoomHistory = graphql(`
  query NginxRoomHistory($roomId: ID!, $after: String) {
    room(id: $roomId) {
      messages(first: 100, after: $after) {
        edges {
          node {
            id
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
`);

/** Distinct free loopback ports, for servers that must come back on the same address. */
async function freePorts(count: number): Promise<number[]> {
  const probes: NetServer[] = Array.from({ length: count }, () => createNetServer());
  await Promise.all(probes.map((probe) => new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))));
  const ports = probes.map((probe) => (probe.address() as { port: number }).port);
  await Promise.all(probes.map((probe) => new Promise((resolve) => probe.close(resolve))));
  return ports;
}

async function waitUntil(check: () => boolean, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await sleep(50);
  }
}

/** The instance that finally answered a logged request (nginx lists every one it tried). */
const lastUpstream = (entry: AccessLogEntry) => entry.upstream.split(', ').at(-1);

interface Follower {
  /** Message ids in the order they arrived, over every socket. */
  received: string[];
  /** Sockets that closed under it (each followed by a new subscription from the last cursor). */
  reconnects: number;
  /** GraphQL errors the subscription ended with, if any (for the failure message). */
  errors: string[];
  stop(): Promise<void>;
}

/**
 * Follows a room through nginx as a client would: when its socket closes (an instance stopping
 * closes with 1001), it subscribes again on a new socket with `after` = the last cursor it got.
 */
function followRoom(wsUrl: string, user: TestUser, roomId: string, after: string): Follower {
  let last = after;
  let stopped = false;
  let client: Client | undefined;
  const follower: Follower = {
    received: [],
    reconnects: 0,
    errors: [],
    async stop() {
      stopped = true;
      await client?.dispose();
    },
  };
  const open = () => {
    if (stopped) return;
    const current = createClient({
      url: wsUrl,
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      connectionParams: { authorization: `Bearer ${user.token}` },
    });
    client = current;
    current.on('closed', () => {
      if (stopped) return;
      follower.reconnects++;
      void current.dispose();
      setTimeout(open, 50);
    });
    const sink = {
      next: ({ data }: { data?: { messageAdded: { id: string; cursor: string } } | null }) => {
        if (!data) return;
        follower.received.push(data.messageAdded.id);
        last = data.messageAdded.cursor;
      },
      // A closed socket errs too; that one is followed by `closed` above.
      error: (error: unknown) => void (Array.isArray(error) && follower.errors.push(JSON.stringify(error))),
      complete: () => {},
    };
    current.subscribe({ query: print(NginxMessageAdded), variables: { roomId, after: last } }, sink);
  };
  open();
  return follower;
}

/** One sendMessage POST: the stored message's id, or why it failed. */
async function postMessage(url: string, user: TestUser, input: Record<string, string>) {
  const body = JSON.stringify({ query: print(SendMessageMutation), variables: { input } });
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${user.token}` };
  let response: Response;
  try {
    response = await fetch(url, { method: 'POST', headers, body });
  } catch (err) {
    return { failure: `network error: ${String((err as Error).cause ?? err)}` };
  }
  const text = await response.text();
  if (response.status !== 200) return { failure: `HTTP ${response.status}: ${text.slice(0, 120)}` };
  const result = JSON.parse(text) as { data?: { sendMessage: { id: string } }; errors?: unknown };
  if (!result.data) return { failure: `errors: ${JSON.stringify(result.errors)}` };
  return { id: result.data.sendMessage.id };
}

/**
 * Sends a message every `intervalMs` without waiting for the previous one, each with its own
 * clientId, retried with that clientId until it is stored (what a chat client does). Every
 * failed attempt is recorded: the restart should cause none.
 */
function steadySender(url: string, user: TestUser, roomId: string, intervalMs = 20) {
  const failures: string[] = [];
  const stored: string[] = [];
  const inFlight = new Set<Promise<void>>();
  const sendUntilStored = async (clientId: string) => {
    const input = { roomId, body: `steady ${clientId}`, clientId };
    for (let attempt = 0; attempt < 50; attempt++) {
      const outcome = await postMessage(url, user, input);
      if (outcome.id) return void stored.push(outcome.id);
      failures.push(`${clientId}: ${outcome.failure}`);
      await sleep(100);
    }
    throw new Error(`${clientId} was never stored`);
  };
  let sent = 0;
  const timer = setInterval(() => {
    const sending = sendUntilStored(`rolling-${sent++}`).finally(() => inFlight.delete(sending));
    inFlight.add(sending);
  }, intervalMs);
  return {
    failures,
    stored,
    sent: () => sent,
    async stop() {
      clearInterval(timer);
      await Promise.all(inFlight);
    },
  };
}

/** Every message id of the room after `after`, oldest first. */
async function historyAfter(url: string, user: TestUser, roomId: string, after: string): Promise<string[]> {
  const ids: string[] = [];
  for (let cursor: string | null = after; cursor !== null;) {
    const variables: { roomId: string; after: string } = { roomId, after: cursor };
    const { edges, pageInfo } = expectData(await request(url, NginxRoomHistory, variables, { token: user.token })).room!
      .messages;
    ids.push(...edges.map((edge) => edge.node.id));
    cursor = pageInfo.hasNextPage ? pageInfo.endCursor! : null;
  }
  return ids;
}

// Two instances on one PostgreSQL database and Redis, as deployed: the suite's PostgreSQL + Redis pass.
describe.runIf(postgresUrl && process.env.REDIS_URL)('behind nginx with deploy/nginx.conf', () => {
  let database: TestDatabase;
  let ports: number[];
  const instances: (TestServer | undefined)[] = [];
  let nginx: Nginx;
  let owner: TestUser;
  let member: TestUser;
  let room: string;
  // Followers and senders of a test that failed half-way still stop.
  const cleanups: (() => Promise<void>)[] = [];

  const upstreamOf = (index: number) => `127.0.0.1:${ports[index]}`;
  // As deployed: production defaults (the shutdown delay among them), behind nginx as the only
  // proxy, whose X-Forwarded-For names the client.
  const startInstance = (index: number) =>
    startServer({
      databaseUrl: database.url,
      keepDatabase: true,
      // startServer sets SHUTDOWN_DELAY_MS=0 for tests; deployed, the 5 s delay outlasts nginx's 4 s
      // keepalive_timeout, so no pooled connection is closed under a request (connection-drain.ts).
      env: {
        NODE_ENV: 'production',
        PORT: String(ports[index]),
        TRUSTED_PROXIES: '127.0.0.1',
        SHUTDOWN_DELAY_MS: '5000',
      },
    });

  beforeAll(async () => {
    database = await createTestDatabase();
    ports = await freePorts(3);
    instances[0] = await startInstance(0);
    instances[1] = await startInstance(1);
    nginx = await startNginx(ports[2]!, [ports[0]!, ports[1]!]);
    [owner, member] = await Promise.all([signUpUser(nginx.url, 'edge'), signUpUser(nginx.url, 'edge')]);
    await makeFriends(nginx.url, owner!, member!);
    room = await createGroup(nginx.url, owner!, [member!], 'behind nginx');
  });

  afterAll(async () => {
    await Promise.all(cleanups.map((cleanup) => cleanup()));
    await nginx?.stop();
    await Promise.all(instances.map((instance) => instance?.stop()));
    await database?.drop();
  });

  it('delivers to a subscriber through nginx a message that the other instance served', async () => {
    const start = await sendMessage(nginx.url, owner, room, 'start');
    const logFrom = nginx.log().length;
    const follower = followRoom(nginx.wsUrl, member, room, start.cursor);
    cleanups.push(() => follower.stop());
    const sent: string[] = [];
    // Round robin: consecutive requests alternate between the instances.
    for (let i = 0; i < 6; i++) sent.push((await sendMessage(nginx.url, owner, room, `across ${i}`)).id);
    await waitUntil(() => follower.received.length >= sent.length || follower.errors.length > 0);
    expect(follower.received, follower.errors.join('\n')).toEqual(sent);
    await follower.stop();

    // nginx logs the socket (101) once it has closed: that names the instance that held it.
    const entries = () => nginx.log().slice(logFrom);
    await waitUntil(() => entries().some((entry) => entry.status === 101));
    const socketAt = lastUpstream(entries().find((entry) => entry.status === 101)!);
    const sendsAt = entries()
      .filter((entry) => entry.request.startsWith('POST /graphql') && entry.status === 200)
      .map(lastUpstream);
    expect([upstreamOf(0), upstreamOf(1)]).toContain(socketAt);
    expect(sendsAt.filter((upstream) => upstream !== socketAt).length).toBeGreaterThan(0);
  });

  it('loses no sendMessage through a rolling restart, and the subscriber sees each message once, in order', async () => {
    const start = await sendMessage(nginx.url, owner, room, 'before the restart');
    const follower = followRoom(nginx.wsUrl, member, room, start.cursor);
    const sender = steadySender(nginx.url, owner, room);
    cleanups.push(
      () => follower.stop(),
      () => sender.stop(),
    );
    await sleep(500);
    for (const index of [0, 1]) {
      // What SIGTERM runs; then a new release comes up on the same address.
      await instances[index]!.stop();
      instances[index] = undefined;
      const since = nginx.log().length;
      instances[index] = await startInstance(index);
      // The operator's cue to go on: the new instance is taking traffic from nginx.
      await waitUntil(() =>
        nginx
          .log()
          .slice(since)
          .some((entry) => entry.status === 200 && lastUpstream(entry) === upstreamOf(index)),
      );
    }
    await sleep(500);
    await sender.stop();

    expect(sender.failures, nginx.errors()).toEqual([]);
    const history = await historyAfter(nginx.url, owner, room, start.cursor);
    // Each message stored once (retries carried the same clientId) and every acknowledged one is there.
    expect(history).toHaveLength(sender.sent());
    expect([...sender.stored].sort()).toEqual([...history].sort());
    await waitUntil(() => follower.received.length >= history.length || follower.errors.length > 0);
    await sleep(200);
    expect(follower.received, follower.errors.join('\n')).toEqual(history);
    expect(follower.reconnects).toBeGreaterThan(0);
    await follower.stop();
  }, 90_000);
});
