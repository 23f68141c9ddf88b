import { createHash } from 'node:crypto';
import type { Socket as NetSocket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { WebSocket } from 'ws';
import {
  createSourceEventStream,
  execute,
  GraphQLError,
  print,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
} from 'graphql';
import { attached } from '../platform/attached.js';
import { isViewerSpecific } from '../graphql/viewer-specific.js';
import { MAX_RESPONSE_BYTES, responseTooLargeError } from '../security/response-size.js';
import { LiveStream, type StreamSink } from './live-stream.js';
import { CloseCode } from './close-codes.js';
import { coded } from '../platform/errors.js';

/** Per document: a digest of its printed form, or null when its results depend on the viewer. */
const documentDigests = new WeakMap<DocumentNode, string | null>();

/** A key shared by all subscriptions whose events execute identically, or null when results are per viewer. */
function shareKey(args: ExecutionArgs): string | null {
  let digest = documentDigests.get(args.document);
  if (digest === undefined) {
    // A document selecting no viewer-specific field (marked in the schema) yields the same result
    // for every subscriber of the same event.
    let viewerDependent = false;
    const typeInfo = new TypeInfo(args.schema);
    visit(
      args.document,
      // Fragment definitions are part of the document, so their fields are visited too.
      visitWithTypeInfo(typeInfo, {
        Field() {
          if (isViewerSpecific(typeInfo.getFieldDef())) viewerDependent = true;
        },
      }),
    );
    // A digest rather than the printed text: every subscription holds its key for its lifetime.
    digest = viewerDependent ? null : createHash('sha256').update(print(args.document)).digest('base64url');
    documentDigests.set(args.document, digest);
  }
  if (digest === null) return null;
  // Hashed again: a string built with + is kept by V8 as a tree of its pieces, and every
  // subscription holds its key for its lifetime; a digest is one flat 43-character string.
  return createHash('sha256')
    .update(`${digest}\u0000${args.operationName ?? ''}\u0000${JSON.stringify(args.variableValues ?? {})}`)
    .digest('base64url');
}

/** An event's result for one share key, serialized once; `waiters` flush when it is ready. */
interface Frame {
  json: string | null;
  waiters: SocketDelivery[] | null;
}

/** Sent if a result could not be serialized (should not happen: results are plain JSON data). */
const UNSERIALIZABLE = JSON.stringify({
  errors: [{ message: 'Unexpected error.', extensions: coded('INTERNAL_SERVER_ERROR') }],
});

/** An event's result over MAX_RESPONSE_BYTES goes out as a RESPONSE_TOO_LARGE error instead. */
function capSize(json: string): string {
  // A character is at most 3 bytes: most results need no count at all.
  if (json.length * 3 <= MAX_RESPONSE_BYTES || Buffer.byteLength(json, 'utf8') <= MAX_RESPONSE_BYTES) return json;
  const { message, extensions } = responseTooLargeError();
  return JSON.stringify({ errors: [{ message, extensions }] });
}

function startFrame(json: Promise<string>): Frame {
  const frame: Frame = { json: null, waiters: [] };
  void json
    .catch(() => UNSERIALIZABLE)
    .then((text) => {
      const waiters = frame.waiters!;
      frame.json = text;
      frame.waiters = null;
      for (const delivery of waiters) delivery.flush();
    });
  return frame;
}

/** One handler for every subscription's settled promise (a closure each would cost memory per socket). */
const ignore = () => {};

/** How often a paced replay looks at the socket's backlog. */
const SOCKET_POLL_MS = 10;

/** Where a subscription's results go when they bypass graphql-ws's per-message path. */
export interface SocketTarget {
  socket: WebSocket;
  /** The graphql-transport-ws operation id. */
  id: string;
  /**
   * A socket that falls this far behind (bytes queued in `ws` and the kernel's send path) is closed
   * with 1013 (try again later): a client that stopped reading reconnects and resumes with `after`,
   * rather than the server holding an ever-growing backlog for it.
   */
  maxBacklogBytes: number;
  /** Counts the frames written (the deliveries metric); one object shared by every subscription. */
  deliveries: { count: number };
}

/**
 * Runs a subscription like graphql-js `subscribe`, except that each event is executed and
 * serialized once per distinct (document, operation, variables) across all subscribers of it, when
 * the document reads nothing viewer-specific: with a thousand subscribers of one room, one
 * execution and one JSON.stringify per message instead of a thousand. The subscribe resolver
 * (membership checks) still runs per subscriber.
 *
 * Each result is written straight to the socket as a graphql-transport-ws `next` frame (the
 * shared JSON between a per-operation prefix and `}`); graphql-ws still owns the operation
 * (start, complete, errors, teardown).
 */
export async function subscribeShared(
  args: ExecutionArgs,
  /** Masks errors in a result (this path bypasses the envelop execute and its masking plugin). */
  maskResult: (result: ExecutionResult) => ExecutionResult,
  target: SocketTarget,
): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> {
  // Per-request caches (Pothos data loaders, auth scopes) hang off the context object. Each phase
  // gets its own shallow copy: what the subscribe resolver loaded is released with it, and each
  // event reads current data (a sender's new display name) instead of what was cached at start.
  const context = args.contextValue as object;
  const key = shareKey(args); // before the stream exists: nothing to release if it throws
  const source = await createSourceEventStream({ ...args, contextValue: { ...context } });
  if (!(source instanceof LiveStream)) {
    if (!isAsyncIterable(source)) return maskResult(source as ExecutionResult);
    void (source as AsyncIterableIterator<unknown>).return?.();
    throw new Error('Subscription resolvers must return a LiveStream (src/realtime/live-stream.ts).');
  }
  try {
    return new SocketDelivery(target, source as LiveStream<unknown>, key, args, maskResult);
  } catch (err) {
    // Whatever failed after the stream was set up, its subscriptions must not outlive this call.
    void source.return();
    throw err;
  }
}

/**
 * Per event, the frames already made for it, by share key: kept on the event object, which pub/sub
 * hands to every local subscriber (in-process emitter and Redis alike parse once).
 */
const FRAMES = Symbol('frames by share key');

function frameOnce(event: unknown, key: string | null, make: () => Frame): Frame {
  if (key === null || typeof event !== 'object' || event === null) return make();
  const byKey = attached(event, FRAMES, () => new Map<string, Frame>());
  let frame = byKey.get(key);
  if (!frame) byKey.set(key, (frame = make()));
  return frame;
}

function asGraphQLError(err: unknown): GraphQLError {
  return err instanceof GraphQLError
    ? err
    : new GraphQLError('Unexpected error.', { originalError: err instanceof Error ? err : new Error(String(err)) });
}

/**
 * One subscription's deliveries to its socket, in event order: a frame whose execution is still
 * running holds back the ones after it. To graphql-ws it is an iterator that yields nothing and
 * finishes when the stream does (then graphql-ws sends `complete`, or `error` when it failed).
 */
class SocketDelivery implements StreamSink<unknown>, AsyncIterableIterator<ExecutionResult> {
  /** The operation id as JSON, for the frame's `"id"` (a subscription's fields, not closures: 10,000 sockets hold them). */
  private readonly idJson: string;
  private readonly queue: Frame[] = [];
  private closed = false;
  private ended: { error: unknown } | null = null;
  private readonly done: Promise<IteratorResult<ExecutionResult>>;
  /** Settles `done`: with a step, or with a rejected promise to fail the operation. */
  private settleDone!: (step: IteratorResult<ExecutionResult> | Promise<never>) => void;
  private drainWaiters: Array<() => void> | null = null;

  constructor(
    private readonly target: SocketTarget,
    private readonly source: LiveStream<unknown>,
    private readonly key: string | null,
    private readonly args: ExecutionArgs,
    private readonly maskResult: (result: ExecutionResult) => ExecutionResult,
  ) {
    this.idJson = JSON.stringify(target.id);
    this.done = new Promise((resolve) => (this.settleDone = resolve));
    // graphql-ws awaits `done` only while the operation is live: a failure after the client
    // completed it (or closed its socket) has nobody to reach and must not be an unhandled rejection.
    this.done.catch(ignore);
    source.attach(this);
  }

  /** graphql-js's own per-event step (what `subscribe` does inside): execute with the event as root. */
  private run(event: unknown): Promise<ExecutionResult> {
    const { args } = this;
    return Promise.resolve(execute({ ...args, contextValue: this.contextFor(event), rootValue: event })).then(
      (result) => (result.errors?.length ? this.maskResult(result) : result),
      (err: unknown) => this.maskThrown(err),
    );
  }

  /** A context of its own for each event (fresh loaders), naming the event that subscribers share. */
  private contextFor(event: unknown): object {
    const context = this.args.contextValue as object;
    return typeof event === 'object' && event !== null ? { ...context, subscriptionEvent: event } : { ...context };
  }

  private maskThrown(err: unknown): ExecutionResult {
    return this.maskResult({ errors: [asGraphQLError(err)] });
  }

  // The iterator graphql-ws consumes: it yields nothing and settles when the stream ends.
  next(): Promise<IteratorResult<ExecutionResult>> {
    return this.done;
  }

  return(): Promise<IteratorResult<ExecutionResult>> {
    this.close();
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(err: unknown): Promise<IteratorResult<ExecutionResult>> {
    this.close();
    return Promise.reject(err);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  // The sink the stream pushes its events into.
  push(event: unknown): void {
    if (this.closed) return;
    const frame = frameOnce(event, this.key, () =>
      startFrame(
        this.run(event)
          .then((result) => capSize(JSON.stringify(result)))
          // Masked as INTERNAL_SERVER_ERROR and logged (a result too large to serialize, say).
          .catch((err: unknown) => JSON.stringify(this.maskThrown(err))),
      ),
    );
    if (this.queue.length === 0 && frame.json !== null) return this.write(frame.json);
    this.queue.push(frame);
    frame.waiters?.push(this);
  }

  end(error?: unknown): void {
    this.ended = { error };
    this.flush();
  }

  async drained(): Promise<void> {
    if (this.queue.length > 0 && !this.closed) {
      await new Promise<void>((resolve) => (this.drainWaiters ??= []).push(resolve));
    }
    // A replay also waits for the socket to take most of what it was given, so a slow reader is
    // paced rather than pushed past the backlog limit.
    const { socket, maxBacklogBytes } = this.target;
    while (!this.closed && socket.readyState === socket.OPEN && socket.bufferedAmount > maxBacklogBytes / 4) {
      await sleep(SOCKET_POLL_MS);
    }
  }

  /** Writes every frame at the head of the queue that is ready; called when one becomes ready. */
  flush(): void {
    if (this.closed) return;
    while (this.queue.length > 0 && this.queue[0]!.json !== null) this.write(this.queue.shift()!.json!);
    if (this.closed || this.queue.length > 0) return;
    this.releaseDrainWaiters();
    if (this.ended) this.settle();
  }

  private write(json: string) {
    const { socket, maxBacklogBytes } = this.target;
    if (socket.readyState !== socket.OPEN) return this.close();
    // What this turn corked counts in bufferedAmount too: let it go to the kernel before judging.
    if (socket.bufferedAmount > maxBacklogBytes) uncork(socket);
    if (socket.bufferedAmount > maxBacklogBytes) {
      socket.close(CloseCode.TryAgainLater, 'Too far behind: reconnect and resume with after');
      return this.close(); // release the stream now, not when the close handshake ends
    }
    corkForThisTurn(socket);
    socket.send('{"id":' + this.idJson + ',"type":"next","payload":' + json + '}');
    this.target.deliveries.count += 1;
  }

  /** The stream ended and everything before the end went out: let graphql-ws finish the operation. */
  private settle() {
    const error = this.ended?.error;
    this.closed = true;
    if (error === undefined) this.settleDone({ value: undefined, done: true });
    // graphql-ws sends an `error` message built from this error's message and extensions.
    else this.settleDone(Promise.reject(this.maskThrown(error).errors![0]));
  }

  private close() {
    if (this.closed) return;
    this.closed = true;
    this.queue.length = 0;
    this.releaseDrainWaiters();
    void this.source.return();
    this.settleDone({ value: undefined, done: true });
  }

  private releaseDrainWaiters() {
    const waiters = this.drainWaiters;
    this.drainWaiters = null;
    for (const resolve of waiters ?? []) resolve();
  }
}

/** TCP sockets corked during this turn of the event loop, uncorked together at its end. */
const corkedSockets = new Set<NetSocket>();
/**
 * Past this many corked sockets the batch goes out at once: a large fan-out then leaves in slices
 * as it is written instead of all at the end of the turn (its first sockets would wait for the last).
 */
const MAX_CORKED_SOCKETS = 128;

/**
 * Frames written to one socket during a turn of the event loop leave in one write: the socket is
 * corked at its first frame and uncorked in the turn's check phase (setImmediate). Events arrive
 * several per read from Redis under load, and each would otherwise cost every socket a syscall.
 * `_socket` is ws's underlying net.Socket; without it (another ws version) frames go out unbatched.
 */
function corkForThisTurn(socket: WebSocket) {
  const tcp = (socket as unknown as { _socket?: NetSocket | null })._socket;
  if (!tcp || corkedSockets.has(tcp)) return;
  if (corkedSockets.size >= MAX_CORKED_SOCKETS) uncorkAll();
  if (corkedSockets.size === 0) setImmediate(uncorkAll);
  corkedSockets.add(tcp);
  tcp.cork();
}

function uncork(socket: WebSocket) {
  const tcp = (socket as unknown as { _socket?: NetSocket | null })._socket;
  if (tcp && corkedSockets.delete(tcp)) tcp.uncork();
}

function uncorkAll() {
  for (const tcp of corkedSockets) tcp.uncork();
  corkedSockets.clear();
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof (value as AsyncIterable<unknown> | null)?.[Symbol.asyncIterator] === 'function';
}
