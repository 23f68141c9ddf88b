import type { WebSocket } from 'ws';
import type { Logger } from 'pino';
import type { Viewer } from '../context.js';
import type { PubSub } from '../pubsub.js';

/** graphql-ws's Forbidden close code: the client should get a new token before reconnecting. */
export const CLOSE_FORBIDDEN = 4403;

/** How often sockets are checked against their token's expiry. */
const EXPIRY_SWEEP_MS = 250;

/**
 * Keeps every socket no longer than its token: closes it (4403) when the access token expires
 * (checked every EXPIRY_SWEEP_MS by one timer for all sockets, rather than a timer each) or when
 * its session is revoked on any instance (logOut, refresh-token reuse).
 */
export class SocketSessions {
  private readonly bySession = new Map<string, Set<WebSocket>>();
  private readonly tracked = new Map<WebSocket, { sessionId: string; expiresAt: number }>();
  private sweeper: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;

  /** One close listener shared by every socket (`this` is the socket), not a closure each. */
  private readonly untrackOnClose: (this: WebSocket) => void;

  constructor(
    private readonly pubsub: PubSub,
    private readonly logger: Logger,
  ) {
    const untrack = (socket: WebSocket) => this.untrack(socket);
    this.untrackOnClose = function () {
      untrack(this);
    };
  }

  /** Starts listening for revocations; resolves once the subscription is live. */
  async start(): Promise<void> {
    this.unsubscribe = await this.pubsub.subscribe('session.revoked', 'all', ({ sessionId }) => {
      const sockets = this.bySession.get(sessionId);
      if (!sockets) return;
      this.logger.debug({ sessionId, sockets: sockets.size }, 'closing sockets of a revoked session');
      for (const socket of sockets) socket.close(CLOSE_FORBIDDEN, 'Session revoked');
    });
    this.sweeper = setInterval(() => this.closeExpired(), EXPIRY_SWEEP_MS).unref();
  }

  stop(): void {
    this.unsubscribe?.();
    clearInterval(this.sweeper);
  }

  /** Ties a socket to its viewer's session and token expiry until it closes. */
  track(socket: WebSocket, viewer: Viewer): void {
    const { sessionId } = viewer;
    let sockets = this.bySession.get(sessionId);
    if (!sockets) this.bySession.set(sessionId, (sockets = new Set()));
    sockets.add(socket);
    this.tracked.set(socket, { sessionId, expiresAt: viewer.tokenExpiresAt.getTime() });
    socket.on('close', this.untrackOnClose);
  }

  private untrack(socket: WebSocket) {
    const entry = this.tracked.get(socket);
    if (!entry) return;
    this.tracked.delete(socket);
    const sockets = this.bySession.get(entry.sessionId);
    sockets?.delete(socket);
    if (sockets?.size === 0) this.bySession.delete(entry.sessionId);
  }

  private closeExpired() {
    const now = Date.now();
    for (const [socket, { expiresAt }] of this.tracked) {
      if (expiresAt > now) continue;
      socket.close(CLOSE_FORBIDDEN, 'Token expired');
      this.untrack(socket);
    }
  }
}
