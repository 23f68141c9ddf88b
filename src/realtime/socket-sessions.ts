import { GraphQLError, type ExecutionResult } from 'graphql';
import type { Logger } from 'pino';
import type { WebSocket } from 'ws';
import type { Viewer } from '../features/accounts/viewer.js';
import { inactiveSessions } from '../features/accounts/sessions.repository.js';
import type { Db } from '../platform/db/database.js';
import type { AppPubSub } from '../features/topics.js';
import { CloseCode } from './close-codes.js';
import { coded } from '../platform/errors.js';

/** Tries, 5 s apart, at checking the sessions held here against the database after a Redis outage. */
const REVOCATION_CHECK_ATTEMPTS = 12;

/** How often sockets are checked against their token's expiry. */
const EXPIRY_SWEEP_MS = 250;

/**
 * Keeps every socket and every SSE subscription no longer than its token: a socket is closed
 * (4403) and an SSE stream ends with an UNAUTHENTICATED error when the access token expires
 * (checked every EXPIRY_SWEEP_MS by one timer for all, rather than a timer each) or when the
 * session is revoked on any instance (logOut, refresh-token reuse).
 */
export class SocketSessions {
  private readonly bySession = new Map<string, Set<WebSocket>>();
  private readonly tracked = new Map<WebSocket, { sessionId: string; userId: string; expiresAt: number }>();
  private readonly streamsBySession = new Map<string, Set<SessionBoundStream>>();
  /** SSE subscriptions open or starting, per user. */
  private readonly streamsPerUser = new Map<string, number>();
  private sweeper: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;

  /** One close listener shared by every socket (`this` is the socket), not a closure each. */
  private readonly untrackOnClose: (this: WebSocket) => void;

  constructor(
    private readonly pubsub: AppPubSub,
    private readonly db: Db,
    private readonly logger: Logger,
    /** Told of each tracked socket when it starts and when it ends (presence-hub.ts). */
    private readonly presence: SocketPresence = { socketOpened: () => {}, socketClosed: () => {} },
  ) {
    const untrack = (socket: WebSocket) => this.untrack(socket);
    this.untrackOnClose = function () {
      untrack(this);
    };
  }

  /** Starts listening for revocations; resolves once the subscription is live. */
  async start(): Promise<void> {
    this.unsubscribe = await this.pubsub.subscribe('session.revoked', 'all', ({ sessionId }) =>
      this.endSession(sessionId),
    );
    this.sweeper = setInterval(() => this.closeExpired(), EXPIRY_SWEEP_MS).unref();
    // Revocations announced while Redis was away never arrived: ask the database about every
    // session that still has connections here.
    this.pubsub.onReconnect(() => void this.endRevokedSessions());
  }

  private async endRevokedSessions(attempt = 1): Promise<void> {
    const sessionIds = [...new Set([...this.bySession.keys(), ...this.streamsBySession.keys()])];
    try {
      for (const sessionId of await inactiveSessions(this.db, sessionIds)) this.endSession(sessionId);
    } catch (err) {
      // PostgreSQL may be coming back too: ask again for a minute before leaving it to token expiry.
      const retry = attempt < REVOCATION_CHECK_ATTEMPTS;
      this.logger.warn({ err, retry }, 'could not check sessions after a Redis outage');
      if (retry) setTimeout(() => void this.endRevokedSessions(attempt + 1), 5_000).unref();
    }
  }

  stop(): void {
    this.unsubscribe?.();
    clearInterval(this.sweeper);
  }

  /** Ties a socket to its viewer's session and token expiry until it closes. */
  track(socket: WebSocket, viewer: Viewer): void {
    // Closed while its token was being checked: no 'close' event would ever untrack it.
    if (socket.readyState === socket.CLOSED) return;
    const { sessionId, userId } = viewer;
    addToGroup(this.bySession, sessionId, socket);
    this.tracked.set(socket, { sessionId, userId, expiresAt: viewer.tokenExpiresAt.getTime() });
    socket.on('close', this.untrackOnClose);
    this.presence.socketOpened(userId);
  }

  /**
   * Counts an SSE subscription of `userId` from its start (so concurrent starts cannot slip past
   * `max`); false, and nothing counted, when the user already has `max`. `releaseStream` undoes it.
   */
  reserveStream(userId: string, max: number): boolean {
    const open = this.streamsPerUser.get(userId) ?? 0;
    if (open >= max) return false;
    this.streamsPerUser.set(userId, open + 1);
    return true;
  }

  releaseStream(userId: string): void {
    const open = (this.streamsPerUser.get(userId) ?? 1) - 1;
    if (open > 0) this.streamsPerUser.set(userId, open);
    else this.streamsPerUser.delete(userId);
  }

  /**
   * Closes the sockets and ends the SSE streams of a revoked session, after this turn of the event
   * loop: the operation that revoked it (a logOut sent over one of its sockets) answers first.
   */
  endSession(sessionId: string): void {
    setImmediate(() => this.endSessionNow(sessionId));
  }

