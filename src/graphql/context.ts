import type { ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { SessionChecks } from '../features/accounts/session-checks.js';
import type { Config } from '../platform/config.js';
import type { Db } from '../platform/db/database.js';
import type { Metrics } from '../platform/observability/metrics.js';
import type { RequestLog } from '../platform/observability/request-log.js';
import type { AppPubSub } from '../features/topics.js';
import type { InboxHub } from '../realtime/inbox-hub.js';
import type { SubscriptionQuota } from '../realtime/subscription-quota.js';
import type { RoomHubs } from '../realtime/room-hub.js';
import type { SocketSessions } from '../realtime/socket-sessions.js';
import type { PresenceHub } from '../realtime/presence-hub.js';
import type { KeyedThrottle } from '../platform/keyed-throttle.js';
import type { RateLimiter } from '../platform/rate-limits.js';
import { verifyAccessToken } from '../features/accounts/tokens.js';
import type { Viewer } from '../features/accounts/viewer.js';
import { unauthenticated } from '../platform/errors.js';

export type { Viewer } from '../features/accounts/viewer.js';
import type { ReadReceiptPublisher } from '../features/rooms/read-receipts.js';

/** Long-lived dependencies shared by every operation of one server instance. */
export interface AppDeps {
  config: Config;
  db: Db;
  logger: Logger;
  pubsub: AppPubSub;
  /** One typing signal per user and room per interval reaches pub/sub. */
  typingThrottle: KeyedThrottle;
  limits: RateLimiter;
  /** Whether a session is still live, cached briefly and forgotten on revocation. */
  sessionChecks: SessionChecks;
  /** Each room's events in order, shared by the subscriptions to it on this instance. */
  roomHubs: RoomHubs;
  /** Read receipts waiting for their room's next coalesced signal. */
  readReceipts: ReadReceiptPublisher;
  /** Each user's inbox on this instance, shared by all their inbox subscriptions. */
  inboxHub: InboxHub;
  /** Live subscriptions per user and room on this instance, bounded. */
  subscriptionQuota: SubscriptionQuota;
  /** This instance's sockets and SSE streams by session, ended when their session is revoked. */
  socketSessions: SocketSessions;
  /** Who is online (graphql-ws sockets on any instance), and this instance's presence subscribers. */
  presence: PresenceHub;
  /** This instance's Prometheus registry and the probes it reads. */
  metrics: Metrics;
  /** One line per request, socket operation and socket; the request scope every log line reads. */
  requestLog: RequestLog;
}

/** The context of a field declared with `t.withAuth({ authenticated: true })`: someone is signed in. */
export type SignedInContext = GraphQLContext & { viewer: Viewer };

export interface GraphQLContext extends AppDeps {
  viewer: Viewer | null;
  /** The peer address of the connection, for per-address limits. */
  clientAddress: string;
  /** The client's User-Agent over HTTP (kept with the sessions it opens); absent on sockets. */
  userAgent?: string | null;
  /** Over HTTP, aborted when the client goes away (absent on sockets, which end their operations themselves). */
  signal?: AbortSignal;
  /** Over HTTP, the response: its 'close' comes however it ends (a 406 that never reads a stream, too). */
  httpResponse?: ServerResponse;
  /**
   * In a subscription's execution of one event: that event, the same object for every local
   * subscriber, on which look-ups shared by all of them are kept (graphql/event-scope.ts).
   */
  subscriptionEvent?: object;
}

/**
 * Turns an `Authorization` value into a viewer. No value means anonymous; a value that is not a
 * valid, live bearer token is UNAUTHENTICATED, never silently anonymous.
 */
export async function authenticateBearer(deps: AppDeps, authorization: unknown): Promise<Viewer | null> {
  if (authorization === undefined || authorization === null || authorization === '') return null;
  const match = typeof authorization === 'string' ? /^Bearer +(\S{1,4096})$/i.exec(authorization) : null;
  if (!match) throw unauthenticated('Authorization must be "Bearer <access token>".');
  const claims = await verifyAccessToken(deps.config, match[1]!);
  if (!(await deps.sessionChecks.isActive(claims.sessionId))) throw unauthenticated('Session has ended.');
  return { userId: claims.userId, sessionId: claims.sessionId, tokenExpiresAt: claims.expiresAt };
}

/**
 * The signed-in context of a field guarded by `authScopes: { authenticated: true }` that cannot use
 * `withAuth` (a connection sharing its connection type with other fields: Pothos types that type
 * with the default context). UNAUTHENTICATED if the guard was forgotten.
 */
export function signedIn(context: GraphQLContext): SignedInContext {
  if (!context.viewer) throw unauthenticated();
  return context as SignedInContext;
}
