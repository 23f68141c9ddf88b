import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { ApolloClient, ApolloLink, gql, HttpLink, InMemoryCache } from '@apollo/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGroup, sendMessage } from './helpers/chat.js';
import { startServer, type TestServer } from './helpers/server.js';
import { signUpUser, type TestUser } from './helpers/users.js';
import { connectWithParams, nextClose, sleep, subscribe } from './helpers/ws.js';
import { graphql } from './gql/index.js';

const APP = 'https://app.example.com';

let server: TestServer;
beforeAll(async () => {
  server = await startServer({ env: { CORS_ORIGINS: `${APP},https://admin.example.com`, TRUSTED_HOSTS: '' } });
});
afterAll(() => server?.stop());

interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

/**
 * One HTTP request with the headers as given (fetch sets Content-Length itself): a body gets its
 * Content-Length unless `chunked`.
 */
function rawHttp(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string; chunked?: boolean } = {},
): Promise<RawResponse> {
  const headers = { ...options.headers };
  if (options.body !== undefined && !options.chunked)
    headers['content-length'] = String(Buffer.byteLength(options.body));
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: options.method ?? 'GET', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString() }),
      );
    });
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

function expectCorsFor(origin: string, response: RawResponse) {
  expect(response.headers['access-control-allow-origin'], `${response.status} ${response.text}`).toBe(origin);
  expect(response.headers['access-control-allow-credentials']).toBe('true');
  expect(response.headers['access-control-expose-headers']).toContain('retry-after');
  expect(response.headers.vary).toContain('Origin');
}

const codeOf = (response: RawResponse) => JSON.parse(response.text).errors?.[0]?.extensions?.code;