  private endSessionNow(sessionId: string): void {
    const sockets = this.bySession.get(sessionId);
    const streams = this.streamsBySession.get(sessionId);
    if (!sockets && !streams) return;
    this.logger.debug(
      { sessionId, sockets: sockets?.size ?? 0, streams: streams?.size ?? 0 },
      'ending the connections of a revoked session',
    );
    for (const socket of sockets ?? []) socket.close(CloseCode.Forbidden, 'Session revoked');
    for (const stream of streams ?? []) stream.end('Session revoked.');
  }

  /**
   * Wraps an SSE subscription's results so that it ends, with a last result carrying an
   * UNAUTHENTICATED error, when the viewer's session is revoked or the token expires.
   */
  bindStream(
    viewer: Viewer,
    source: AsyncIterable<ExecutionResult>,
    onEnd: () => void = () => {},
  ): AsyncIterableIterator<ExecutionResult> {
    const { sessionId } = viewer;
    const stream = new SessionBoundStream(source, sessionId, viewer.tokenExpiresAt.getTime(), (ended) => {
      removeFromGroup(this.streamsBySession, sessionId, ended);
      onEnd();
    });
    addToGroup(this.streamsBySession, sessionId, stream);
    return stream;
  }

  private untrack(socket: WebSocket) {
    const entry = this.tracked.get(socket);
    if (!entry) return;
    this.tracked.delete(socket);
    removeFromGroup(this.bySession, entry.sessionId, socket);
    this.presence.socketClosed(entry.userId);
  }

  private closeExpired() {
    const now = Date.now();
    for (const [socket, { expiresAt }] of this.tracked) {
      if (expiresAt > now) continue;
      socket.close(CloseCode.Forbidden, 'Token expired');
      this.untrack(socket);
    }
    for (const streams of this.streamsBySession.values()) {
      for (const stream of streams) if (stream.expiresAt <= now) stream.end('Token expired.');
    }
  }
}

/** What hears of signed-in sockets starting and ending (presence counts only graphql-ws sockets). */
export interface SocketPresence {
  socketOpened(userId: string): void;
  /** Once per socket opened, when it closes (or is closed for its token's expiry). */
  socketClosed(userId: string): void;
}

function addToGroup<T>(groups: Map<string, Set<T>>, key: string, member: T): void {
  let group = groups.get(key);
  if (!group) groups.set(key, (group = new Set()));
  group.add(member);
}

/** Drops the member, and the group once it is empty. */
function removeFromGroup<T>(groups: Map<string, Set<T>>, key: string, member: T): void {
  const group = groups.get(key);
  group?.delete(member);
  if (group?.size === 0) groups.delete(key);
}

const DONE: IteratorResult<ExecutionResult> = { value: undefined, done: true };

/**
 * An SSE subscription's results, ended from outside by `end`: a pending `next` then resolves with
 * the UNAUTHENTICATED result (or the next call does), the source is returned, and every call
 * after that is done. No Promise.race per event: each would leave a reaction on a promise that
 * stays pending for the stream's whole life.
 */
class SessionBoundStream implements AsyncIterableIterator<ExecutionResult> {
  private readonly source: AsyncIterator<ExecutionResult>;
  private pending: ((step: IteratorResult<ExecutionResult>) => void) | null = null;
  private ending: ExecutionResult | null = null;
  private finished = false;

  constructor(
    source: AsyncIterable<ExecutionResult>,
    readonly sessionId: string,
    readonly expiresAt: number,
    private readonly onFinish: (stream: SessionBoundStream) => void,
  ) {
    this.source = source[Symbol.asyncIterator]();
  }

  /** Consumers (yoga's SSE writer) wait for each step before asking for the next. */
  next(): Promise<IteratorResult<ExecutionResult>> {
    if (this.ending) {
      const value = this.ending;
      this.ending = null;
      return Promise.resolve({ value, done: false });
    }
    if (this.finished) return Promise.resolve(DONE);
    return new Promise((resolve, reject) => {
      this.pending = resolve;
      this.source.next().then(
        (step) => {
          if (this.pending !== resolve) return; // ended meanwhile: `end` answered this call
          this.pending = null;
          if (step.done) this.finish();
          resolve(step);
        },
        (err: unknown) => {
          if (this.pending !== resolve) return;
          this.pending = null;
          this.finish();
          reject(err);
        },
      );
    });
  }

  /** Ends the stream for `reason` (the error's message); the client has to sign in again. */
  end(reason: string): void {
    if (this.finished) return;
    const value: ExecutionResult = {
      errors: [new GraphQLError(reason, { extensions: coded('UNAUTHENTICATED') })],
    };
    const pending = this.pending;
    this.pending = null;
    if (pending) pending({ value, done: false });
    else this.ending = value;
    this.finish();
  }

  return(): Promise<IteratorResult<ExecutionResult>> {
    this.ending = null;
    this.pending?.(DONE);
    this.pending = null;
    this.finish();
    return Promise.resolve(DONE);
  }

  throw(err: unknown): Promise<IteratorResult<ExecutionResult>> {
    void this.return();
    return Promise.reject(err);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  private finish() {
    if (this.finished) return;
    this.finished = true;
    this.onFinish(this);
    // The source's own teardown (pub/sub subscriptions); a failure there has nobody left to tell,
    // and must not stop the sweep or the revocation that ended this stream.
    try {
      void Promise.resolve(this.source.return?.()).catch(() => {});
    } catch {
      // as above
    }
  }
}
