import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { MAX_SUBSCRIPTIONS_PER_USER_AND_ROOM } from '../src/realtime/subscription-quota.js';
import { createGroup, sendMessage } from './helpers/chat.js';
import { startServer, type TestServer } from './helpers/server.js';
import { makeFriends } from './helpers/social.js';
import { signUpUser, type TestUser } from './helpers/users.js';
import { sleep } from './helpers/ws.js';

/**
 * Whatever a subscription acquires (pub/sub channels, room feeds, its variables) is released on
 * every path, failures included, and hostile variables are refused before anything is acquired.
 */

const redisUrl = process.env.REDIS_URL;
const ROOM_SUBSCRIPTION = 'subscription ($roomId: ID!) { messageAdded(roomId: $roomId) { id } }';
const INBOX = 'subscription { inbox { kind roomId message { body } } }';
const prefix = `res-${randomBytes(4).toString('hex')}:`;

let server: TestServer;
let alice: TestUser;
let bob: TestUser;
let rooms: string[];

beforeAll(async () => {
  server = await startServer({ env: { REDIS_PREFIX: prefix } });
  alice = await signUpUser(server.url, 'res_alice');
  bob = await signUpUser(server.url, 'res_bob');
  await makeFriends(server.url, alice, bob);
  rooms = [];
  for (let i = 0; i < 5; i++) rooms.push(await createGroup(server.url, alice, [bob], `room ${i}`));
});

afterAll(async () => {
  await server?.stop();
});

/** A raw graphql-transport-ws socket, acknowledged, recording every message it receives. */
async function openSocket(token: string) {
  const socket = new WebSocket(server.wsUrl, 'graphql-transport-ws');
  const messages: Array<{ id?: string; type: string; payload?: unknown }> = [];
  socket.on('message', (data) => messages.push(JSON.parse(String(data))));
  await new Promise((resolve) => socket.on('open', resolve));
  socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } }));
  await waitUntil(() => messages.some((message) => message.type === 'connection_ack'));
  const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
  return { socket, messages, closed };
}

async function waitUntil(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await sleep(20);
  }
}

/** JSON text nested `depth` levels: `{"a":{"a":…}}` (as text: JSON.stringify would overflow the stack). */
const nested = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);

/** A subscribe message whose variables carry `unused`, nested 6,000 deep. */
function hostileSubscribe(id: string, query: string, variables: Record<string, unknown> = {}) {
  const declared = JSON.stringify(variables).slice(1, -1);
  const vars = `{${declared}${declared ? ',' : ''}"unused":${nested(6_000)}}`;
  return `{"id":${JSON.stringify(id)},"type":"subscribe","payload":{"query":${JSON.stringify(query)},"variables":${vars}}}`;
}

/** Redis channels of this server's namespace that have a subscriber. */
async function subscribedChannels(): Promise<string[]> {
  const redis = new Redis(redisUrl!);
  try {
    return (await redis.pubsub('CHANNELS', `${prefix}*`)) as string[];
  } finally {
    redis.disconnect();
  }
}