describe('CORS', () => {
  it('answers preflights for listed origins with the headers browser apps send, and a max age', async () => {
    const preflight = await rawHttp(server.url, {
      method: 'OPTIONS',
      headers: {
        origin: APP,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type, x-refresh-cookie',
      },
    });
    expect(preflight.status).toBe(204);
    expectCorsFor(APP, preflight);
    const allowed = preflight.headers['access-control-allow-headers']!.split(/, */);
    expect(allowed).toEqual(expect.arrayContaining(['authorization', 'content-type', 'x-refresh-cookie', 'accept']));
    expect(preflight.headers['access-control-allow-methods']).toContain('POST');
    expect(preflight.headers['access-control-max-age']).toBe('600');
    // Another listed origin gets its own name back, never the first one's.
    const admin = await rawHttp(server.url, {
      method: 'OPTIONS',
      headers: { origin: 'https://admin.example.com', 'access-control-request-method': 'POST' },
    });
    expect(admin.headers['access-control-allow-origin']).toBe('https://admin.example.com');
  });

  it('gives an origin outside CORS_ORIGINS nothing, preflight or not', async () => {
    const headers = { origin: 'https://evil.example.com', 'access-control-request-method': 'POST' };
    const preflight = await rawHttp(server.url, { method: 'OPTIONS', headers });
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    expect(preflight.headers['access-control-allow-headers']).toBeUndefined();
    const health = await rawHttp(`${server.origin}/health`, { headers: { origin: 'https://evil.example.com' } });
    expect(health.headers['access-control-allow-origin']).toBeUndefined();
    expect(health.headers.vary).toContain('Origin');
  });

  it('puts its headers on every answer to an allowed origin: probes, refusals before GraphQL, errors', async () => {
    const origin = { origin: APP };
    const json = { ...origin, 'content-type': 'application/json' };
    const answers: Record<string, RawResponse> = {
      health: await rawHttp(`${server.origin}/health`, { headers: origin }),
      ready: await rawHttp(`${server.origin}/ready`, { headers: origin }),
      query: await rawHttp(server.url, { method: 'POST', headers: json, body: '{"query":"{ me { id } }"}' }),
      parseError: await rawHttp(server.url, { method: 'POST', headers: json, body: '{"query":"{"}' }),
      badToken: await rawHttp(server.url, {
        method: 'POST',
        headers: { ...json, authorization: 'Bearer nope' },
        body: '{"query":"{ me { id } }"}',
      }),
      wrongMethod: await rawHttp(server.url, { method: 'PUT', headers: json, body: '{}' }),
      lengthRequired: await rawHttp(server.url, { method: 'POST', headers: json, body: '{}', chunked: true }),
      tooLarge: await rawHttp(server.url, { method: 'POST', headers: { ...json, 'content-length': '99999999' } }),
      notJson: await rawHttp(server.url, {
        method: 'POST',
        headers: { ...origin, 'content-type': 'text/plain' },
        body: '{}',
      }),
    };
    expect(Object.fromEntries(Object.entries(answers).map(([name, answer]) => [name, answer.status]))).toEqual({
      health: 200,
      ready: 200,
      query: 200,
      parseError: 200,
      wrongMethod: 405,
      badToken: 200,
      lengthRequired: 411,
      tooLarge: 413,
      notJson: 415,
    });
    for (const answer of Object.values(answers)) expectCorsFor(APP, answer);
    expect(codeOf(answers.tooLarge!)).toBe('PAYLOAD_TOO_LARGE');
    expect(codeOf(answers.parseError!)).toBe('GRAPHQL_PARSE_FAILED');
    expect(codeOf(answers.badToken!)).toBe('UNAUTHENTICATED');
  });

  it('puts them on a wrong Host refusal (421) too', async () => {
    const guarded = await startServer({ env: { CORS_ORIGINS: APP, TRUSTED_HOSTS: 'chat.example.com' } });
    try {
      const refused = await rawHttp(`${guarded.origin}/health`, { headers: { origin: APP } });
      expect(refused.status).toBe(421);
      expectCorsFor(APP, refused);
      expect(codeOf(refused)).toBe('MISDIRECTED_REQUEST');
    } finally {
      await guarded.stop();
    }
  });

  it('puts them on the 503s of a stopping server, whose requests still end with Connection: close', async () => {
    const stopping = await startServer({ env: { CORS_ORIGINS: '*', CORS_MAX_AGE: '2h', SHUTDOWN_DELAY_MS: '1500' } });
    const stopped = stopping.stop();
    try {
      const ready = await rawHttp(`${stopping.origin}/ready`, { headers: { origin: APP } });
      expect(ready.status).toBe(503);
      // `*`: any origin, without credentials.
      expect(ready.headers['access-control-allow-origin']).toBe('*');
      expect(ready.headers['access-control-allow-credentials']).toBeUndefined();
      const query = await rawHttp(stopping.url, {
        method: 'POST',
        headers: { origin: APP, 'content-type': 'application/json' },
        body: '{"query":"{ me { id } }"}',
      });
      expect(query.status).toBe(200);
      expect(query.headers.connection).toBe('close');
      expect(query.headers['access-control-allow-origin']).toBe('*');
      const preflight = await rawHttp(stopping.url, {
        method: 'OPTIONS',
        headers: { origin: APP, 'access-control-request-method': 'POST' },
      });
      expect(preflight.headers['access-control-max-age']).toBe('7200');
    } finally {
      await stopped;
    }
  });
});

const MessageAddedSubscription = gql`
  subscription ApolloMessageAdded($roomId: ID!) {
    messageAdded(roomId: $roomId) {
      id
      body
    }
  }
`;

const MESSAGE_ADDED = 'subscription ($roomId: ID!) { messageAdded(roomId: $roomId) { id body } }';

/** Apollo Client 4 over plain HTTP, as a browser app would set it up, with the bearer token in a header. */
function apolloClient(url: string, user: TestUser) {
  return new ApolloClient({
    link: ApolloLink.from([new HttpLink({ uri: url, headers: { authorization: `Bearer ${user.token}` } })]),
    cache: new InMemoryCache(),
  });
}

/** Subscribes with Apollo Client and records what arrives. */
function apolloSubscribe(url: string, user: TestUser, roomId: string) {
  const received: { bodies: string[]; errors: unknown[]; completed: boolean } = {
    bodies: [],
    errors: [],
    completed: false,
  };
  const subscription = apolloClient(url, user)
    .subscribe<{ messageAdded: { body: string } }>({ query: MessageAddedSubscription, variables: { roomId } })
    .subscribe({
      next: (result) => {
        if (result.data) received.bodies.push(result.data.messageAdded.body);
        if (result.error) received.errors.push(result.error);
      },
      error: (error: unknown) => received.errors.push(error),
      complete: () => (received.completed = true),
    });
  return { received, stop: () => subscription.unsubscribe() };
}

