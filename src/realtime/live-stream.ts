import { DomainError } from '../platform/errors.js';

/** Values a pulled stream holds for a consumer that has not taken them; beyond this it ends. */
export const MAX_PULL_QUEUE = 1_000;

const tooFarBehind = () =>
  new DomainError('RATE_LIMITED', 'The subscription fell too far behind; subscribe again with `after`.');

/**
 * Where a live stream's values go when something pushes them instead of pulling: the WebSocket
 * fan-out writes each value to its socket as it comes (see shared-execution.ts).
 */
export interface StreamSink<T> {
  push(value: T): void;
  /** The stream ended, normally or with an error; nothing follows. */
  end(error?: unknown): void;
  /** Settles once what was handed to `push` has gone out; lets a replay read the next batch. */
  drained(): Promise<void>;
}

export interface StreamControl<T> {
  /** Delivers a value (synchronously to an attached sink, else queued for `next()`). */
  push(value: T): void;
  /** Ends the stream, with an error or without. */
  stop(error?: unknown): void;
  /** Runs work after everything run before it, one at a time; a throw ends the stream with it. */
  run(work: () => Promise<void> | void): void;
  /** Settles when the consumer has taken what was pushed (back-pressure for replays). */
  drained(): Promise<void>;
  /** True once the stream has ended: a replay stops reading. */
  isEnded(): boolean;
}

export interface StreamSetup {
  /** Runs before any work queued with `run`: a replay, a membership check. */
  start: () => Promise<void>;
  /** Undo the setup's subscriptions; called once, when the stream ends for any reason. */
  unsubscribe: Array<() => void>;
}

/**
 * A stream fed by pub/sub callbacks, consumed either as an async iterator (graphql-js, SSE) or by
 * an attached sink. `setup` subscribes, then `start` runs before any queued work, and work runs one
 * piece at a time in arrival order: synchronously when nothing is pending, so a live event costs a
 * function call rather than a promise per subscriber.
 */
export class LiveStream<T> implements AsyncIterableIterator<T>, StreamControl<T> {
  private readonly queue: T[] = [];
  private pull: { resolve: (step: IteratorResult<T>) => void; reject: (err: unknown) => void } | null = null;
  private sink: StreamSink<T> | null = null;
  private readonly pendingWork: Array<() => Promise<void> | void> = [];
  /** True while `start` or an async piece of work runs; new work waits behind it. */
  private busy = true;
  private ended = false;
  private failure: { error: unknown } | null = null;
  private teardown: Array<() => void> | null = null;
  private drainWaiters: Array<() => void> = [];

  /**
   * Settles once `setup` has run, however it went (not waiting for `start`, whose replay waits for
   * a consumer): from then on the stream hears every event published. See `listening`.
   */
  readonly setUp: Promise<void>;

  /** `setup` gets the stream itself to push into, stop and queue work on (methods, not closures). */
  constructor(setup: (stream: StreamControl<T>) => Promise<StreamSetup>) {
    this.setUp = setup(this).then(
      ({ start, unsubscribe }) => {
        this.teardown = unsubscribe;
        // The consumer may have gone while the subscriptions were being set up.
        if (this.ended) return this.release();
        // Through a promise, so a start that throws at once ends the stream too.
        Promise.resolve()
          .then(start)
          .then(
            () => this.settleWork(),
            (err: unknown) => this.finish({ error: err }),
          );
      },
      (err: unknown) => this.finish({ error: err }),
    );
  }

  /** Hands every future value (and any already queued) to `sink` instead of `next()`. */
  attach(sink: StreamSink<T>): void {
    this.sink = sink;
    for (const value of this.queue.splice(0)) sink.push(value);
    this.notifyDrained(); // a replay waiting on the queue now waits on the sink instead
    if (this.ended) sink.end(this.failure?.error);
  }

  next(): Promise<IteratorResult<T>> {
    if (this.queue.length > 0) {
      const value = this.queue.shift()!;
      if (this.queue.length === 0) this.notifyDrained();
      return Promise.resolve({ value, done: false });
    }
    if (this.failure) {
      const { error } = this.failure;
      this.failure = null;
      return Promise.reject(error);
    }
    if (this.ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => (this.pull = { resolve, reject }));
  }

  return(): Promise<IteratorResult<T>> {
    this.queue.length = 0;
    this.failure = null;
    this.finish(null);
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(error: unknown): Promise<IteratorResult<T>> {
    this.return();
    return Promise.reject(error);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  push(value: T): void {
    if (this.ended) return;
    if (this.sink) return this.sink.push(value);
    if (this.pull) {
      const { resolve } = this.pull;
      this.pull = null;
      return resolve({ value, done: false });
    }
    if (this.queue.length >= MAX_PULL_QUEUE) {
      // A consumer that stopped pulling (an SSE client that stopped reading): end rather than grow.
      return this.finish({ error: tooFarBehind() });
    }
    this.queue.push(value);
  }

  drained(): Promise<void> {
    if (this.sink) return this.sink.drained();
    if (this.queue.length === 0 || this.ended) return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push(resolve));
  }

  private notifyDrained() {
    for (const resolve of this.drainWaiters.splice(0)) resolve();
  }

  stop(error?: unknown): void {
    this.finish(error === undefined ? null : { error });
  }

  isEnded(): boolean {
    return this.ended;
  }

  run(work: () => Promise<void> | void): void {
    if (this.ended) return;
    if (this.busy) this.pendingWork.push(work);
    else this.execute(work);
  }

  private execute(work: () => Promise<void> | void) {
    let outcome: Promise<void> | void;
    try {
      outcome = work();
    } catch (err) {
      return this.finish({ error: err });
    }
    if (outcome) {
      this.busy = true;
      outcome.then(
        () => this.settleWork(),
        (err: unknown) => this.finish({ error: err }),
      );
    }
  }

  /** The running piece of work is done: run what queued behind it until one goes async. */
  private settleWork() {
    this.busy = false;
    while (!this.busy && !this.ended && this.pendingWork.length > 0) this.execute(this.pendingWork.shift()!);
  }

  private finish(failure: { error: unknown } | null) {
    if (this.ended) return;
    this.ended = true;
    this.failure = failure;
    this.pendingWork.length = 0;
    this.release();
    this.notifyDrained();
    if (this.sink) return this.sink.end(failure?.error);
    if (this.pull) {
      const { resolve, reject } = this.pull;
      this.pull = null;
      this.failure = null;
      if (failure) reject(failure.error);
      else resolve({ value: undefined, done: true });
    }
  }

  private release() {
    const teardown = this.teardown;
    this.teardown = null;
    for (const off of teardown ?? []) off();
  }
}

/**
 * The stream once it is listening, for a subscribe resolver to return: the response (an SSE
 * stream's first bytes) then starts only when an event published from that moment on reaches it,
 * so a client that sends a message as soon as its subscription has started receives it. If the
 * HTTP client left meanwhile (`signal`), nobody will read the stream: it is ended at once.
 */
export async function listening<T>(stream: LiveStream<T>, signal?: AbortSignal): Promise<LiveStream<T>> {
  await stream.setUp;
  if (signal?.aborted) void stream.return();
  return stream;
}
