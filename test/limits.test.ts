import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { QUERY_LIMITS } from '../src/security/query-limits.js';
import { graphql } from './gql/index.js';
import { expectData, expectError, rawRequest, request } from './helpers/client.js';
import { createGroup, SendMessageMutation, sendMessage } from './helpers/chat.js';
import { postFrom, uniqueLoopback } from './helpers/raw.js';
import { startServer, type TestServer } from './helpers/server.js';
import { makeFriends } from './helpers/social.js';
import { signUpUser, type TestUser } from './helpers/users.js';
import { subscribeSse } from './helpers/sse.js';
import { connect, connected, nextClose, sleep, subscribe } from './helpers/ws.js';

const LogInLimited = graphql(`
  mutation LogInLimited($input: LogInInput!) {
    logIn(input: $input) {
      accessToken
    }
  }
`);

const TypingLimited = graphql(`
  mutation TypingLimited($roomId: ID!) {
    sendTypingIndicator(roomId: $roomId)
  }
`);

const FriendRequestLimited = graphql(`
  mutation FriendRequestLimited($userId: ID!) {
    sendFriendRequest(userId: $userId) {
      id
    }
  }
`);

const MessagesLimited = graphql(`
  subscription MessagesLimited($roomId: ID!, $after: String) {
    messageAdded(roomId: $roomId, after: $after) {
      id
    }
  }
`);

/** A chain Message.room → Room.lastMessage → … of `links` fields under node(id): depth links + 2. */
function depthQuery(links: number) {
  const fields = Array.from({ length: links }, (_, i) => (i % 2 === 0 ? 'room' : 'lastMessage'));
  const selection = fields.reduceRight((inner, field) => `${field} { ${inner} }`, 'id');
  return `{ node(id: "x") { ... on Message { ${selection} } } }`;
}
const aliasQuery = (aliases: number) =>
  `{ ${Array.from({ length: aliases }, (_, i) => `a${i}: me { id }`).join(' ')} }`;
const directiveQuery = (directives: number) =>
  `{ me { ${Array.from({ length: directives }, () => '__typename @include(if: true)').join(' ')} } }`;
/** 16 tokens around a list of `strings` string tokens. */
const tokenQuery = (strings: number) =>
  `mutation { addRoomMembers(roomId: "x", userIds: [${Array.from({ length: strings }, () => '"1"').join(' ')}]) { id } }`;
/** rooms(first: n) { edges { node { id } } } costs 10 for the connection and 7 per room. */
const costQuery = (first: number) => `{ rooms(first: ${first}) { edges { node { id } } } }`;

const atAndOver: [string, string, string][] = [
  ['depth', depthQuery(QUERY_LIMITS.maxDepth - 2), depthQuery(QUERY_LIMITS.maxDepth - 1)],
  ['aliases', aliasQuery(QUERY_LIMITS.maxAliases), aliasQuery(QUERY_LIMITS.maxAliases + 1)],
  ['directives', directiveQuery(QUERY_LIMITS.maxDirectives), directiveQuery(QUERY_LIMITS.maxDirectives + 1)],
  ['tokens', tokenQuery(QUERY_LIMITS.maxTokens - 16), tokenQuery(QUERY_LIMITS.maxTokens - 15)],
  [
    'cost',
    costQuery(Math.floor((QUERY_LIMITS.maxCost - 10) / 7)),
    costQuery(Math.floor((QUERY_LIMITS.maxCost - 10) / 7) + 1),
  ],
];

let server: TestServer;
let user: TestUser;
beforeAll(async () => {
  server = await startServer();
  user = await signUpUser(server.url, 'limited');
});
afterAll(() => server?.stop());

const codes = (errors: readonly { extensions?: Record<string, unknown> }[] | null | undefined) =>
  (errors ?? []).map((error) => error.extensions?.code);

