import { print } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeGlobalId } from '../src/graphql/global-id.js';
import { graphql } from './gql/index.js';
import { SendMessageMutation, createGroup, sendMessage } from './helpers/chat.js';
import { expectError } from './helpers/client.js';
import { CapturedLog } from './helpers/logs.js';
import { startServer, type TestServer } from './helpers/server.js';
import { makeFriends } from './helpers/social.js';
import { subscribeSse } from './helpers/sse.js';
import { signUpUser, type TestUser } from './helpers/users.js';
import { sleep, subscribe, type Subscription } from './helpers/ws.js';

const ObservedMessages = graphql(`
  subscription ObservedMessages($roomId: ID!) {
    messageAdded(roomId: $roomId) {
      id
      body
    }
  }
`);

const ObservedLogIn = graphql(`
  mutation ObservedLogIn($input: LogInInput!) {
    logIn(input: $input) {
      accessToken
    }
  }
`);

/** A log line as pino writes it (level 20 debug, 30 info, 40 warn). */
interface LogLine {
  level: number;
  msg: string;
  requestId?: string;
  operationId?: string;
  transport?: string;
  userId?: string;
  operationName?: string;
  operationType?: string;
  status?: number;
  codes?: string[];
  rateLimits?: string[];
  loginFailed?: boolean;
  code?: number;
  ms?: number;
}

const log = new CapturedLog('debug');
const lines = () => log.lines.map((line) => JSON.parse(line) as LogLine);
const userIdOf = (user: TestUser) => decodeGlobalId(user.id).id;
const WS_REQUEST_ID = 'ws-upgrade-7f3a';

let server: TestServer;
let alice: TestUser;
let bob: TestUser;
let room: string;
/** Request ids the server echoed back, by what the request did. */
const echoed: Record<string, string | null> = {};

/** POSTs an operation with headers of our choosing; returns the body and the echoed X-Request-ID. */
async function post(document: Parameters<typeof print>[0], variables: object, headers: Record<string, string> = {}) {
  const response = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query: print(document), variables }),
  });
  const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
  return { body, requestId: response.headers.get('x-request-id') };
}

/** A graphql-ws client whose upgrade request carries X-Request-ID, as behind a proxy that sets one. */
function connectWithRequestId(token: string): Client {
  class IdentifiedSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers: { 'x-request-id': WS_REQUEST_ID } });
    }
  }
  return createClient({
    url: server.wsUrl,
    webSocketImpl: IdentifiedSocket,
    retryAttempts: 0,
    lazy: false,
    connectionParams: { authorization: `Bearer ${token}` },
    onNonLazyError: () => {},
  });
}

async function scrape(): Promise<string> {
  const response = await fetch(server.metricsUrl!);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
  return response.text();
}

/** The value of one series (`name{labels}` exactly as Prometheus prints it), or undefined. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((each) => each.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

/** Allocates ~64 MB of short-lived objects: several times V8's young generation, so it is collected. */
function churnYoungGeneration(): void {
  let kept = 0;
  for (let round = 0; round < 64; round++) {
    const garbage = Array.from({ length: 16_384 }, (_, index) => ({ index, text: `x${index}` }));
    kept += garbage.length;
  }
  expect(kept).toBe(64 * 16_384);
}

let client: Client;
let messages: Subscription<unknown>;

