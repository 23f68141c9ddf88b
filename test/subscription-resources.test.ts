import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
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
