import { ApolloClient, InMemoryCache } from '@apollo/client';
import { cacheExchange, Client as UrqlClient, fetchExchange } from '@urql/core';
import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAfter, SignedOutError, type ChatClient } from '../client/src/index.js';
import { graphql } from './gql/index.js';
import { createGroup, sendMessage } from './helpers/chat.js';
import {
  chatClient,
  ClientRoomHead,
  durableDatabase,
  Received,
  sendSurely,
  tampered,
  testTokens,
} from './helpers/chat-client.js';
import { expectData, request } from './helpers/client.js';
import { startServer, type TestServer } from './helpers/server.js';
import { makeFriends } from './helpers/social.js';
import { startTcpProxy, type Outage } from './helpers/tcp-proxy.js';
import { signUpUser, type TestUser } from './helpers/users.js';
import { sleep } from './helpers/ws.js';

// No `cursor` in the selection: the client adds it to resume, and strips it again.
const ClientMessages = graphql(`
  subscription ClientMessages($roomId: ID!, $after: String) {
    messageAdded(roomId: $roomId, after: $after) {
      id
      body
    }
  }
`);

const ClientViewer = graphql(`
  query ClientViewer {
    me {
      id
    }
  }
`);

const ClientSend = graphql(`
  mutation ClientSend($input: SendMessageInput!) {
    sendMessage(input: $input) {
      id
      body
    }
  }
`);

/** Real servers on a machine that may be busy with other suites: generous bounds, not expectations. */
const SLOW = 120_000;

let server: TestServer;
let alice: TestUser;
let bob: TestUser;
const clients: ChatClient[] = [];
const cleanups: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  server = await startServer();
  [alice, bob] = await Promise.all([signUpUser(server.url, 'alice'), signUpUser(server.url, 'bob')]);
  await makeFriends(server.url, alice, bob);
}, 180_000);
afterAll(async () => {
  for (const client of clients) client.dispose();
  for (const cleanup of cleanups.reverse()) await cleanup();
  await server?.stop();
}, 120_000);

/** A chat client for `user` on `at`, disposed after the file. */
function clientFor(at: TestServer, user: TestUser, wsUrl = at.wsUrl) {
  const tokens = testTokens(at.url, user);
  const chat = chatClient({ url: at.url, wsUrl, tokens });
  clients.push(chat);
  const closes: number[] = [];
  let reconnects = 0;
  chat.ws.on('closed', (event) => void closes.push((event as { code: number }).code));
  chat.ws.on('connected', (_socket, _payload, wasRetry) => void (wasRetry && reconnects++));
  return { chat, tokens, closes, reconnects: () => reconnects };
}

/** Subscribes through the client's graphql-ws Client, as an app would, and records the bodies. */
function follow(chat: ChatClient, roomId: string, after?: string): Received {
  const received = new Received();
  chat.ws.subscribe<{ messageAdded: Record<string, unknown> }>(
    { query: print(ClientMessages), variables: { roomId, after } },
    {
      next: ({ data, errors }) => {
        if (errors) return received.add(`errors: ${JSON.stringify(errors)}`);
        // Exactly the fields asked for: the cursor the client added is stripped again.
        const keys = Object.keys(data!.messageAdded).sort().join();
        received.add(keys === 'body,id' ? (data!.messageAdded.body as string) : `fields: ${keys}`);
      },
      error: (error) => received.add(`error: ${String(error)}`),
      complete: () => {},
    },
  );
  return received;
}

/** Subscribes without `after` (live from now), through the same resuming path, once the start is fixed. */
async function followFromNow(chat: ChatClient, roomId: string): Promise<Received> {
  const received = new Received();
  const subscription = chat.subscribeToRoom<Record<string, unknown>>(roomId, {
    fields: 'id body',
    onMessage: (message) => {
      const keys = Object.keys(message).sort().join();
      received.add(keys === 'body,id' ? (message.body as string) : `fields: ${keys}`);
    },
    onError: (error) => received.add(`error: ${String(error)}`),
  });
  await subscription.ready;
  return received;
}

async function headOf(at: TestServer, user: TestUser, roomId: string): Promise<string> {
  return expectData(await request(at.url, ClientRoomHead, { id: roomId }, { token: user.token })).room!.headCursor;
}

