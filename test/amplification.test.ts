import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { schema } from '../src/graphql/schema.js';
import type { MutationRateLimit } from '../src/security/mutation-limits.js';
import { RATE_LIMIT_DEFAULTS } from '../src/platform/rate-limits.js';
import { OperationGate } from '../src/security/operation-gate.js';
import { exceedsSize } from '../src/security/response-size.js';
import { graphql } from './gql/index.js';
import { expectData, expectError, rawRequest, request } from './helpers/client.js';
import { createGroup, sendMessage } from './helpers/chat.js';
import { startServer, type TestServer } from './helpers/server.js';
import { makeFriends } from './helpers/social.js';
import { signUpUser, type TestUser } from './helpers/users.js';

/** Requests that stay inside every per-request limit but would cost far more than they look. */

const EditLimited = graphql(`
  mutation EditLimited($input: EditMessageInput!) {
    editMessage(input: $input) {
      id
    }
  }
`);

const DeleteLimited = graphql(`
  mutation DeleteLimited($messageId: ID!) {
    deleteMessage(messageId: $messageId) {
      id
    }
  }
`);

const MarkReadLimited = graphql(`
  mutation MarkReadLimited($roomId: ID!) {
    markRoomRead(roomId: $roomId) {
      id
    }
  }
`);

const CreateRoomLimited = graphql(`
  mutation CreateRoomLimited($input: CreateRoomInput!) {
    createRoom(input: $input) {
      id
    }
  }
`);

const MeQuery = graphql(`
  query AmplificationMe {
    me {
      id
    }
  }
`);

let server: TestServer;
let alice: TestUser;
let bob: TestUser;
let room: string;

beforeAll(async () => {
  server = await startServer({
    env: {
      RATE_LIMITS: 'edit=3/1m,write=4/1m,createRoom=2/1h,message=1000/1s,friendRequest=1000/1s,queryCost=1000000000/1s',
    },
  });
  alice = await signUpUser(server.url, 'amp_alice');
  bob = await signUpUser(server.url, 'amp_bob');
  await makeFriends(server.url, alice, bob);
  room = await createGroup(server.url, alice, [bob], 'amplified');
  for (let i = 0; i < 5; i++) await sendMessage(server.url, bob, room, `${i} ${'x'.repeat(3_900)}`);
});

afterAll(() => server?.stop());