beforeAll(async () => {
  server = await startServer({
    logger: log.logger,
    env: { METRICS_PORT: '0', METRICS_HOST: '127.0.0.1', RATE_LIMITS: 'message=3/1m' },
  });
  [alice, bob] = [await signUpUser(server.url, 'alice'), await signUpUser(server.url, 'bob')];
  await makeFriends(server.url, alice, bob);
  room = await createGroup(server.url, alice, [bob], 'observed');
  client = connectWithRequestId(bob.token);
  messages = subscribe(client, ObservedMessages, { roomId: room });
  await sleep(200); // live once acknowledged
  const first = await post(
    SendMessageMutation,
    { input: { roomId: room, body: 'one' } },
    { authorization: `Bearer ${alice.token}`, 'x-request-id': 'proxy-req-0001' },
  );
  echoed.sent = first.requestId;
  for (const body of ['two', 'three']) await sendMessage(server.url, alice, room, body);
  await messages.waitFor(3);
  const refused = await post(
    SendMessageMutation,
    { input: { roomId: room, body: 'four' } },
    { authorization: `Bearer ${alice.token}` },
  );
  expectError(refused.body as never, 'RATE_LIMITED');
  echoed.rateLimited = refused.requestId;
  const failed = await post(
    ObservedLogIn,
    { input: { username: alice.username, password: 'wrong password' } },
    {
      'x-request-id': 'bad id with spaces',
    },
  );
  expectError(failed.body as never, 'UNAUTHENTICATED');
  echoed.failedLogin = failed.requestId;
});

afterAll(async () => {
  await client?.dispose();
  await server?.stop();
});

