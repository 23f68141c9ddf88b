import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import {
  GraphQLBoolean,
  GraphQLError,
  GraphQLInt,
  GraphQLObjectType,
  GraphQLSchema,
  GraphQLString,
  parse,
  type ExecutionResult,
} from 'graphql';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { DomainError } from '../../src/platform/errors.js';
import { viewerSpecific } from '../../src/graphql/viewer-specific.js';
import { CloseCode } from '../../src/realtime/close-codes.js';
import { listening, LiveStream, MAX_PULL_QUEUE, type StreamSink } from '../../src/realtime/live-stream.js';
import { subscribeShared } from '../../src/realtime/shared-execution.js';
import { MAX_RESPONSE_BYTES } from '../../src/security/response-size.js';
import { sleep } from '../helpers/ws.js';

/**
 * Live delivery as two state machines. A LiveStream is set up (subscriptions made), then started
 * (membership check, replay), then runs queued work one piece at a time until it ends — by its
 * source, by a failure or by its consumer — and releases what setup subscribed exactly once,
 * whichever way it ends. subscribeShared attaches a SocketDelivery to it: each event is executed
 * once per share key (document, operation, variables; per subscriber when the document reads
 * something viewer-specific), written to every subscriber's socket in event order, and the
 * delivery closes the socket with 1013 when it falls too far behind. Real LiveStreams, a real
 * graphql schema and a real `ws` socket pair on the loopback; the client's frames are what the
 * tests read.
 */

/** What the test publishes: `gate` holds the event's execution back, `fail` makes it throw. */
interface SaidEvent {
  n: number;
  body?: string;
  gate?: Promise<void>;
  fail?: string;
}

interface Context {
  viewer: string;
  open: () => LiveStream<SaidEvent>;
}

/** Every execution of an event, as "viewer:n" (the viewer of the context it executed with). */
let executions: string[] = [];

const Said = new GraphQLObjectType<SaidEvent, Context>({
  name: 'Said',
  fields: {
    n: { type: GraphQLInt },
    body: { type: GraphQLString },
    viewer: { type: GraphQLString, extensions: viewerSpecific, resolve: (_event, _args, context) => context.viewer },
  },
});

const schema = new GraphQLSchema({
  query: new GraphQLObjectType({ name: 'Query', fields: { ok: { type: GraphQLBoolean } } }),
  // Each event is the root value its execution starts from.
  subscription: new GraphQLObjectType<SaidEvent, Context>({
    name: 'Subscription',
    fields: {
      said: {
        type: Said,
        args: { room: { type: GraphQLString } },
        subscribe: (_root, _args, context) => context.open(),
        resolve: async (event, _args, context) => {
          executions.push(`${context.viewer}:${event.n}`);
          await event.gate;
          if (event.fail) throw new Error(event.fail);
          return event;
        },
      },
    },
  }),
});

const SAID = 'subscription Said($room: String) { said(room: $room) { n body } }';
const SAID_WITH_VIEWER = 'subscription Said($room: String) { said(room: $room) { n viewer } }';
const SAID_VIEWER_IN_FRAGMENT = 'subscription Said { said { ...Who } } fragment Who on Said { n viewer }';

/**
 * What subscribeShared is given to mask errors with, as ws.ts's maskForSocket does: from the error
 * that was thrown, and visibly different from it.
 */
const mask = (result: ExecutionResult): ExecutionResult => ({
  ...result,
  errors: result.errors?.map(
    (error) =>
      new GraphQLError(`masked: ${(error.originalError ?? error).message}`, { extensions: { code: 'MASKED' } }),
  ),
});

/** A live stream the test feeds by hand; counts how often its teardown ran. */
class Feed {
  released = 0;
  started = false;
  readonly stream: LiveStream<SaidEvent>;
  constructor(options: { setup?: () => Promise<void>; start?: () => Promise<void> } = {}) {
    this.stream = new LiveStream<SaidEvent>(async () => {
      await options.setup?.();
      return {
        unsubscribe: [() => void (this.released += 1)],
        start: async () => {
          await options.start?.();
          this.started = true;
        },
      };
    });
  }
}

function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

async function until(condition: () => boolean, timeoutMs = 5_000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await sleep(2);
  }
}