const bodies = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}-${i}`);

/** Sends `count` messages from alice, one every `everyMs`, calling `at(i)` before the i-th. */
async function converse(
  prefix: string,
  count: number,
  everyMs: number,
  send: (body: string) => Promise<unknown>,
  at: (i: number) => unknown = () => {},
) {
  for (const [i, body] of bodies(prefix, count).entries()) {
    await at(i);
    await send(body);
    await sleep(everyMs);
  }
}

describe('a network drop in the middle of a conversation', () => {
  it.for<[Outage, boolean]>([
    ['reset', true],
    ['blackhole', true],
    ['reset', false],
  ])(
    '%s, subscribed with after: %s — every message once, in order',
    { timeout: SLOW },
    async ([outage, withAfter], { annotate }) => {
      const room = await createGroup(server.url, alice, [bob], `drop-${outage}`);
      const proxy = await startTcpProxy(Number(new URL(server.url).port));
      cleanups.push(() => proxy.close());
      const bobs = clientFor(server, bob, `ws://127.0.0.1:${proxy.port}/graphql`);
      const received = withAfter
        ? follow(bobs.chat, room, await headOf(server, bob, room))
        : await followFromNow(bobs.chat, room);

      // Without `after`, the drop comes before the first message: only the head the client read
      // first lets it replay what was sent meanwhile.
      const cutAt = withAfter ? 8 : 0;
      await converse(
        `${outage}`,
        40,
        75,
        (body) => sendMessage(server.url, alice, room, body),
        (i) => {
          if (i === cutAt) proxy.cut(outage);
          if (i === cutAt + 30) proxy.restore();
        },
      );

      expect(await received.waitFor(40)).toEqual(bodies(outage, 40));
      await sleep(300);
      expect(received.bodies).toHaveLength(40);
      expect(bobs.reconnects()).toBeGreaterThanOrEqual(1);
      await annotate(`40/40 once, in order; closes ${bobs.closes.join(' ')}; reconnects ${bobs.reconnects()}`);
    },
  );
});

it(
  'token expiry in the middle: refreshed ahead of time, reconnected after each 4403, nothing lost or repeated',
  async ({ annotate }) => {
    const shortLived = await startServer({ env: { ACCESS_TOKEN_TTL: '3s' } });
    cleanups.push(() => shortLived.stop());
    const [sender, reader] = await Promise.all([
      signUpUser(shortLived.url, 'sender'),
      signUpUser(shortLived.url, 'reader'),
    ]);
    await makeFriends(shortLived.url, sender, reader);
    const room = await createGroup(shortLived.url, sender, [reader], 'expiring');
    const senders = clientFor(shortLived, sender);
    const readers = clientFor(shortLived, reader);
    const received = follow(readers.chat, room, await headOf(shortLived, reader, room));

    // 10 s of conversation: three tokens' lifetimes over. The sender's requests refresh the same way.
    await converse('expiry', 40, 250, (body) => sendSurely(senders.chat.fetch, shortLived.url, room, body));

    expect(await received.waitFor(40)).toEqual(bodies('expiry', 40));
    await sleep(300);
    expect(received.bodies).toHaveLength(40);
    expect(readers.tokens.refreshes).toBeGreaterThanOrEqual(3);
    expect(senders.tokens.refreshes).toBeGreaterThanOrEqual(3);
    expect(readers.closes.filter((code) => code === 4403).length).toBeGreaterThanOrEqual(2);
    await annotate(
      `40/40 once, in order; refreshes: reader ${readers.tokens.refreshes}, sender ${senders.tokens.refreshes}; ` +
        `reader's closes ${readers.closes.join(' ')}`,
    );
  },
  SLOW,
);

it(
  'a server restart in the middle: resumes on the new process, nothing lost or repeated',
  async ({ annotate }) => {
    const database = await durableDatabase();
    cleanups.push(() => database.drop());
    let first: TestServer | null = await startServer({ databaseUrl: database.url, keepDatabase: true });
    cleanups.push(async () => first?.stop());
    const [sender, reader] = await Promise.all([signUpUser(first.url, 'sender'), signUpUser(first.url, 'reader')]);
    await makeFriends(first.url, sender, reader);
    const room = await createGroup(first.url, sender, [reader], 'restart');
    const senders = clientFor(first, sender);
    const readers = clientFor(first, reader);
    const received = follow(readers.chat, room, await headOf(first, reader, room));
    const { url } = first;
    const port = new URL(url).port;

    // The sender goes on through the restart: a refused request is sent again (same clientId).
    const conversation = converse('restart', 40, 50, (body) => sendSurely(senders.chat.fetch, url, room, body));
    await received.waitFor(10);
    const stopping = first;
    await stopping.stop();
    first = null;
    const second = await startServer({ databaseUrl: database.url, keepDatabase: true, env: { PORT: port } });
    cleanups.push(() => second.stop());
    await conversation;

    expect(await received.waitFor(40)).toEqual(bodies('restart', 40));
    await sleep(300);
    expect(received.bodies).toHaveLength(40);
    expect(readers.closes).toContain(1001);
    expect(readers.reconnects()).toBeGreaterThanOrEqual(1);
    await annotate(`40/40 once, in order; closes ${readers.closes.join(' ')}; reconnects ${readers.reconnects()}`);
  },
  SLOW,
);