describe('GET /metrics', () => {
  it('is served on METRICS_PORT only, not on the public port', async () => {
    expect(server.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    expect(new URL(server.metricsUrl!).port).not.toBe(new URL(server.url).port);
    const publicPort = await fetch(`${server.origin}/metrics`);
    expect(publicPort.status).toBe(404);
    expect(await publicPort.text()).not.toContain('chat_');
  });

  it('shows operations, sockets, subscriptions, deliveries, feeds, pool, rate limits and the runtime', async () => {
    churnYoungGeneration();
    await sleep(50); // GC entries reach prom-client's PerformanceObserver asynchronously
    const text = await scrape();
    const ops = 'chat_graphql_operations_total{transport="http",type="mutation"';
    expect(sample(text, `${ops},name="SendMessage",outcome="ok"}`)).toBe(3);
    expect(sample(text, `${ops},name="SendMessage",outcome="RATE_LIMITED"}`)).toBe(1);
    expect(sample(text, `${ops},name="ObservedLogIn",outcome="UNAUTHENTICATED"}`)).toBe(1);
    const durations =
      'chat_graphql_operation_duration_seconds_count{transport="http",type="mutation",name="SendMessage"}';
    expect(sample(text, durations)).toBe(4);
    expect(text).toContain('chat_graphql_operation_duration_seconds_bucket{le="0.005",transport="http"');
    expect(sample(text, 'chat_open_sockets')).toBe(1);
    expect(sample(text, 'chat_active_subscriptions{transport="ws"}')).toBe(1);
    expect(sample(text, 'chat_subscription_deliveries_total')).toBe(3);
    expect(sample(text, 'chat_room_feeds_open')).toBe(1);
    expect(sample(text, 'chat_db_pool_connections')).toBeGreaterThan(0);
    expect(sample(text, 'chat_db_pool_idle_connections')).toBeGreaterThan(0);
    expect(sample(text, 'chat_db_pool_waiting')).toBe(0);
    expect(sample(text, 'chat_rate_limit_refusals_total{limit="message"}')).toBe(1);
    if (process.env.REDIS_URL) expect(sample(text, 'chat_redis_connected')).toBe(1);
    else expect(text).not.toContain('chat_redis_connected');
    // prom-client's defaults: event-loop delay (sampled since the app started), GC pauses (the
    // server runs in this process, so the churn above forces young-generation collections), process CPU.
    expect(sample(text, 'nodejs_eventloop_lag_p99_seconds')).toBeGreaterThan(0);
    expect(sample(text, 'nodejs_gc_duration_seconds_count{kind="minor"}')).toBeGreaterThan(0);
    expect(sample(text, 'process_cpu_seconds_total')).toBeGreaterThan(0);
  });
});

const requestLines = () => lines().filter((line) => line.msg === 'request');

describe('SSE subscriptions', () => {
  it('count as active while their stream is open, and log one line when it ends', async () => {
    const active = 'chat_active_subscriptions{transport="http"}';
    const sse = await subscribeSse(server.url, alice.token, print(ObservedMessages), { roomId: room });
    await sleep(100);
    expect(sample(await scrape(), active)).toBe(1);
    const streamLines = () => requestLines().filter((line) => line.operationType === 'subscription');
    expect(streamLines()).toHaveLength(0);
    sse.close();
    await sleep(200);
    expect(sample(await scrape(), active)).toBe(0);
    expect(streamLines()).toHaveLength(1);
    expect(streamLines()[0]).toMatchObject({ level: 30, userId: userIdOf(alice), operationName: 'ObservedMessages' });
  });
});

describe('request log', () => {
  it('writes one info line per HTTP operation with its request id (echoed), user, operation and duration', () => {
    expect(echoed.sent).toBe('proxy-req-0001');
    const mine = requestLines().filter((line) => line.requestId === 'proxy-req-0001');
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      level: 30,
      transport: 'http',
      status: 200,
      userId: userIdOf(alice),
      operationName: 'SendMessage',
      operationType: 'mutation',
    });
    expect(mine[0]!.codes).toBeUndefined();
    expect(mine[0]!.ms).toBeGreaterThan(0);
  });

  it('generates a request id when the client sends none or one that is not sane, and echoes it', () => {
    expect(echoed.rateLimited).toMatch(/^[0-9a-f-]{36}$/);
    expect(echoed.failedLogin).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestLines().filter((line) => line.requestId === echoed.failedLogin)).toHaveLength(1);
  });

  it('logs failed logins and rate-limit refusals at warn', () => {
    const [failed] = requestLines().filter((line) => line.requestId === echoed.failedLogin);
    expect(failed).toMatchObject({ level: 40, operationName: 'ObservedLogIn', codes: ['UNAUTHENTICATED'] });
    expect(failed!.loginFailed).toBe(true);
    const [refused] = requestLines().filter((line) => line.requestId === echoed.rateLimited);
    expect(refused).toMatchObject({
      level: 40,
      userId: userIdOf(alice),
      operationName: 'SendMessage',
      codes: ['RATE_LIMITED'],
      rateLimits: ['message'],
    });
    const warned = lines().filter((line) => line.level === 40 && line.msg === 'request');
    expect(warned.map((line) => line.requestId).sort()).toEqual([echoed.failedLogin, echoed.rateLimited].sort());
  });

  it('stamps the request id on the SQL logged at debug while the request runs', () => {
    const queries = lines().filter((line) => line.msg === 'query' && line.requestId === 'proxy-req-0001');
    // The session check, the membership check and the insert, at least.
    expect(queries.length).toBeGreaterThanOrEqual(2);
  });

  it('writes one line per socket operation when it ends and one per socket, none per event', async () => {
    const operationLines = () => lines().filter((line) => line.msg === 'operation' && line.requestId === WS_REQUEST_ID);
    expect(operationLines()).toHaveLength(0); // still running
    messages.stop();
    await messages.ended;
    await sleep(100);
    expect(operationLines()).toHaveLength(1);
    expect(operationLines()[0]).toMatchObject({
      level: 30,
      transport: 'ws',
      userId: userIdOf(bob),
      operationName: 'ObservedMessages',
      operationType: 'subscription',
    });
    expect(operationLines()[0]!.operationId).toBeTruthy();
    expect(sample(await scrape(), 'chat_active_subscriptions{transport="ws"}')).toBe(0);
    await client.dispose();
    await sleep(200);
    const closed = lines().filter((line) => line.msg === 'socket closed' && line.requestId === WS_REQUEST_ID);
    expect(closed).toHaveLength(1);
    expect(closed[0]).toMatchObject({ level: 30, transport: 'ws', userId: userIdOf(bob), code: 1000 });
    const text = await scrape();
    expect(sample(text, 'chat_open_sockets')).toBe(0);
    expect(
      sample(
        text,
        'chat_graphql_operations_total{transport="ws",type="subscription",name="ObservedMessages",outcome="ok"}',
      ),
    ).toBe(1);
  });
});
