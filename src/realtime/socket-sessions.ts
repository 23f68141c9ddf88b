import type { WebSocket } from 'ws';
import type { Logger } from 'pino';
import type { Viewer } from '../context.js';
import type { PubSub } from '../pubsub.js';

/** graphql-ws's Forbidden close code: the client should get a new token before reconnecting. */
export const CLOSE_FORBIDDEN = 4403;
// setTimeout holds at most 2^31-1 ms; longer waits are re-armed.
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Keeps every socket no longer than its token: closes it (4403) when the access token expires or
 * when its session is revoked on any instance (logOut, refresh-token reuse).
 */
export class SocketSessions {
  private readonly bySession = new Map<string, Set<WebSocket>>();
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly pubsub: PubSub,
    private readonly logger: Logger,
  ) {}

  /** Starts listening for revocations; resolves once the subscription is live. */
  async start(): Promise<void> {
    this.unsubscribe = await this.pubsub.subscribe('session.revoked', 'all', ({ sessionId }) => {
      const sockets = this.bySession.get(sessionId);
      if (!sockets) return;
      this.logger.debug({ sessionId, sockets: sockets.size }, 'closing sockets of a revoked session');
      for (const socket of sockets) socket.close(CLOSE_FORBIDDEN, 'Session revoked');
    });
  }

  stop(): void {
    this.unsubscribe?.();
  }

  /** Ties a socket to its viewer's session and token expiry until it closes. */
  track(socket: WebSocket, viewer: Viewer): void {
    let sockets = this.bySession.get(viewer.sessionId);
    if (!sockets) this.bySession.set(viewer.sessionId, (sockets = new Set()));
    sockets.add(socket);

    let timer: NodeJS.Timeout;
    const arm = () => {
      const remaining = viewer.tokenExpiresAt.getTime() - Date.now();
      if (remaining <= 0) return socket.close(CLOSE_FORBIDDEN, 'Token expired');
      timer = setTimeout(arm, Math.min(remaining, MAX_TIMER_MS));
    };
    arm();

    socket.once('close', () => {
      clearTimeout(timer);
      sockets.delete(socket);
      if (sockets.size === 0) this.bySession.delete(viewer.sessionId);
    });
  }
}
