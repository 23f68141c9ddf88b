import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GraphQLError } from 'graphql';
import { sql } from 'kysely';
import type { AppDeps } from './graphql/context.js';
import { CloseCode } from './realtime/close-codes.js';
import { createErrorMasker } from './graphql/errors.js';
import { createClientAddressOf } from './platform/client-address.js';
import { ConnectionDrain } from './transport/connection-drain.js';
import { createCors } from './transport/cors.js';
import { createHostCheck, createHttpHandler, type Lifecycle } from './transport/http.js';
import { createWebAppHandler } from './transport/web-app.js';
import { createSocketServer } from './transport/ws.js';
import { createGraphQLHandler } from './transport/yoga.js';

/** How long a graceful stop lets in-flight requests and streams finish before cutting them. */
const SHUTDOWN_GRACE_MS = 5_000;

export interface Server {
  listen(port: number, host: string): Promise<AddressInfo>;
  /**
   * First step of a stop: /ready answers 503 from now on; everything else is still served, each
   * response with `Connection: close`, so clients and proxies move off their pooled connections.
   */
  markUnready(): void;
  /**
   * Graceful stop: /ready turns 503 and new connections are refused at once; requests on open
   * connections are still served (with `Connection: close`); idle connections close, and busy ones
   * once their response is out; sockets close with 1001 (going away); after a grace period the rest
   * are cut.
   */
  close(): Promise<void>;
}

/**
 * One port for HTTP, SSE and WebSocket at /graphql: composes the transports (transport/), listens
 * and closes.
 */
export function createServer(deps: AppDeps, readiness: () => Promise<boolean>): Server {
  const { logger, config } = deps;
  const lifecycle: Lifecycle = { unready: false, draining: false };
  const maskError = createErrorMasker(logger);
  // Over a socket: the same masking, without `http` (a status for yoga's HTTP response only).
  const maskForSocket = (error: unknown): GraphQLError => {
    const masked = maskError(error, 'Unexpected error.') as GraphQLError;
    if (!masked.extensions?.http) return masked;
    const { http: _status, ...extensions } = masked.extensions;
    return new GraphQLError(masked.message, { nodes: masked.nodes, path: masked.path, extensions });
  };
  const clientAddressOf = createClientAddressOf(config.trustedProxies);
  const hostAllowed = createHostCheck(config);
  const yoga = createGraphQLHandler(deps, maskError, clientAddressOf);
  const serveRequest = createHttpHandler(yoga, {
    hostAllowed,
    lifecycle,
    readiness,
    applyCors: createCors(config),
    serveWebApp: config.webDir ? createWebAppHandler(config.webDir) : undefined,
  });
  const httpServer = createHttpServer(deps.requestLog.observeHttp(serveRequest));
  const connections = new ConnectionDrain(httpServer);
  const { wsServer, transport } = createSocketServer(httpServer, {
    deps,
    yoga,
    maskForSocket,
    hostAllowed,
    clientAddressOf,
    lifecycle,
  });

  return {
    async listen(port, host) {
      await deps.socketSessions.start();
      transport.start();
      return new Promise((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, host, () => {
          httpServer.off('error', reject);
          resolve(httpServer.address() as AddressInfo);
        });
      });
    },
    markUnready() {
      lifecycle.unready = true;
      connections.retire();
    },
    async close() {
      lifecycle.unready = true;
      lifecycle.draining = true;
      deps.socketSessions.stop();
      transport.stop();
      // A request a proxy sends on a connection it pooled is served (a 503 would reach its client),
      // and the connection closes after it; only a refused new connection sends it elsewhere.
      const closed = connections.drain();
      for (const socket of wsServer.clients) socket.close(CloseCode.GoingAway, 'Server shutting down');
      const graceOver = new Promise<'timeout'>((resolve) => setTimeout(resolve, SHUTDOWN_GRACE_MS, 'timeout').unref());
      if ((await Promise.race([closed, graceOver])) === 'timeout') {
        logger.warn('cutting connections still open after the shutdown grace period');
        for (const socket of wsServer.clients) socket.terminate();
        httpServer.closeAllConnections();
      }
      await closed;
      await new Promise<void>((resolve) => wsServer.close(() => resolve()));
    },
  };
}

/** Cheap database round trip for readiness probes, answering false after 2 s rather than hanging. */
export async function databaseReachable(deps: AppDeps): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(resolve, 2_000, false)));
  try {
    return await Promise.race([sql`select 1`.execute(deps.db).then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
