import type { SessionChecks } from '../features/accounts/session-checks.js';
import type { AppPubSub } from '../features/topics.js';
import type { SocketSessions } from './socket-sessions.js';

/**
 * This instance stops trusting the session at once (before the revoking request answers); every
 * instance closes its sockets and forgets it on the event.
 */
export function sessionRevoked(
  deps: { pubsub: AppPubSub; sessionChecks: SessionChecks; socketSessions: SocketSessions },
  sessionId: string,
) {
  deps.sessionChecks.forget(sessionId);
  // This instance's own connections end whether or not the event makes it through Redis.
  deps.socketSessions.endSession(sessionId);
  deps.pubsub.publish('session.revoked', 'all', { sessionId });
}