/** Settles to `value`, or to 'pending' if `promise` has not settled within `ms`. */
const settledWithin = <T>(promise: Promise<T>, ms = 30) =>
  Promise.race([promise, sleep(ms).then(() => 'pending' as const)]);

interface NextFrame {
  id: string;
  type: string;
  payload: {
    data?: { said: { n: number; body?: string; viewer?: string } | null };
    errors?: { message: string; extensions?: { code?: string } }[];
  };
}

interface Pair {
  server: WebSocket;
  client: WebSocket;
  /** Every frame the client has read, in order. */
  frames: NextFrame[];
  /** The code and reason the client's socket closed with. */
  closed: Promise<{ code: number; reason: string }>;
}

let wss: WebSocketServer;
let url: string;
const pairs: Pair[] = [];

beforeAll(async () => {
  wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await once(wss, 'listening');
  url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`;
});

beforeEach(() => {
  executions = [];
});

afterEach(() => {
  for (const pair of pairs.splice(0)) {
    pair.client.terminate();
    pair.server.terminate();
  }
});

afterAll(async () => {
  await new Promise<void>((resolve) => wss.close(() => resolve()));
});

/** A connected server socket (what subscribeShared writes to) and its client. One at a time. */
async function socketPair(): Promise<Pair> {
  const accepted = once(wss, 'connection') as Promise<[WebSocket]>;
  const client = new WebSocket(url);
  const frames: NextFrame[] = [];
  client.on('message', (data) => frames.push(JSON.parse(String(data)) as NextFrame));
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    client.on('close', (code, reason) => resolve({ code, reason: String(reason) })),
  );
  const [[server]] = await Promise.all([accepted, once(client, 'open')]);
  const pair = { server, client, frames, closed };
  pairs.push(pair);
  return pair;
}

interface Subscribed {
  feed: Feed;
  operation: AsyncIterableIterator<ExecutionResult>;
  deliveries: { count: number };
}

/** Subscribes as graphql-ws does through ws.ts, with a stream of the test's. */
async function subscribe(
  socket: WebSocket,
  id: string,
  options: {
    viewer: string;
    query?: string;
    variables?: Record<string, unknown>;
    feed?: Feed;
    maxBacklogBytes?: number;
    deliveries?: { count: number };
  },
): Promise<Subscribed> {
  const feed = options.feed ?? new Feed();
  const deliveries = options.deliveries ?? { count: 0 };
  const context: Context = { viewer: options.viewer, open: () => feed.stream };
  const result = await subscribeShared(
    {
      schema,
      document: parse(options.query ?? SAID),
      variableValues: options.variables ?? {},
      contextValue: context,
    },
    mask,
    { socket, id, maxBacklogBytes: options.maxBacklogBytes ?? 1024 * 1024, deliveries },
  );
  if (!(Symbol.asyncIterator in result)) throw new Error(`no operation: ${JSON.stringify(result)}`);
  return { feed, operation: result, deliveries };
}

const said = (frame: NextFrame) => frame.payload.data?.said;

describe('subscribeShared', () => {
  it('executes an event once per share key: subscribers of the same document and variables share one execution, other variables get their own, and every subscriber gets its frame', async () => {
    const first = await socketPair();
    const second = await socketPair();
    const deliveries = { count: 0 };
    const ann = await subscribe(first.server, 'a', { viewer: 'ann', variables: { room: 'r1' }, deliveries });
    const bob = await subscribe(second.server, 'b', { viewer: 'bob', variables: { room: 'r1' }, deliveries });
    const cid = await subscribe(first.server, 'c', { viewer: 'cid', variables: { room: 'r2' }, deliveries });
    const event: SaidEvent = { n: 1, body: 'hi' };
    for (const { feed } of [ann, bob, cid]) feed.stream.push(event);
    await until(() => first.frames.length === 2 && second.frames.length === 1);
    expect(executions).toEqual(['ann:1', 'cid:1']);
    expect(first.frames.map((frame) => [frame.id, frame.type, said(frame)])).toEqual([
      ['a', 'next', { n: 1, body: 'hi' }],
      ['c', 'next', { n: 1, body: 'hi' }],
    ]);
    expect(second.frames.map((frame) => [frame.id, frame.type, said(frame)])).toEqual([
      ['b', 'next', { n: 1, body: 'hi' }],
    ]);
    expect(deliveries.count).toBe(3);
  });

  it('executes an event once per subscriber when the document selects a viewer-specific field, each with its own viewer', async () => {
    const pair = await socketPair();
    const ann = await subscribe(pair.server, 'a', { viewer: 'ann', query: SAID_WITH_VIEWER, variables: { room: 'r' } });
    const bob = await subscribe(pair.server, 'b', { viewer: 'bob', query: SAID_WITH_VIEWER, variables: { room: 'r' } });
    const event: SaidEvent = { n: 1 };
    ann.feed.stream.push(event);
    bob.feed.stream.push(event);
    await until(() => pair.frames.length === 2);
    expect(executions).toEqual(['ann:1', 'bob:1']);
    expect(pair.frames.map((frame) => [frame.id, said(frame)])).toEqual([
      ['a', { n: 1, viewer: 'ann' }],
      ['b', { n: 1, viewer: 'bob' }],
    ]);
  });

  it('finds a viewer-specific field inside a fragment: executed per subscriber too', async () => {
    const pair = await socketPair();
    const ann = await subscribe(pair.server, 'a', { viewer: 'ann', query: SAID_VIEWER_IN_FRAGMENT });
    const bob = await subscribe(pair.server, 'b', { viewer: 'bob', query: SAID_VIEWER_IN_FRAGMENT });
    const event: SaidEvent = { n: 7 };
    ann.feed.stream.push(event);
    bob.feed.stream.push(event);
    await until(() => pair.frames.length === 2);
    expect(executions).toEqual(['ann:7', 'bob:7']);
    expect(pair.frames.map(said)).toEqual([
      { n: 7, viewer: 'ann' },
      { n: 7, viewer: 'bob' },
    ]);
  });

  it('writes frames in event order: frames that are ready wait behind one still executing', async () => {
    const pair = await socketPair();
    const { feed, deliveries } = await subscribe(pair.server, 'a', { viewer: 'ann' });
    const slow = gate();
    feed.stream.push({ n: 1, gate: slow.promise });
    feed.stream.push({ n: 2 });
    feed.stream.push({ n: 3 });
    await sleep(30);
    expect(executions).toEqual(['ann:1', 'ann:2', 'ann:3']); // all three ran ...
    expect(deliveries.count).toBe(0); // ... and none went out ahead of the first
    slow.open();
    await until(() => pair.frames.length === 3);
    expect(pair.frames.map((frame) => said(frame)?.n)).toEqual([1, 2, 3]);
  });

  it('keeps each subscriber in event order when it shares a frame that is ready with one whose frame is not', async () => {
    const pair = await socketPair();
    const ann = await subscribe(pair.server, 'a', { viewer: 'ann' });
    const bob = await subscribe(pair.server, 'b', { viewer: 'bob' });
    const slow = gate();
    const first: SaidEvent = { n: 1, gate: slow.promise };
    const second: SaidEvent = { n: 2 };
    ann.feed.stream.push(first);
    ann.feed.stream.push(second);
    await sleep(20); // the second event's frame is made and ready; the first one's waits on its gate
    bob.feed.stream.push(first);
    bob.feed.stream.push(second); // its frame is ready (made for ann), the first one is not
    await sleep(30);
    expect(pair.frames).toEqual([]);
    slow.open();
    await until(() => pair.frames.length === 4);
    expect(executions).toEqual(['ann:1', 'ann:2']);
    expect(pair.frames.filter((frame) => frame.id === 'a').map((frame) => said(frame)?.n)).toEqual([1, 2]);
    expect(pair.frames.filter((frame) => frame.id === 'b').map((frame) => said(frame)?.n)).toEqual([1, 2]);
  });

  it('sends an event whose execution fails as a frame of masked errors, and goes on with the next', async () => {
    const pair = await socketPair();
    const { feed } = await subscribe(pair.server, 'a', { viewer: 'ann' });
    feed.stream.push({ n: 1, fail: 'boom' });
    feed.stream.push({ n: 2 });
    await until(() => pair.frames.length === 2);
    expect(pair.frames[0]!.payload).toEqual({
      data: { said: null },
      errors: [{ message: 'masked: boom', extensions: { code: 'MASKED' } }],
    });
    expect(said(pair.frames[1]!)).toEqual({ n: 2, body: null });
    expect(feed.released).toBe(0);
  });

  it('sends a result over MAX_RESPONSE_BYTES as a RESPONSE_TOO_LARGE error instead', async () => {
    const pair = await socketPair();
    const { feed } = await subscribe(pair.server, 'a', { viewer: 'ann' });
    feed.stream.push({ n: 1, body: 'x'.repeat(MAX_RESPONSE_BYTES) });
    feed.stream.push({ n: 2, body: 'small' });
    await until(() => pair.frames.length === 2);
    expect(pair.frames[0]!.payload.data).toBeUndefined();
    expect(pair.frames[0]!.payload.errors?.map((error) => error.extensions?.code)).toEqual(['RESPONSE_TOO_LARGE']);
    expect(said(pair.frames[1]!)).toEqual({ n: 2, body: 'small' });
  });

  it('closes a socket that stopped reading with 1013 once its backlog passes maxBacklogBytes, and releases the stream at once', async () => {
    const pair = await socketPair();
    const maxBacklogBytes = 64 * 1024;
    const { feed, operation, deliveries } = await subscribe(pair.server, 'a', { viewer: 'ann', maxBacklogBytes });
    await feed.stream.setUp;
    pair.client.pause();
    // 100 KB a frame: the kernel buffers of both ends of a loopback connection take a few MB, then
    // the server socket's own queue grows past the limit.
    const body = 'x'.repeat(100 * 1024);
    let pushed = 0;
    while (pair.server.readyState === WebSocket.OPEN && pushed < 1_000) {
      feed.stream.push({ n: ++pushed, body });
      await sleep(1);
    }
    // Closed at the frame that found the backlog over the limit, and the stream released with it,
    // not at the end of a close handshake that a client which does not read never completes.
    expect(pair.server.readyState).toBe(WebSocket.CLOSING);
    expect(feed.stream.isEnded()).toBe(true);
    expect(feed.released).toBe(1);
    expect(await settledWithin(operation.next())).toEqual({ value: undefined, done: true });
    expect(deliveries.count).toBe(pushed - 1);
    feed.stream.push({ n: pushed + 1, body }); // ended: neither executed nor written
    pair.client.resume();
    expect(await pair.closed).toEqual({
      code: CloseCode.TryAgainLater,
      reason: 'Too far behind: reconnect and resume with after',
    });
    expect(pair.frames.map((frame) => said(frame)?.n)).toEqual(Array.from({ length: pushed - 1 }, (_, i) => i + 1));
    expect(executions).toHaveLength(pushed);
    expect(feed.released).toBe(1);
  });

  it('drained() settles once a frame that was still executing has been written', async () => {
    const pair = await socketPair();
    const { feed, deliveries } = await subscribe(pair.server, 'a', { viewer: 'ann' });
    await feed.stream.setUp;
    const slow = gate();
    feed.stream.push({ n: 1, gate: slow.promise });
    const drained = feed.stream.drained().then(() => deliveries.count);
    expect(await settledWithin(drained)).toBe('pending');
    slow.open();
    expect(await drained).toBe(1);
  });

  it('drained() paces a replay while the socket backlog is over a quarter of maxBacklogBytes, without closing the socket', async () => {
    const pair = await socketPair();
    const maxBacklogBytes = 1024 * 1024;
    const { feed, deliveries } = await subscribe(pair.server, 'a', { viewer: 'ann', maxBacklogBytes });
    await feed.stream.setUp;
    pair.client.pause();
    const body = 'x'.repeat(32 * 1024);
    let pushed = 0;
    while (pair.server.bufferedAmount <= maxBacklogBytes / 4 && pushed < 2_000) {
      feed.stream.push({ n: ++pushed, body });
      await sleep(1);
    }
    expect(pair.server.bufferedAmount).toBeGreaterThan(maxBacklogBytes / 4);
    expect(pair.server.bufferedAmount).toBeLessThanOrEqual(maxBacklogBytes);
    expect(deliveries.count).toBe(pushed);
    const drained = feed.stream.drained();
    expect(await settledWithin(drained, 100)).toBe('pending');
    pair.client.resume();
    await drained;
    expect(pair.server.bufferedAmount).toBeLessThanOrEqual(maxBacklogBytes / 4);
    await until(() => pair.frames.length === pushed);
    expect(pair.server.readyState).toBe(WebSocket.OPEN);
    expect(feed.released).toBe(0);
  });

  it('completes the operation when the stream ends, only once the frames before the end are written; released at the end', async () => {
    const pair = await socketPair();
    const { feed, operation, deliveries } = await subscribe(pair.server, 'a', { viewer: 'ann' });
    await feed.stream.setUp;
    const slow = gate();
    feed.stream.push({ n: 1, gate: slow.promise });
    feed.stream.stop();
    expect(feed.released).toBe(1);
    const completed = operation.next().then((step) => ({ step, written: deliveries.count }));
    expect(await settledWithin(completed)).toBe('pending');
    slow.open();
    expect(await completed).toEqual({ step: { value: undefined, done: true }, written: 1 });
    await until(() => pair.frames.length === 1);
    expect(feed.released).toBe(1);
  });

  it('fails the operation with the masked error the stream ended with, after the frames before it', async () => {
    const pair = await socketPair();
    const { feed, operation, deliveries } = await subscribe(pair.server, 'a', { viewer: 'ann' });
    await feed.stream.setUp;
    feed.stream.push({ n: 1 });
    feed.stream.stop(new DomainError('NOT_FOUND', 'Room not found.'));
    const failure = await operation.next().then(
      () => null,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(GraphQLError);
    expect((failure as GraphQLError).message).toBe('masked: Room not found.');
    expect(deliveries.count).toBe(1);
    expect(feed.released).toBe(1);
  });

  it('return() (the client completed) releases the stream once; later events are neither executed nor sent', async () => {
    const pair = await socketPair();
    const { feed, operation, deliveries } = await subscribe(pair.server, 'a', { viewer: 'ann' });
    await feed.stream.setUp;
    const pending = operation.next();
    expect(await operation.return!()).toEqual({ value: undefined, done: true });
    expect(await pending).toEqual({ value: undefined, done: true });
    expect(feed.released).toBe(1);
    feed.stream.push({ n: 1 });
    await operation.return!();
    feed.stream.stop();
    await sleep(20);
    expect(executions).toEqual([]);
    expect(deliveries.count).toBe(0);
    expect(feed.released).toBe(1);
  });

  it('releases the stream at its next event once the socket has closed, writing nothing', async () => {
    const pair = await socketPair();
    const { feed, operation, deliveries } = await subscribe(pair.server, 'a', { viewer: 'ann' });
    await feed.stream.setUp;
    const serverClosed = once(pair.server, 'close');
    pair.client.close();
    await serverClosed;
    expect(feed.released).toBe(0); // nothing tells the delivery before it writes
    feed.stream.push({ n: 1 });
    expect(await operation.next()).toEqual({ value: undefined, done: true });
    expect(feed.released).toBe(1);
    expect(deliveries.count).toBe(0);
    expect(pair.frames).toEqual([]);
  });

  it('fails the operation when the stream fails to start, and releases what its setup subscribed once', async () => {
    const pair = await socketPair();
    const feed = new Feed({ start: () => Promise.reject(new DomainError('NOT_FOUND', 'Room not found.')) });
    const { operation } = await subscribe(pair.server, 'a', { viewer: 'ann', feed });
    const failure = await operation.next().then(
      () => null,
      (error: unknown) => error,
    );
    expect((failure as GraphQLError).message).toBe('masked: Room not found.');
    expect(feed.started).toBe(false);
    expect(feed.released).toBe(1);
    await operation.return!();
    expect(feed.released).toBe(1);
  });

  it('fails the operation when the stream setup fails, with nothing to release', async () => {
    const pair = await socketPair();
    const feed = new Feed({ setup: () => Promise.reject(new Error('no hub')) });
    const { operation } = await subscribe(pair.server, 'a', { viewer: 'ann', feed });
    const failure = await operation.next().then(
      () => null,
      (error: unknown) => error,
    );
    expect((failure as GraphQLError).message).toBe('masked: no hub');
    expect(feed.started).toBe(false);
    expect(feed.released).toBe(0);
  });

  it('answers a subscribe resolver that throws with its masked errors and no operation', async () => {
    const pair = await socketPair();
    const context: Context = {
      viewer: 'ann',
      open: () => {
        throw new DomainError('FORBIDDEN', 'Not a member.');
      },
    };
    const result = await subscribeShared({ schema, document: parse(SAID), contextValue: context }, mask, {
      socket: pair.server,
      id: 'a',
      maxBacklogBytes: 1024,
      deliveries: { count: 0 },
    });
    expect(Symbol.asyncIterator in result).toBe(false);
    expect((result as ExecutionResult).errors?.map((error) => error.message)).toEqual(['masked: Not a member.']);
  });

  it('refuses a subscribe resolver that returns another async iterable, and returns that iterable', async () => {
    const pair = await socketPair();
    let returned = false;
    async function* other() {
      try {
        yield 1;
      } finally {
        returned = true;
      }
    }
    const iterable = other();
    await iterable.next(); // suspended at its yield: return() runs its finally
    const context = { viewer: 'ann', open: () => iterable };
    await expect(
      subscribeShared({ schema, document: parse(SAID), contextValue: context }, mask, {
        socket: pair.server,
        id: 'a',
        maxBacklogBytes: 1024,
        deliveries: { count: 0 },
      }),
    ).rejects.toThrow('Subscription resolvers must return a LiveStream');
    await until(() => returned);
  });
});

/** A LiveStream with nothing behind it: counts its releases and logs what its start did. */
function stream<T>(options: { setup?: () => Promise<void>; start?: () => Promise<void> } = {}): {
  stream: LiveStream<T>;
  released: () => number;
  started: () => boolean;
} {
  let released = 0;
  let started = false;
  const live = new LiveStream<T>(async () => {
    await options.setup?.();
    return {
      unsubscribe: [() => void (released += 1)],
      start: async () => {
        await options.start?.();
        started = true;
      },
    };
  });
  return { stream: live, released: () => released, started: () => started };
}

const rejection = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: unknown) => error,
  );

describe('LiveStream', () => {
  it('runs queued work only once start has finished, then one piece at a time in the order queued', async () => {
    const log: string[] = [];
    const starting = gate();
    const { stream: live } = stream<number>({
      start: async () => {
        log.push('start');
        await starting.promise;
        log.push('started');
      },
    });
    await live.setUp;
    const first = gate();
    live.run(async () => {
      log.push('w1');
      await first.promise;
      log.push('w1 done');
    });
    live.run(() => void log.push('w2'));
    live.run(async () => void log.push('w3'));
    await sleep(10);
    expect(log).toEqual(['start']);
    starting.open();
    await until(() => log.includes('w1'));
    await sleep(10);
    expect(log).toEqual(['start', 'started', 'w1']);
    first.open();
    await until(() => log.length === 6);
    expect(log).toEqual(['start', 'started', 'w1', 'w1 done', 'w2', 'w3']);
  });

  it('runs a piece of work synchronously, within run(), when nothing is pending', async () => {
    const { stream: live, started } = stream<number>();
    await live.setUp;
    await until(started);
    await sleep(1);
    const log: string[] = [];
    live.run(() => void log.push('now'));
    expect(log).toEqual(['now']);
  });

  it('ends the stream with the error of a piece of work that throws, drops the work queued behind it and releases once', async () => {
    const { stream: live, released } = stream<number>();
    await live.setUp;
    const log: string[] = [];
    const failing = gate();
    const next = rejection(live.next());
    live.run(async () => {
      await failing.promise;
      throw new Error('work failed');
    });
    live.run(() => void log.push('after the failure'));
    failing.open();
    expect(((await next) as Error).message).toBe('work failed');
    expect(live.isEnded()).toBe(true);
    expect(released()).toBe(1);
    live.run(() => void log.push('after the end'));
    await sleep(10);
    expect(log).toEqual([]);
    expect(await live.next()).toEqual({ value: undefined, done: true });
  });

  it('ends the stream with the error of a piece of work that throws synchronously, and releases once', async () => {
    const { stream: live, released } = stream<number>();
    await live.setUp;
    await sleep(1);
    const next = rejection(live.next());
    live.run(() => {
      throw new Error('sync failure');
    });
    expect(live.isEnded()).toBe(true);
    expect(((await next) as Error).message).toBe('sync failure');
    expect(released()).toBe(1);
  });

  it('return() while setup runs: releases what setup subscribed once it has, and never starts', async () => {
    const subscribing = gate();
    const { stream: live, released, started } = stream<number>({ setup: () => subscribing.promise });
    expect(await live.return()).toEqual({ value: undefined, done: true });
    expect(released()).toBe(0); // nothing subscribed yet
    subscribing.open();
    await live.setUp;
    expect(released()).toBe(1);
    await sleep(10);
    expect(started()).toBe(false);
    await live.return();
    expect(released()).toBe(1);
  });

  it('ends with the error of a setup that fails: next() rejects once with it, then is done, and nothing is released', async () => {
    const {
      stream: live,
      released,
      started,
    } = stream<number>({
      setup: () => Promise.reject(new Error('could not subscribe')),
    });
    await live.setUp;
    expect(live.isEnded()).toBe(true);
    expect(((await rejection(live.next())) as Error).message).toBe('could not subscribe');
    expect(await live.next()).toEqual({ value: undefined, done: true });
    expect(started()).toBe(false);
    expect(released()).toBe(0);
  });

  it('ends with the error of a start that fails, drops the queued work and releases once', async () => {
    const starting = gate();
    const { stream: live, released } = stream<number>({
      start: async () => {
        await starting.promise;
        throw new DomainError('NOT_FOUND', 'Room not found.');
      },
    });
    const log: string[] = [];
    live.run(() => void log.push('queued before start'));
    const next = rejection(live.next());
    await live.setUp;
    starting.open();
    expect(await next).toMatchObject({ code: 'NOT_FOUND' });
    expect(released()).toBe(1);
    expect(log).toEqual([]);
  });

  it('releases its teardown exactly once however often and however it is ended', async () => {
    const { stream: live, released } = stream<number>();
    await live.setUp;
    live.stop();
    live.stop(new Error('again'));
    await live.return();
    await rejection(live.throw(new Error('and again')));
    expect(released()).toBe(1);
    expect(await live.next()).toEqual({ value: undefined, done: true });
  });

  it('delivers what a consumer did not pull, up to MAX_PULL_QUEUE values, then ends with RATE_LIMITED', async () => {
    const { stream: live, released } = stream<number>();
    await live.setUp;
    for (let value = 0; value <= MAX_PULL_QUEUE; value++) live.push(value);
    expect(live.isEnded()).toBe(true);
    expect(released()).toBe(1);
    const values: number[] = [];
    for (let i = 0; i < MAX_PULL_QUEUE; i++) values.push((await live.next()).value as number);
    expect(values).toEqual(Array.from({ length: MAX_PULL_QUEUE }, (_, i) => i));
    expect(await rejection(live.next())).toMatchObject({ code: 'RATE_LIMITED' });
    expect(await live.next()).toEqual({ value: undefined, done: true });
  });

  it('drained() settles once the consumer has pulled every queued value', async () => {
    const { stream: live } = stream<number>();
    await live.setUp;
    live.push(1);
    live.push(2);
    const drained = live.drained().then(() => 'drained');
    expect(await live.next()).toEqual({ value: 1, done: false });
    expect(await settledWithin(drained, 10)).toBe('pending');
    expect(await live.next()).toEqual({ value: 2, done: false });
    expect(await drained).toBe('drained');
  });

  it('hands an attached sink what was queued, in order, then the end the stream had already met', async () => {
    const { stream: live } = stream<number>();
    await live.setUp;
    live.push(1);
    live.push(2);
    const failure = new Error('ended before attach');
    live.stop(failure);
    const seen: unknown[] = [];
    const sink: StreamSink<number> = {
      push: (value) => void seen.push(value),
      end: (error) => void seen.push({ end: error }),
      drained: async () => {},
    };
    live.attach(sink);
    expect(seen).toEqual([1, 2, { end: failure }]);
    live.push(3);
    expect(seen).toHaveLength(3);
  });

  it('listening() on a request already aborted ends the stream once it is set up and releases it', async () => {
    const { stream: live, released } = stream<number>();
    const aborted = AbortSignal.abort();
    expect(await listening(live, aborted)).toBe(live);
    expect(live.isEnded()).toBe(true);
    expect(released()).toBe(1);
  });
});