describe('subscriptions over plain HTTP', () => {
  it("delivers messageAdded to Apollo Client's HttpLink (multipart subscriptions)", async () => {
    const owner = await signUpUser(server.url, 'apollo');
    const roomId = await createGroup(server.url, owner, [], 'apollo');
    const apollo = apolloSubscribe(server.url, owner, roomId);
    try {
      // Sent until the subscription is surely running: the first ones may precede it.
      for (let i = 0; apollo.received.bodies.length === 0 && i < 50; i++) {
        await sendMessage(server.url, owner, roomId, `warm-up ${i}`);
        await sleep(100);
      }
      await sendMessage(server.url, owner, roomId, 'first');
      await sendMessage(server.url, owner, roomId, 'second');
      await expect.poll(() => apollo.received.bodies.slice(-2), { timeout: 10_000 }).toEqual(['first', 'second']);
      expect(apollo.received.errors).toEqual([]);
    } finally {
      apollo.stop();
    }
  });

  it('counts multipart subscriptions in the per-user cap, and frees the place when the client leaves', async () => {
    const limited = await startServer({ env: { MAX_SSE_SUBSCRIPTIONS_PER_USER: '1' } });
    try {
      const owner = await signUpUser(limited.url, 'cap');
      const roomId = await createGroup(limited.url, owner, [], 'cap');
      const multipart = (signal?: AbortSignal) =>
        fetch(limited.url, {
          method: 'POST',
          signal,
          headers: {
            'content-type': 'application/json',
            accept: 'multipart/mixed;boundary="-";subscriptionSpec=1.0,application/json',
            authorization: `Bearer ${owner.token}`,
          },
          body: JSON.stringify({ query: MESSAGE_ADDED, variables: { roomId } }),
        });
      const first = new AbortController();
      const open = await multipart(first.signal);
      expect(open.headers.get('content-type')).toMatch(/^multipart\/mixed/);
      const second = await multipart();
      expect(await second.text()).toContain('RATE_LIMITED');
      first.abort();
      let freed = false;
      for (let attempt = 0; attempt < 50 && !freed; attempt++) {
        const again = new AbortController();
        const next = await multipart(again.signal);
        freed = next.headers.get('content-type')?.startsWith('multipart/mixed') ?? false;
        again.abort();
        if (!freed) await sleep(100);
      }
      expect(freed).toBe(true);
    } finally {
      await limited.stop();
    }
  });

  it('answers a subscription asked for as plain JSON with a coded error, over POST and GET', async () => {
    const owner = await signUpUser(server.url, 'json');
    const roomId = await createGroup(server.url, owner, [], 'json');
    const headers = { accept: 'application/json', authorization: `Bearer ${owner.token}`, origin: APP };
    const post = await rawHttp(server.url, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ query: MESSAGE_ADDED, variables: { roomId } }),
    });
    const search = new URLSearchParams({ query: MESSAGE_ADDED, variables: JSON.stringify({ roomId }) });
    const get = await rawHttp(`${server.url}?${search}`, { headers });
    for (const answer of [post, get]) {
      expect(answer.status).toBe(406);
      expect(answer.headers['content-type']).toContain('application/json');
      expect(codeOf(answer)).toBe('BAD_REQUEST');
      expect(JSON.parse(answer.text).errors[0].message).toContain('text/event-stream');
      expectCorsFor(APP, answer);
    }
  });
});

const MeQuery = graphql(`
  query BrowserHttpMe {
    me {
      id
    }
  }
`);

describe('connectionParams', () => {
  it('match authorization whatever its case', async () => {
    const user = await signUpUser(server.url, 'params');
    for (const key of ['authorization', 'Authorization', 'AUTHORIZATION']) {
      const client = connectWithParams(server.wsUrl, { [key]: `Bearer ${user.token}` });
      try {
        const me = subscribe(client, MeQuery, {});
        const [event] = await me.waitFor(1);
        expect(event?.me?.id, key).toBe(user.id);
      } finally {
        await client.dispose();
      }
    }
  });

  it('refuse a socket whose spellings of authorization disagree (4403)', async () => {
    const [one, other] = [await signUpUser(server.url, 'params'), await signUpUser(server.url, 'params')];
    const client = connectWithParams(server.wsUrl, {
      authorization: `Bearer ${one.token}`,
      Authorization: `Bearer ${other.token}`,
    });
    try {
      expect(await nextClose(client)).toBe(4403);
    } finally {
      await client.dispose();
    }
  });
});