describe('subscribe, then send at once', () => {
  it(
    'delivers the first message of an empty room, subscribed from its headCursor while the socket opens',
    async () => {
      for (let attempt = 0; attempt < 5; attempt++) {
        const room = await createGroup(server.url, alice, [bob], `empty-${attempt}`);
        const { chat } = clientFor(server, bob);
        const received = follow(chat, room, await headOf(server, bob, room));
        await sendMessage(server.url, alice, room, `first-${attempt}`);
        expect(await received.waitFor(1)).toEqual([`first-${attempt}`]);
      }
    },
    SLOW,
  );

  it(
    'subscribeToRoom without after: reads the head first, and `ready` says when sending is safe',
    async () => {
      const room = await createGroup(server.url, alice, [bob], 'ready');
      const { chat } = clientFor(server, bob);
      const received = new Received();
      const subscription = chat.subscribeToRoom(room, { onMessage: (message) => received.add(message.body) });
      expect(await subscription.ready).toBe(await headOf(server, bob, room));
      const sent = await sendMessage(server.url, alice, room, 'hello');
      expect(await received.waitFor(1)).toEqual(['hello']);
      subscription.unsubscribe();

      // From a cursor: what came after it, with the default fields.
      const messages: unknown[] = [];
      const again = chat.subscribeToRoom(room, {
        after: await headOf(server, bob, room),
        onMessage: (m) => messages.push(m),
      });
      await sendMessage(server.url, alice, room, 'again');
      await expect.poll(() => messages.length).toBe(1);
      expect(messages[0]).toMatchObject({ body: 'again', sender: { id: alice.id }, threadRoot: null });
      expect(isAfter((messages[0] as { cursor: string }).cursor, sent.cursor)).toBe(true);
      again.unsubscribe();
    },
    SLOW,
  );
});

it(
  'ends subscriptions with SignedOutError when the token source has no token to give',
  async () => {
    const chat = chatClient({ url: server.url, tokens: { accessToken: () => null, refresh: async () => null } });
    clients.push(chat);
    const room = await createGroup(server.url, alice, [bob], 'signed-out');
    const error = await new Promise((resolve) =>
      chat.subscribeToRoom(room, { after: null, onMessage: () => {}, onError: resolve }),
    );
    expect(error).toBeInstanceOf(SignedOutError);
  },
  SLOW,
);

describe('with a real GraphQL client', () => {
  it(
    'urql: live messages over the socket, queries and mutations over HTTP, refreshed on UNAUTHENTICATED',
    async () => {
      const room = await createGroup(server.url, alice, [bob], 'urql');
      const head = await headOf(server, bob, room);
      const { chat, tokens } = clientFor(server, bob);
      const urql = new UrqlClient({
        url: server.url,
        exchanges: [cacheExchange, fetchExchange, chat.urqlSubscriptionExchange],
        fetch: chat.fetch,
      });
      tokens.setAccessToken(tampered(bob.token));
      const viewer = await urql.query(ClientViewer, {}, { requestPolicy: 'network-only' }).toPromise();
      expect(viewer.error).toBeUndefined();
      expect(viewer.data?.me?.id).toBe(bob.id);
      expect(tokens.refreshes).toBe(1);

      const received = new Received();
      const live = urql.subscription(ClientMessages, { roomId: room, after: head }).subscribe((result) => {
        if (result.data) received.add(result.data.messageAdded.body);
      });
      await sendMessage(server.url, alice, room, 'from alice');
      const mine = await urql.mutation(ClientSend, { input: { roomId: room, body: 'from bob' } }).toPromise();
      expect(mine.error).toBeUndefined();
      expect(await received.waitFor(2)).toEqual(['from alice', 'from bob']);
      live.unsubscribe();
    },
    SLOW,
  );

  it(
    'Apollo Client 4: the socket recovers from a refused token, HTTP refreshes on UNAUTHENTICATED',
    async () => {
      const room = await createGroup(server.url, alice, [bob], 'apollo');
      const head = await headOf(server, bob, room);
      const { chat, tokens, closes } = clientFor(server, bob);
      const apollo = new ApolloClient({ link: chat.apolloLink(), cache: new InMemoryCache() });

      tokens.setAccessToken(tampered(bob.token));
      const received = new Received();
      const live = apollo.subscribe({ query: ClientMessages, variables: { roomId: room, after: head } }).subscribe({
        next: (result) => result.data && received.add(result.data.messageAdded.body),
      });
      await sendMessage(server.url, alice, room, 'one');
      expect(await received.waitFor(1)).toEqual(['one']);
      expect(closes).toContain(4403);
      expect(tokens.refreshes).toBe(1);

      tokens.setAccessToken(tampered(tokens.accessToken()!));
      const viewer = await apollo.query({ query: ClientViewer, fetchPolicy: 'network-only' });
      expect(viewer.data?.me?.id).toBe(bob.id);
      expect(tokens.refreshes).toBe(2);
      const sent = await apollo.mutate({ mutation: ClientSend, variables: { input: { roomId: room, body: 'two' } } });
      expect(sent.data?.sendMessage.body).toBe('two');
      expect(await received.waitFor(2)).toEqual(['one', 'two']);
      live.unsubscribe();
    },
    SLOW,
  );
});