describe('cost', () => {
  it("refuses a message page whose every message reads its room's history again, before running it", async () => {
    const query = `{ room(id: "${room}") { messages(last: 70) { edges { node { room { messages(last: 100) { edges { node { body } } } } } } } } }`;
    const response = await rawRequest(server.url, JSON.stringify({ query }), {
      authorization: `Bearer ${alice.token}`,
    });
    expect(response.json?.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(response.json?.errors?.[0]?.message).toMatch(/cost limit/i);
    expect(response.text.length).toBeLessThan(1_000);
  });

  it('still answers a full page of long messages with their senders', async () => {
    const query = `{ room(id: "${room}") { messages(last: 100) { edges { cursor node { id body createdAt sender { id username displayName } } } } } }`;
    const response = await rawRequest(server.url, JSON.stringify({ query }), {
      authorization: `Bearer ${alice.token}`,
    });
    expect(response.json?.errors).toBeUndefined();
    expect(response.text.length).toBeGreaterThan(5 * 3_900);
  });

  it('measures a response against the size cap without serializing it', () => {
    const page = { edges: Array.from({ length: 100 }, () => ({ node: { body: 'x'.repeat(4_000) } })) };
    expect(exceedsSize(page, 500_000)).toBe(false);
    expect(exceedsSize(page, 300_000)).toBe(true);
    expect(exceedsSize({ a: [null, 1, true, 'é'] }, 100)).toBe(false);
    // Counted as sent: a control character is escaped to 6 bytes, a CJK character takes 3.
    expect(exceedsSize({ body: '\u0001'.repeat(1_000) }, 5_000)).toBe(true);
    expect(exceedsSize({ body: 'a'.repeat(1_000) }, 5_000)).toBe(false);
    expect(exceedsSize({ body: '안'.repeat(1_000) }, 2_500)).toBe(true);
    expect(exceedsSize({ body: 'line\n'.repeat(100) }, 700)).toBe(false);
  });
});

describe('the query-cost budget', () => {
  it('charges every query its cost, refused ones too, then turns the caller away at the door until it renews', async () => {
    const budgeted = await startServer({ env: { RATE_LIMITS: 'queryCost=400000/1m' } });
    try {
      const [spender, bystander] = await Promise.all([
        signUpUser(budgeted.url, 'amp_spender'),
        signUpUser(budgeted.url, 'amp_bystander'),
      ]);
      const ask = (user: TestUser, query: string) =>
        rawRequest(budgeted.url, JSON.stringify({ query }), { authorization: `Bearer ${user.token}` });
      // Refused for its cost (about 378,000), and charged for it all the same.
      const amplify = `{ rooms(first: 70) { edges { node { messages(last: 100) { edges { node { body } } } } } } }`;
      expect((await ask(spender, amplify)).json?.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      const spent = await ask(spender, amplify);
      expect(spent.json?.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', limit: 'queryCost' });
      // From now on even a cheap query is turned away before it is read, with a Retry-After.
      const atTheDoor = await ask(spender, '{ me { id } }');
      expect(atTheDoor.status).toBe(429);
      expect(atTheDoor.json?.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
      // Someone else is served as usual.
      expect((await ask(bystander, '{ me { id } }')).json?.data).toEqual({ me: { id: bystander.id } });
    } finally {
      await budgeted.stop();
    }
  });
});

describe('rate limits on every write', () => {
  it('limits edits and deletions per user (the `edit` budget)', async () => {
    const own = await sendMessage(server.url, alice, room, 'to edit');
    for (let i = 0; i < 3; i++) {
      expectData(
        await request(server.url, EditLimited, { input: { messageId: own.id, body: `v${i}` } }, { token: alice.token }),
      );
    }
    const refused = expectError(
      await request(server.url, EditLimited, { input: { messageId: own.id, body: 'v4' } }, { token: alice.token }),
      'RATE_LIMITED',
    );
    expect(refused.extensions?.retryAfter).toBeGreaterThan(0);
    expectError(
      await request(server.url, DeleteLimited, { messageId: own.id }, { token: alice.token }),
      'RATE_LIMITED',
    );
    // Another user's budget is their own.
    const theirs = await sendMessage(server.url, bob, room, 'bob edits');
    expectData(
      await request(server.url, EditLimited, { input: { messageId: theirs.id, body: 'ok' } }, { token: bob.token }),
    );
  });

  it('limits a mutation without a budget of its own by the shared `write` budget', async () => {
    const carol = await signUpUser(server.url, 'amp_carol');
    for (let i = 0; i < 4; i++) {
      // Unauthenticated answers count too: the budget is spent before the operation runs.
      await request(server.url, MarkReadLimited, { roomId: room }, { token: carol.token });
    }
    expectError(await request(server.url, MarkReadLimited, { roomId: room }, { token: carol.token }), 'RATE_LIMITED');
  });

  it('limits group rooms created per user', async () => {
    const dave = await signUpUser(server.url, 'amp_dave');
    for (let i = 0; i < 2; i++) {
      expectData(
        await request(
          server.url,
          CreateRoomLimited,
          { input: { name: `r${i}`, memberIds: [] } },
          { token: dave.token },
        ),
      );
    }
    expectError(
      await request(server.url, CreateRoomLimited, { input: { name: 'r3', memberIds: [] } }, { token: dave.token }),
      'RATE_LIMITED',
    );
  });

  it('gives every mutation of the schema a budget that exists (only logIn counts in its resolver)', () => {
    const fields = Object.values(schema.getMutationType()!.getFields());
    expect(fields.length).toBeGreaterThan(15);
    for (const field of fields) {
      const limit = (field.extensions as { rateLimit?: MutationRateLimit }).rateLimit ?? 'write';
      if (limit === false) {
        expect(field.name).toBe('logIn');
        continue;
      }
      const name = typeof limit === 'string' ? limit : limit.name;
      expect(Object.keys(RATE_LIMIT_DEFAULTS), field.name).toContain(name);
    }
  });
});

describe('one user cannot hold the database pool', () => {
  it('answers a burst of one user with data or RATE_LIMITED, and serves others meanwhile', async () => {
    const query = `{ room(id: "${room}") { messages(last: 100) { edges { node { body sender { username } } } } } }`;
    const socket = new WebSocket(server.wsUrl, 'graphql-transport-ws');
    const answers = new Map<string, string>();
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as { id?: string; type: string; payload?: unknown };
      if (message.type === 'next' && message.id) answers.set(message.id, 'OK');
      if (message.type === 'error' && message.id) {
        const [error] = message.payload as Array<{ extensions?: { code?: string } }>;
        answers.set(message.id, error?.extensions?.code ?? 'UNKNOWN');
      }
    });
    await new Promise((resolve) => socket.on('open', resolve));
    socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${alice.token}` } }));
    await new Promise((resolve) => socket.once('message', resolve)); // connection_ack
    // 50 operations (the per-socket cap) in one burst: they reach the gate in the same turn.
    for (let i = 0; i < 50; i++) socket.send(JSON.stringify({ id: `q${i}`, type: 'subscribe', payload: { query } }));
    const other = request(server.url, MeQuery, undefined, { token: bob.token });
    while (answers.size < 50) await new Promise((resolve) => setTimeout(resolve, 20));
    socket.close();
    // How many wait depends on how fast the first ones finish; every answer is data or RATE_LIMITED.
    const codes = [...answers.values()];
    expect(codes.filter((code) => code === 'OK').length).toBeGreaterThanOrEqual(4 + 32);
    expect(codes.filter((code) => code !== 'OK' && code !== 'RATE_LIMITED')).toEqual([]);
    expect(expectData(await other).me?.id).toBe(bob.id);
  });

  it('lets 4 operations of a subject run, queues 32 in order, refuses more, and frees slots on failure', async () => {
    const gate = new OperationGate();
    const releases: Array<() => void> = [];
    const started: number[] = [];
    const work = (i: number) => () =>
      new Promise<number>((resolve) => {
        started.push(i);
        releases.push(() => resolve(i));
      });
    const runs = Array.from({ length: 40 }, (_, i) => gate.run('user:1', work(i)));
    const other = gate.run('user:2', async () => 'other');
    await Promise.resolve();
    expect(started).toEqual([0, 1, 2, 3]);
    expect(await other).toBe('other');
    expect(await Promise.all(runs.slice(36))).toEqual([null, null, null, null]);
    // Each finished operation hands its slot to the next in line.
    releases.shift()!();
    await runs[0];
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(started).toEqual([0, 1, 2, 3, 4]);
    // A failing operation frees its slot too.
    const failing = gate.run('user:3', () => Promise.reject(new Error('boom')));
    await expect(failing).rejects.toThrow('boom');
    const after = await Promise.all(Array.from({ length: 4 }, () => gate.run('user:3', async () => 'ok')));
    expect(after).toEqual(['ok', 'ok', 'ok', 'ok']);
    while (releases.length > 0) {
      releases.shift()!();
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    expect((await Promise.all(runs.slice(0, 36))).length).toBe(36);
    expect(started).toHaveLength(36);
  });
});