describe('hostile variables on a subscription', () => {
  it('refuses unused variables nested 6,000 deep with BAD_USER_INPUT, before subscribing to anything', async () => {
    const { socket, messages, closed } = await openSocket(alice.token);
    socket.send(hostileSubscribe('inbox', 'subscription { inbox { kind } }'));
    socket.send(hostileSubscribe('room', ROOM_SUBSCRIPTION, { roomId: rooms[0] }));
    await waitUntil(() => messages.filter((message) => message.type === 'error').length === 2);
    for (const message of messages.filter((message) => message.type === 'error')) {
      expect((message.payload as Array<{ extensions: { code: string } }>)[0]!.extensions.code).toBe('BAD_USER_INPUT');
    }
    // The socket is still usable: a well-formed subscription on it works.
    socket.send(
      JSON.stringify({
        id: 'ok',
        type: 'subscribe',
        payload: {
          query: 'subscription ($roomId: ID!) { messageAdded(roomId: $roomId) { body } }',
          variables: { roomId: rooms[0] },
        },
      }),
    );
    await sleep(200);
    await sendMessage(server.url, bob, rooms[0]!, 'still live');
    await waitUntil(() => messages.some((message) => message.id === 'ok' && message.type === 'next'));
    socket.close();
    await closed;
  });

  it('refuses deeply nested variables over HTTP with BAD_USER_INPUT', async () => {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${alice.token}` },
      body: `{"query":"{ me { id } }","variables":{"unused":${nested(6_000)}}}`,
    });
    const body = (await response.json()) as { errors: Array<{ extensions: { code: string } }> };
    expect(body.errors.map((error) => error.extensions.code)).toEqual(['BAD_USER_INPUT']);
  });
});

describe.runIf(redisUrl)('channels of failed and ended subscriptions (Redis)', () => {
  it('leaves no Redis channel subscribed after sockets that sent hostile subscriptions close', async () => {
    for (let round = 0; round < 10; round++) {
      const { socket, messages, closed } = await openSocket(alice.token);
      socket.send(hostileSubscribe('inbox', 'subscription { inbox { kind } }'));
      for (const [i, roomId] of rooms.entries()) {
        socket.send(hostileSubscribe(`room-${i}`, ROOM_SUBSCRIPTION, { roomId }));
      }
      await waitUntil(() => messages.filter((message) => message.type === 'error').length === rooms.length + 1);
      socket.close();
      await closed;
    }
    await waitUntil(async () => (await subscribedChannels()).filter((name) => !name.includes('session')).length === 0);
  });

  it('releases the channels of an inbox and room subscriptions when their socket closes', async () => {
    const { socket, messages, closed } = await openSocket(alice.token);
    socket.send(
      JSON.stringify({ id: 'inbox', type: 'subscribe', payload: { query: 'subscription { inbox { kind } }' } }),
    );
    socket.send(
      JSON.stringify({
        id: 'room',
        type: 'subscribe',
        payload: {
          query: 'subscription ($roomId: ID!) { messageAdded(roomId: $roomId) { id } }',
          variables: { roomId: rooms[1] },
        },
      }),
    );
    await waitUntil(async () => (await subscribedChannels()).length > 1);
    expect(messages.filter((message) => message.type === 'error')).toEqual([]);
    socket.close();
    await closed;
    await waitUntil(async () => (await subscribedChannels()).filter((name) => !name.includes('session')).length === 0);
  });
});

describe('inbox subscriptions', () => {
  it("follow each of the user's rooms once per instance, however many there are, and let go when they end", async () => {
    const { socket, messages, closed } = await openSocket(bob.token);
    for (let i = 0; i < 50; i++) {
      socket.send(JSON.stringify({ id: `inbox-${i}`, type: 'subscribe', payload: { query: INBOX } }));
    }
    await waitUntil(() => server.app.deps.inboxHub.size().rooms === rooms.length);
    await sleep(100); // every subscription attached (they share the same follow)
    expect(server.app.deps.inboxHub.size()).toEqual({ users: 1, rooms: rooms.length });
    if (redisUrl) {
      // One channel subscription per room on this instance, not one per inbox subscription.
      const redis = new Redis(redisUrl);
      const channels = (await redis.pubsub('CHANNELS', `${prefix}room:*`)) as string[];
      const counts = (await redis.pubsub('NUMSUB', ...channels)) as Array<string | number>;
      redis.disconnect();
      expect(channels).toHaveLength(rooms.length);
      for (let i = 1; i < counts.length; i += 2) expect(Number(counts[i])).toBe(1);
    }
    await sendMessage(server.url, alice, rooms[2]!, 'to every inbox');
    await waitUntil(() => messages.filter((message) => message.type === 'next').length === 50);
    expect(messages.filter((message) => message.type === 'error')).toEqual([]);
    socket.close();
    await closed;
    await waitUntil(() => server.app.deps.inboxHub.size().users === 0);
    expect(server.app.deps.inboxHub.size()).toEqual({ users: 0, rooms: 0 });
  });
});

describe('subscriptions per user and room', () => {
  it(`refuses one user's live subscription to a room past ${MAX_SUBSCRIPTIONS_PER_USER_AND_ROOM}, and counts them back as they end`, async () => {
    const first = await openSocket(alice.token);
    const second = await openSocket(alice.token);
    const subscribeTo = (target: typeof first, id: string, query: string) =>
      target.socket.send(
        JSON.stringify({ id, type: 'subscribe', payload: { query, variables: { roomId: rooms[3] } } }),
      );
    // Different documents, over two sockets: each would be its own execution per event.
    for (let i = 0; i < MAX_SUBSCRIPTIONS_PER_USER_AND_ROOM; i++) {
      subscribeTo(
        i % 2 ? first : second,
        `s${i}`,
        `subscription ($roomId: ID!) { messageAdded(roomId: $roomId) { a${i}: id } }`,
      );
    }
    await waitUntil(() => server.app.deps.subscriptionQuota.size() === MAX_SUBSCRIPTIONS_PER_USER_AND_ROOM);
    subscribeTo(first, 'over', 'subscription ($roomId: ID!) { typing(roomId: $roomId) { typing } }');
    await waitUntil(() => first.messages.some((message) => message.id === 'over'));
    const over = first.messages.find((message) => message.id === 'over')!;
    expect(over.type).toBe('error');
    expect((over.payload as Array<{ extensions: { code: string } }>)[0]!.extensions.code).toBe('RATE_LIMITED');
    // Another room, and another user, have their own slots.
    first.socket.send(
      JSON.stringify({
        id: 'elsewhere',
        type: 'subscribe',
        payload: { query: ROOM_SUBSCRIPTION, variables: { roomId: rooms[4] } },
      }),
    );
    await waitUntil(() => server.app.deps.subscriptionQuota.size() === MAX_SUBSCRIPTIONS_PER_USER_AND_ROOM + 1);
    // One ends: its slot is free again.
    second.socket.send(JSON.stringify({ id: 's0', type: 'complete' }));
    await waitUntil(() => server.app.deps.subscriptionQuota.size() === MAX_SUBSCRIPTIONS_PER_USER_AND_ROOM);
    subscribeTo(first, 'again', 'subscription ($roomId: ID!) { typing(roomId: $roomId) { typing } }');
    await waitUntil(() => server.app.deps.subscriptionQuota.size() === MAX_SUBSCRIPTIONS_PER_USER_AND_ROOM + 1);
    first.socket.close();
    second.socket.close();
    await Promise.all([first.closed, second.closed]);
    await waitUntil(() => server.app.deps.subscriptionQuota.size() === 0);
  });

  it('gives the slot back when the subscription fails to start (not a member)', async () => {
    const stranger = await signUpUser(server.url, 'res_stranger');
    const { socket, messages, closed } = await openSocket(stranger.token);
    for (let i = 0; i < 30; i++) {
      socket.send(
        JSON.stringify({
          id: `x${i}`,
          type: 'subscribe',
          payload: { query: ROOM_SUBSCRIPTION, variables: { roomId: rooms[0] } },
        }),
      );
    }
    await waitUntil(() => messages.filter((message) => message.type === 'error').length === 30);
    const codes = messages
      .filter((message) => message.type === 'error')
      .map((message) => (message.payload as Array<{ extensions: { code: string } }>)[0]!.extensions.code);
    // Slots are held while membership is checked: 30 at once may meet the cap before their refusal.
    expect(codes).toContain('NOT_FOUND');
    expect(codes.filter((code) => code !== 'NOT_FOUND' && code !== 'RATE_LIMITED')).toEqual([]);
    expect(server.app.deps.subscriptionQuota.size()).toBe(0);
    socket.close();
    await closed;
  });
});