describe('query limits', () => {
  it.each(atAndOver)(
    'passes %s at the limit and refuses one step over, over HTTP',
    async (_name, atLimit, overLimit) => {
      const ok = await rawRequest(server.url, JSON.stringify({ query: atLimit }), {
        authorization: `Bearer ${user.token}`,
      });
      expect(codes(ok.json?.errors)).not.toContain('GRAPHQL_VALIDATION_FAILED');
      const refused = await rawRequest(server.url, JSON.stringify({ query: overLimit }), {
        authorization: `Bearer ${user.token}`,
      });
      expect(codes(refused.json?.errors)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
      expect(refused.json?.errors?.[0]?.message).toMatch(/limit/i);
    },
  );

  it.each(atAndOver)(
    'passes %s at the limit and refuses one step over, over WebSocket',
    async (_name, atLimit, overLimit) => {
      const client = connect(server.wsUrl, user.token);
      try {
        const run = (query: string) =>
          new Promise<readonly { extensions?: Record<string, unknown> }[]>((resolve) => {
            client.subscribe(
              { query },
              {
                next: (result) => resolve(result.errors ?? []),
                error: (error) => resolve(Array.isArray(error) ? error : [{ extensions: { code: String(error) } }]),
                complete: () => {},
              },
            );
          });
        expect(codes(await run(atLimit))).not.toContain('GRAPHQL_VALIDATION_FAILED');
        expect(codes(await run(overLimit))).toEqual(['GRAPHQL_VALIDATION_FAILED']);
      } finally {
        await client.dispose();
      }
    },
  );

  // rooms(first: a) { … messages(first: b) … } costs 10 + a × (16 + 7b) (10 per connection read):
  // at a = 100, b = 69 is 49,910 and 70 is 50,610.
  const nestedPages = `query NestedPages($a: Int, $b: Int) {
    rooms(first: $a) { edges { node { messages(first: $b) { edges { node { id } } } } } }
  }`;
  const nestedPagesByDefault = nestedPages.replace('$a: Int, $b: Int', '$a: Int = 100, $b: Int = 70');
  /** 15 aliases × rooms { … messages { … 4 scalars } }: 61,800 at the default page size of 20 each. */
  const defaultPages = `{ ${Array.from(
    { length: QUERY_LIMITS.maxAliases },
    (_, i) => `r${i}: rooms { edges { node { messages { edges { node { id body createdAt clientId } } } } } }`,
  ).join(' ')} }`;

  it('counts page sizes from variables, their defaults and the default page size, over HTTP', async () => {
    const post = async (query: string, variables: Record<string, unknown> = {}) =>
      (await rawRequest(server.url, JSON.stringify({ query, variables }), { authorization: `Bearer ${user.token}` }))
        .json?.errors;
    expect(codes(await post(nestedPages, { a: 100, b: 69 }))).toEqual([]);
    const refused = await post(nestedPages, { a: 100, b: 70 });
    expect(codes(refused)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(refused?.[0]?.message).toBe(`Query cost limit of ${QUERY_LIMITS.maxCost} exceeded, found 50610.`);
    expect(codes(await post(nestedPagesByDefault))).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    // The same through a named fragment and an inline one: counted where they are spread.
    const throughFragments = `query Fragmented($a: Int, $b: Int) {
      rooms(first: $a) { edges { node { ... on Room { ...Pages } } } }
    }
    fragment Pages on Room { messages(first: $b) { edges { node { id } } } }`;
    expect(codes(await post(throughFragments, { a: 100, b: 69 }))).toEqual([]);
    expect((await post(throughFragments, { a: 100, b: 70 }))?.[0]?.message).toMatch(/found 50610\.$/);
    expect(codes(await post(defaultPages))).toEqual(['GRAPHQL_VALIDATION_FAILED']);
  });

  it('counts page sizes from variables in subscriptions, over WebSocket and SSE', async () => {
    const owner = await signUpUser(server.url, 'costly');
    const room = await createGroup(server.url, owner, [], 'costly');
    // Every event would be answered with 100 × 100 messages.
    const costly = `subscription Costly($roomId: ID!, $n: Int) { messageAdded(roomId: $roomId) {
      room { messages(last: $n) { edges { node { room { messages(last: $n) { edges { node { id } } } } } } } } } }`;
    const client = connect(server.wsUrl, owner.token);
    try {
      const run = (n: number) =>
        new Promise<readonly { extensions?: Record<string, unknown> }[]>((resolve) => {
          const stop = client.subscribe(
            { query: costly, variables: { roomId: room, n } },
            {
              next: (result) => resolve(result.errors ?? []),
              error: (error) => resolve(Array.isArray(error) ? error : [{ extensions: { code: String(error) } }]),
              complete: () => resolve([]),
            },
          );
          // A subscription that is let through sends nothing until a message comes: give up waiting.
          setTimeout(() => {
            stop();
            resolve([]);
          }, 1_000);
        });
      expect(codes(await run(100))).toEqual(['GRAPHQL_VALIDATION_FAILED']);
      expect(codes(await run(5))).toEqual([]);
    } finally {
      await client.dispose();
    }
    const overSse = await subscribeSse(server.url, owner.token, costly, { roomId: room, n: 100 });
    await overSse.ended;
    expect(overSse.events[0]?.data?.errors?.map((error) => error.extensions?.code)).toEqual([
      'GRAPHQL_VALIDATION_FAILED',
    ]);
  });

  it('hides field suggestions', async () => {
    const response = await rawRequest(server.url, JSON.stringify({ query: '{ me { usernam } }' }));
    expect(response.json?.errors?.[0]?.message).not.toMatch(/did you mean/i);
  });

  it('refuses batched requests', async () => {
    const response = await rawRequest(
      server.url,
      JSON.stringify([{ query: '{ me { id } }' }, { query: '{ me { id } }' }]),
      {
        accept: 'application/graphql-response+json',
      },
    );
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.json?.data).toBeUndefined();
  });
});

describe('rate limits', () => {
  it('slows password guessing per username, then lets the owner in after the window', async () => {
    const limited = await startServer({ env: { RATE_LIMITS: 'login=5/2s,loginAddress=1000000/1s,signUp=1000000/1s' } });
    try {
      const victim = await signUpUser(limited.url, 'victim');
      const results = [];
      for (let attempt = 0; attempt < 100; attempt++) {
        const response = await request(limited.url, LogInLimited, {
          input: { username: victim.username, password: `guess-${attempt}` },
        });
        results.push(response.errors?.[0]);
        if (response.errors?.[0]?.extensions?.code === 'RATE_LIMITED') break;
      }
      const firstLimited = results.findIndex((error) => error?.extensions?.code === 'RATE_LIMITED');
      expect(firstLimited).toBeGreaterThanOrEqual(0);
      expect(firstLimited).toBeLessThan(99);
      expect(results[firstLimited]!.extensions?.retryAfter).toBeGreaterThan(0);
      // Locked for now even with the right password …
      expectError(
        await request(limited.url, LogInLimited, { input: { username: victim.username, password: victim.password } }),
        'RATE_LIMITED',
      );
      // … but not for ever.
      await sleep(2_100);
      expectData(
        await request(limited.url, LogInLimited, { input: { username: victim.username, password: victim.password } }),
      );
    } finally {
      await limited.stop();
    }
  });

  it('limits failed logins per client address across usernames', async () => {
    const limited = await startServer({ env: { RATE_LIMITS: 'loginAddress=3/1m,signUp=1000000/1s' } });
    try {
      const attacker = uniqueLoopback();
      const query =
        'mutation ($u: String!) { logIn(input: { username: $u, password: "wrong password" }) { accessToken } }';
      const attempts = [];
      for (let i = 0; i < 4; i++)
        attempts.push(await postFrom(attacker, limited.url, { query, variables: { u: `nobody_${i}` } }));
      expect(attempts.map((attempt) => attempt.json.errors?.[0]?.extensions?.code)).toEqual([
        'UNAUTHENTICATED',
        'UNAUTHENTICATED',
        'UNAUTHENTICATED',
        'RATE_LIMITED',
      ]);
      const other = await postFrom(uniqueLoopback(), limited.url, { query, variables: { u: 'nobody_0' } });
      expect(other.json.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    } finally {
      await limited.stop();
    }
  });

  describe('client address behind a proxy', () => {
    const failedLogIn = (from: string, url: string, forwardedFor?: string) =>
      postFrom(
        from,
        url,
        {
          query: 'mutation { logIn(input: { username: "nobody_here", password: "wrong password" }) { accessToken } }',
        },
        forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor },
      ).then((response) => response.json.errors?.[0]?.extensions?.code);

    it('ignores X-Forwarded-For from a peer that is not a trusted proxy', async () => {
      const limited = await startServer({
        env: { RATE_LIMITS: 'loginAddress=2/1m,signUp=1000000/1s', TRUSTED_PROXIES: '192.0.2.10,10.0.0.0/8' },
      });
      try {
        const attacker = uniqueLoopback();
        const codes = [];
        for (const forged of ['203.0.113.1', '203.0.113.2', '203.0.113.3'])
          codes.push(await failedLogIn(attacker, limited.url, forged));
        expect(codes).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED', 'RATE_LIMITED']);
      } finally {
        await limited.stop();
      }
    });

    it("counts each client behind a trusted proxy on its own, by the proxy's X-Forwarded-For entry", async () => {
      const proxy = uniqueLoopback();
      const limited = await startServer({
        env: { RATE_LIMITS: 'loginAddress=2/1m,signUp=1000000/1s', TRUSTED_PROXIES: `${proxy},10.0.0.0/8` },
      });
      try {
        const codes = [];
        // The client prepends addresses of its own; the proxies (10.1.2.3, then `proxy`) append theirs.
        for (const prepended of ['198.51.100.1', '198.51.100.2', '198.51.100.3'])
          codes.push(await failedLogIn(proxy, limited.url, `${prepended}, 203.0.113.7, 10.1.2.3`));
        expect(codes).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED', 'RATE_LIMITED']);
        // The same client, with the port some proxies append, is the same client.
        expect(await failedLogIn(proxy, limited.url, '203.0.113.7:41234')).toBe('RATE_LIMITED');
        // Another client through the same proxy has its own budget, whether or not it came
        // through the inner proxy too (its entry is skipped as a trusted hop, not taken as the client).
        expect(await failedLogIn(proxy, limited.url, '203.0.113.8')).toBe('UNAUTHENTICATED');
        expect(await failedLogIn(proxy, limited.url, '203.0.113.9, 10.1.2.3')).toBe('UNAUTHENTICATED');
        // IPv6 clients, bare or bracketed with a port, are one client.
        const v6 = [];
        for (const entry of ['2001:db8::5', '[2001:db8::5]', '[2001:db8::5]:443'])
          v6.push(await failedLogIn(proxy, limited.url, entry));
        expect(v6).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED', 'RATE_LIMITED']);
        // Without the header, the proxy itself is the client.
        expect(await failedLogIn(proxy, limited.url)).toBe('UNAUTHENTICATED');
        // A peer outside TRUSTED_PROXIES cannot borrow the limited client's address, nor escape its own.
        const other = uniqueLoopback();
        expect(await failedLogIn(other, limited.url, '203.0.113.7')).toBe('UNAUTHENTICATED');
      } finally {
        await limited.stop();
      }
    });
  });

  it('limits messages, friend requests and typing per user, with a retry-after hint', async () => {
    const limited = await startServer({
      env: { RATE_LIMITS: 'message=5/1m,friendRequest=2/1m,typing=3/1m,signUp=1000000/1s' },
    });
    try {
      const [a, b, c, d, e] = await Promise.all(['ma', 'mb', 'mc', 'md', 'me'].map((p) => signUpUser(limited.url, p)));
      await makeFriends(limited.url, a!, b!); // a's first friend request
      const room = await createGroup(limited.url, a!, [b!], 'limited');
      for (let i = 0; i < 5; i++) await sendMessage(limited.url, a!, room, `m${i}`);
      const over = expectError(
        await request(
          limited.url,
          SendMessageMutation,
          { input: { roomId: room, body: 'one too many' } },
          { token: a!.token },
        ),
        'RATE_LIMITED',
      );
      expect(over.extensions?.retryAfter).toBeGreaterThan(0);
      expect(over.extensions?.retryAfter).toBeLessThanOrEqual(60);
      // Someone else's budget is their own.
      await sendMessage(limited.url, b!, room, 'from b');

      expectData(await request(limited.url, FriendRequestLimited, { userId: c!.id }, { token: a!.token }));
      expectError(
        await request(limited.url, FriendRequestLimited, { userId: d!.id }, { token: a!.token }),
        'RATE_LIMITED',
      );
      expectData(await request(limited.url, FriendRequestLimited, { userId: e!.id }, { token: b!.token }));

      for (let i = 0; i < 3; i++)
        expectData(await request(limited.url, TypingLimited, { roomId: room }, { token: b!.token }));
      expectError(await request(limited.url, TypingLimited, { roomId: room }, { token: b!.token }), 'RATE_LIMITED');
    } finally {
      await limited.stop();
    }
  });

  it('limits new sockets per client address', async () => {
    const limited = await startServer({ env: { RATE_LIMITS: 'socket=3/1m,signUp=1000000/1s' } });
    try {
      const address = uniqueLoopback();
      const open = (localAddress: string) =>
        new Promise<number>((resolve) => {
          const socket = new WebSocket(limited.wsUrl, 'graphql-transport-ws', { localAddress });
          socket.on('open', () => {
            resolve(101);
            socket.close();
          });
          socket.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
          socket.on('error', () => {});
        });
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push(await open(address));
      expect(statuses).toEqual([101, 101, 101, 429]);
      expect(await open(uniqueLoopback())).toBe(101);
    } finally {
      await limited.stop();
    }
  });

  it('caps concurrent SSE subscriptions per user, counting them until they end', async () => {
    const limited = await startServer({ env: { MAX_SSE_SUBSCRIPTIONS_PER_USER: '2' } });
    try {
      const owner = await signUpUser(limited.url, 'sse');
      const room = await createGroup(limited.url, owner, [], 'streams');
      const query = 'subscription ($roomId: ID!) { messageAdded(roomId: $roomId) { id } }';
      const open = () => subscribeSse(limited.url, owner.token, query, { roomId: room });
      // Subscriptions asked for without accepting an event stream (406) hold no place.
      for (let i = 0; i < 3; i++) {
        const refused = await rawRequest(limited.url, JSON.stringify({ query, variables: { roomId: room } }), {
          authorization: `Bearer ${owner.token}`,
          accept: 'application/json',
        });
        expect(refused.status).toBe(406);
      }
      const [first, second] = await Promise.all([open(), open()]);
      const third = await open();
      await third.ended;
      expect(third.events[0]?.data?.errors?.map((error) => error.extensions?.code)).toEqual(['RATE_LIMITED']);
      // The two open ones still deliver.
      await sendMessage(limited.url, owner, room, 'to both');
      await Promise.all([first.waitFor(1), second.waitFor(1)]);
      // Once one ends, its place is free again.
      first.close();
      let freed = false;
      for (let attempt = 0; attempt < 50 && !freed; attempt++) {
        const next = await open();
        await Promise.race([next.ended, sleep(200)]);
        freed = !next.events.some((event) => event.data?.errors?.length);
        next.close();
      }
      expect(freed).toBe(true);
      second.close();
    } finally {
      await limited.stop();
    }
  });

  it('caps concurrent subscriptions per socket and subscription starts per socket', async () => {
    const limited = await startServer({
      env: { MAX_SUBSCRIPTIONS_PER_SOCKET: '3', RATE_LIMITS: 'subscribe=4/1m,signUp=1000000/1s' },
    });
    try {
      const [owner, friend] = await Promise.all([signUpUser(limited.url, 'so'), signUpUser(limited.url, 'sf')]);
      await makeFriends(limited.url, owner, friend);
      const room = await createGroup(limited.url, owner, [friend], 'subs');
      const client = connect(limited.wsUrl, friend.token);
      try {
        const running = [1, 2, 3].map(() => subscribe(client, MessagesLimited, { roomId: room }));
        const fourth = subscribe(client, MessagesLimited, { roomId: room });
        await fourth.ended;
        expect(codes(fourth.errors)).toEqual(['RATE_LIMITED']);
        // The running ones are unaffected.
        await sleep(200);
        await sendMessage(limited.url, owner, room, 'still live');
        await Promise.all(running.map((subscription) => subscription.waitFor(1)));
        // Four starts per minute (the one refused by the cap did not count): after stopping one,
        // a fourth start passes and a fifth does not.
        running[0]!.stop();
        await sleep(100);
        const fifth = subscribe(client, MessagesLimited, { roomId: room });
        await sleep(200);
        expect(fifth.errors).toBeNull();
        fifth.stop();
        await sleep(100);
        const sixth = subscribe(client, MessagesLimited, { roomId: room });
        await sixth.ended;
        expect(codes(sixth.errors)).toEqual(['RATE_LIMITED']);
      } finally {
        await client.dispose();
      }
    } finally {
      await limited.stop();
    }
  });
});

describe('transport limits', () => {
  function rawSocket(headers: Record<string, string> = {}) {
    return new WebSocket(server.wsUrl, 'graphql-transport-ws', { headers });
  }
  const closeCodeOf = (socket: WebSocket) =>
    new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
  const opened = (socket: WebSocket) => new Promise<void>((resolve) => socket.on('open', () => resolve()));

  it('closes a socket that sends a frame over 64 KB with 1009, and keeps one under it', async () => {
    const big = rawSocket();
    await opened(big);
    const bigClosed = closeCodeOf(big);
    big.send(
      JSON.stringify({
        type: 'connection_init',
        payload: { authorization: `Bearer ${user.token}`, pad: 'x'.repeat(65 * 1024) },
      }),
    );
    expect(await bigClosed).toBe(1009);

    const small = rawSocket();
    await opened(small);
    const acked = new Promise<string>((resolve) =>
      small.on('message', (data) => resolve(JSON.parse(String(data)).type)),
    );
    small.send(
      JSON.stringify({
        type: 'connection_init',
        payload: { authorization: `Bearer ${user.token}`, pad: 'x'.repeat(60 * 1024) },
      }),
    );
    expect(await acked).toBe('connection_ack');
    small.close();
  });

  /** A sender and a reader in a group room of `limited`, whose first message is `first`. */
  async function senderAndReader(limited: TestServer, names: [string, string]) {
    const sender = await signUpUser(limited.url, names[0]);
    const reader = await signUpUser(limited.url, names[1]);
    await makeFriends(limited.url, sender, reader);
    const room = await createGroup(limited.url, sender, [reader], names.join(' and '));
    const first = await sendMessage(limited.url, sender, room, 'first');
    return { sender, reader, room, first };
  }

  it('closes a socket that stops reading with 1013 once its backlog passes SOCKET_BACKLOG_LIMIT', async () => {
    const limited = await startServer({ env: { SOCKET_BACKLOG_LIMIT: String(64 * 1024) } });
    try {
      const { sender, reader, room, first } = await senderAndReader(limited, ['flood', 'stalled']);

      const socket = new WebSocket(limited.wsUrl, 'graphql-transport-ws');
      await opened(socket);
      const closed = closeCodeOf(socket);
      const frames: { type: string; id?: string }[] = [];
      let onFrame = () => {};
      socket.on('message', (data) => {
        frames.push(JSON.parse(String(data)));
        onFrame();
      });
      const frameCount = (count: number) =>
        new Promise<void>((resolve) => {
          onFrame = () => frames.length >= count && resolve();
          onFrame();
        });
      socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${reader.token}` } }));
      await frameCount(1);
      // Three subscriptions: every message becomes three frames, so the flood below is short.
      const subscriptions = ['a', 'b', 'c'];
      for (const id of subscriptions) {
        const query =
          'subscription ($roomId: ID!, $after: String) { messageAdded(roomId: $roomId, after: $after) { body } }';
        socket.send(
          JSON.stringify({
            id,
            type: 'subscribe',
            payload: { query, variables: { roomId: room, after: first.cursor } },
          }),
        );
      }
      // Each subscription is live once it has replayed the message after `first` ...
      await sendMessage(limited.url, sender, room, 'live');
      await frameCount(1 + subscriptions.length);
      expect(frames.slice(1).map((frame) => frame.type)).toEqual(['next', 'next', 'next']);

      // ... then the client stops reading. 700 messages × 3 frames × 4 KB is about 8.5 MB: more than
      // the kernel buffers on both ends of a loopback connection hold, so the server's own queue grows.
      (socket as unknown as { _socket: { pause(): void; resume(): void } })._socket.pause();
      const body = 'x'.repeat(4000);
      const flood = 700;
      for (let batch = 0; batch < flood / 10; batch++) {
        await Promise.all(Array.from({ length: 10 }, () => sendMessage(limited.url, sender, room, body)));
      }
      (socket as unknown as { _socket: { resume(): void } })._socket.resume();

      expect(await closed).toBe(1013);
      const delivered = frames.filter((frame) => frame.type === 'next').length;
      expect(delivered).toBeLessThan(3 + flood * subscriptions.length);
      // The server goes on serving.
      expectData(
        await request(
          limited.url,
          SendMessageMutation,
          { input: { roomId: room, body: 'after' } },
          { token: sender.token },
        ),
      );
    } finally {
      await limited.stop();
    }
  }, 60_000);

  it('closes a socket that sends pings with payloads and never reads with 1013, as for subscription frames', async () => {
    const limited = await startServer({ env: { SOCKET_BACKLOG_LIMIT: String(64 * 1024) } });
    try {
      const pinger = await signUpUser(limited.url, 'pinger');
      const socket = new WebSocket(limited.wsUrl, 'graphql-transport-ws');
      await opened(socket);
      const closed = closeCodeOf(socket);
      let pongs = 0;
      const acked = new Promise<void>((resolve) => socket.once('message', () => resolve()));
      socket.on('message', (data) => void (JSON.parse(String(data)).type === 'pong' && pongs++));
      socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${pinger.token}` } }));
      await acked;
      // 400 pings × 30 KB is about 12 MB of pongs: more than the kernel buffers of a loopback
      // connection hold, so the server's own queue grows while the client does not read.
      (socket as unknown as { _socket: { pause(): void } })._socket.pause();
      const ping = JSON.stringify({ type: 'ping', payload: { pad: 'x'.repeat(30_000) } });
      const pings = 400;
      for (let i = 0; i < pings; i++) {
        await new Promise<void>((resolve, reject) => socket.send(ping, (err) => (err ? reject(err) : resolve())));
      }
      (socket as unknown as { _socket: { resume(): void } })._socket.resume();
      expect(await closed).toBe(1013);
      expect(pongs).toBeLessThan(pings);
    } finally {
      await limited.stop();
    }
  }, 60_000);

  it('replays more than SOCKET_BACKLOG_LIMIT at once to a reader that keeps up, without closing it', async () => {
    const limited = await startServer({ env: { SOCKET_BACKLOG_LIMIT: String(16 * 1024) } });
    try {
      const { sender, reader, room, first } = await senderAndReader(limited, ['history', 'catchup']);
      // 40 × 2 KB: one replay batch, written in one turn of the server's event loop.
      for (let i = 0; i < 40; i++) await sendMessage(limited.url, sender, room, `${i} ${'y'.repeat(2000)}`);

      const socket = new WebSocket(limited.wsUrl, 'graphql-transport-ws');
      await opened(socket);
      let closeCode: number | null = null;
      const bodies: string[] = [];
      const all = new Promise<void>((resolve) => {
        socket.on('close', (code) => {
          closeCode = code;
          resolve();
        });
        socket.on('message', (data) => {
          const frame = JSON.parse(String(data)) as {
            type: string;
            payload?: { data?: { messageAdded: { body: string } } };
          };
          if (frame.type === 'connection_ack') {
            socket.send(
              JSON.stringify({
                id: 'replay',
                type: 'subscribe',
                payload: {
                  query:
                    'subscription ($roomId: ID!, $after: String) { messageAdded(roomId: $roomId, after: $after) { body } }',
                  variables: { roomId: room, after: first.cursor },
                },
              }),
            );
          }
          if (frame.type === 'next') bodies.push(frame.payload!.data!.messageAdded.body);
          if (bodies.length === 40) resolve();
        });
      });
      socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${reader.token}` } }));
      await all;
      expect(bodies.map((body) => Number(body.split(' ')[0]))).toEqual(Array.from({ length: 40 }, (_, i) => i));
      expect(closeCode).toBeNull();
      socket.close();
    } finally {
      await limited.stop();
    }
  }, 60_000);

  it('pings every socket and cuts one that stops answering pings, keeping one that answers', async () => {
    const init = JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${user.token}` } });
    const silent = new WebSocket(server.wsUrl, 'graphql-transport-ws', { autoPong: false });
    const answering = rawSocket();
    await Promise.all([opened(silent), opened(answering)]);
    let pings = 0;
    silent.on('ping', () => pings++);
    silent.send(init);
    answering.send(init);
    let answeringClosed = false;
    answering.on('close', () => (answeringClosed = true));
    // Pinged at 12 s, cut at the next round (24 s) for not answering: terminated, so 1006.
    expect(await closeCodeOf(silent)).toBe(1006);
    expect(pings).toBeGreaterThanOrEqual(1);
    expect(answeringClosed).toBe(false);
    answering.close();
  }, 40_000);

  it('closes a socket that never sends connection_init with 4408', async () => {
    const idle = rawSocket();
    expect(await closeCodeOf(idle)).toBe(4408);
  }, 15_000);

  it('refuses an HTTP body over the cap with 413', async () => {
    const response = await rawRequest(
      server.url,
      JSON.stringify({ query: '{ me { id } }', pad: 'x'.repeat(3 * 1024 * 1024) }),
    );
    expect(response.status).toBe(413);
    expect(response.json?.errors?.[0]?.extensions?.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('refuses WebSocket upgrades from origins outside CORS_ORIGINS', async () => {
    const guarded = await startServer({ env: { CORS_ORIGINS: 'https://app.example.com' } });
    try {
      const attempt = (origin?: string) =>
        new Promise<number>((resolve) => {
          const socket = new WebSocket(guarded.wsUrl, 'graphql-transport-ws', origin ? { origin } : {});
          socket.on('open', () => {
            resolve(101);
            socket.close();
          });
          socket.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
          socket.on('error', () => {});
        });
      expect(await attempt('https://evil.example.com')).toBe(403);
      expect(await attempt('https://app.example.com')).toBe(101);
      expect(await attempt()).toBe(101);
    } finally {
      await guarded.stop();
    }
  });

  it('closes with 4409 a socket that reuses an operation id while that operation is still starting', async () => {
    const [owner, friend] = await Promise.all([signUpUser(server.url, 'ro'), signUpUser(server.url, 'rf')]);
    await makeFriends(server.url, owner, friend);
    const room = await createGroup(server.url, owner, [friend], 'reused ids');
    const socket = new WebSocket(server.wsUrl, 'graphql-transport-ws');
    await opened(socket);
    const closed = closeCodeOf(socket);
    const acked = new Promise<void>((resolve) => socket.once('message', () => resolve()));
    socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${friend.token}` } }));
    await acked;
    const query = 'subscription ($roomId: ID!) { messageAdded(roomId: $roomId) { id } }';
    const start = JSON.stringify({ id: 'x', type: 'subscribe', payload: { query, variables: { roomId: room } } });
    // One burst: graphql-ws has forgotten "x" once completed, though its operation is still starting.
    socket.send(start);
    socket.send(JSON.stringify({ id: 'x', type: 'complete' }));
    socket.send(start);
    expect(await closed).toBe(4409);
  });

  it('closes with 4400 when a client sends a server-only message type', async () => {
    for (const message of [
      { type: 'connection_ack' },
      { type: 'next', id: '1', payload: {} },
      { type: 'error', id: '1', payload: [] },
    ]) {
      const socket = rawSocket();
      await opened(socket);
      const acked = new Promise<void>((resolve) => socket.once('message', () => resolve()));
      socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${user.token}` } }));
      await acked;
      const closed = closeCodeOf(socket);
      socket.send(JSON.stringify(message));
      expect(await closed).toBe(4400);
    }
  });

  it('gives parse errors and unknown operation names a code over WebSocket too', async () => {
    const socket = rawSocket();
    await opened(socket);
    const replies: { type: string; payload?: { extensions?: { code?: string } }[] }[] = [];
    socket.on('message', (data) => replies.push(JSON.parse(String(data))));
    const acked = new Promise<void>((resolve) => socket.once('message', () => resolve()));
    socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${user.token}` } }));
    await acked;
    socket.send(JSON.stringify({ type: 'subscribe', id: '1', payload: { query: '{' } }));
    socket.send(
      JSON.stringify({ type: 'subscribe', id: '2', payload: { query: '{ me { id } }', operationName: 'Nope' } }),
    );
    await sleep(300);
    const errors = replies
      .filter((reply) => reply.type === 'error')
      .map((reply) => reply.payload?.[0]?.extensions?.code);
    expect(errors).toEqual(['GRAPHQL_PARSE_FAILED', 'OPERATION_RESOLUTION_FAILURE']);
    socket.close();
  });

  it('refuses a conditional subscription root field as invalid, over WebSocket (the socket stays) and SSE', async () => {
    const skipped = 'subscription Skipped($roomId: ID!) { messageAdded(roomId: $roomId) @skip(if: true) { id } }';
    const spread = `subscription Spread($roomId: ID!) { ...Root }
      fragment Root on Subscription { messageAdded(roomId: $roomId) @include(if: false) { id } }`;
    const client = connect(server.wsUrl, user.token);
    try {
      const run = (query: string) =>
        new Promise<readonly { message?: string; extensions?: Record<string, unknown> }[]>((resolve) => {
          client.subscribe(
            { query, variables: { roomId: 'x' } },
            {
              next: (result) => resolve(result.errors ?? []),
              error: (error) => resolve(error as never),
              complete: () => {},
            },
          );
        });
      for (const query of [skipped, spread]) {
        const errors = await run(query);
        expect(codes(errors)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
        expect(errors[0]?.message).toMatch(/root field cannot be conditional/);
      }
      // The socket is still usable.
      expect(codes(await run('subscription { messageAdded(roomId: "x") { id } }'))).toEqual(['BAD_USER_INPUT']);
    } finally {
      await client.dispose();
    }
    const overHttp = await rawRequest(server.url, JSON.stringify({ query: skipped, variables: { roomId: 'x' } }), {
      authorization: `Bearer ${user.token}`,
      accept: 'text/event-stream',
    });
    // Over SSE the refusal is the stream's one event (before, a 500 with INTERNAL_SERVER_ERROR).
    expect(overHttp.status).toBe(200);
    expect(overHttp.text).toContain('GRAPHQL_VALIDATION_FAILED');
    expect(overHttp.text).toContain('root field cannot be conditional');
  });

  it('keeps the socket open after a refused operation', async () => {
    const client = connect(server.wsUrl, user.token);
    try {
      await connected(client);
      const closed = nextClose(client).then(() => 'closed');
      const refused = subscribe(client, MessagesLimited, { roomId: 'garbage' });
      await refused.ended;
      expect(codes(refused.errors)).toEqual(['BAD_USER_INPUT']);
      expect(await Promise.race([closed, sleep(300).then(() => 'open')])).toBe('open');
    } finally {
      await client.dispose();
    }
  });
});
