import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createYoga } from 'graphql-yoga';
import { useDisableIntrospection } from '@graphql-yoga/plugin-disable-introspection';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer, type WebSocket } from 'ws';
import { SocketSessions } from './realtime/socket-sessions.js';
import type { Logger } from 'pino';
import { sql } from 'kysely';
import { authenticateBearer, type AppDeps, type GraphQLContext, type Viewer } from './context.js';
import { schema } from './schema/index.js';
import { createErrorMasker } from './schema/errors.js';

/** What the WebSocket layer hands to the context factory in place of HTTP headers. */
interface SocketContext {
  socketViewer?: Viewer | null;
}

export interface Server {
  listen(port: number, host: string): Promise<AddressInfo>;
  /** Stops accepting, closes sockets with 1001 (going away) and waits for in-flight requests. */
  close(): Promise<void>;
}

export function createServer(deps: AppDeps, readiness: () => Promise<boolean>): Server {
  const { logger } = deps;
  const yoga = createYoga<Record<string, unknown> & SocketContext, GraphQLContext>({
    schema,
    graphqlEndpoint: '/graphql',
    graphiql: deps.config.graphiql ? { title: 'Chat API' } : false,
    landingPage: false,
    // Empty CORS_ORIGINS sends no CORS headers, so browsers allow same-origin use only.
    cors: corsOptions(deps.config.corsOrigins),
    plugins: deps.config.introspection ? [] : [useDisableIntrospection()],
    maskedErrors: { maskError: createErrorMasker(logger), isDev: false },
    logging: yogaLogger(logger),
    context: async (initial): Promise<GraphQLContext> => {
      const viewer =
        'socketViewer' in initial
          ? (initial.socketViewer ?? null)
          : await authenticateBearer(deps, (initial.request as Request).headers.get('authorization'));
      return { ...deps, viewer };
    },
  });

  const trustedHosts = new Set(deps.config.trustedHosts.map((host) => host.toLowerCase()));
  const hostAllowed = (host: string | undefined) =>
    trustedHosts.size === 0 || trustedHosts.has((host ?? '').toLowerCase());

  const httpServer = createHttpServer((req: IncomingMessage, res: ServerResponse) => {
    // DNS-rebinding guard: with TRUSTED_HOSTS set, a request naming another Host is refused.
    if (!hostAllowed(req.headers.host)) return void sendJson(res, 421, { error: 'Unknown host' });
    const path = req.url?.split('?')[0];
    if (path === '/health') return void sendJson(res, 200, { status: 'ok' });
    if (path === '/ready') {
      return void readiness().then(
        (ready) => sendJson(res, ready ? 200 : 503, { status: ready ? 'ready' : 'unavailable' }),
        () => sendJson(res, 503, { status: 'unavailable' }),
      );
    }
    void yoga.requestListener(req, res);
  });

  const socketSessions = new SocketSessions(deps.pubsub, logger);
  const wsServer = new WebSocketServer({
    server: httpServer,
    path: '/graphql',
    verifyClient: ({ req }: { req: IncomingMessage }) => hostAllowed(req.headers.host),
  });
  useServer<Record<string, unknown>, { viewer: Viewer | null; socket: WebSocket }>(
    {
      onConnect: async (ctx) => {
        // A socket must carry a live token; false makes graphql-ws close with 4403 Forbidden.
        const viewer = await authenticateBearer(deps, ctx.connectionParams?.authorization).catch(() => null);
        if (!viewer) return false;
        ctx.extra.viewer = viewer;
        socketSessions.track(ctx.extra.socket, viewer);
        return true;
      },
      onSubscribe: async (ctx, _id, payload) => {
        const { schema, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped({
          ...ctx,
          socketViewer: ctx.extra.viewer,
          params: payload,
        });
        const args = {
          schema,
          operationName: payload.operationName,
          document: parse(payload.query),
          variableValues: payload.variables,
          contextValue: await contextFactory(),
          rootValue: { execute, subscribe },
        };
        const errors = validate(args.schema, args.document);
        return errors.length ? errors : args;
      },
      execute: (args) => (args.rootValue as { execute: typeof import('graphql').execute }).execute(args),
      subscribe: (args) => (args.rootValue as { subscribe: typeof import('graphql').subscribe }).subscribe(args),
    },
    wsServer,
  );

  return {
    async listen(port, host) {
      await socketSessions.start();
      return new Promise((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, host, () => {
          httpServer.off('error', reject);
          resolve(httpServer.address() as AddressInfo);
        });
      });
    },
    async close() {
      socketSessions.stop();
      const closed = new Promise<void>((resolve) => httpServer.close(() => resolve()));
      for (const socket of wsServer.clients) socket.close(1001, 'Server shutting down');
      await new Promise<void>((resolve) => wsServer.close(() => resolve()));
      httpServer.closeIdleConnections();
      await closed;
    },
  };
}

/**
 * Routes yoga's logs to pino. Yoga logs every error it passed through the masker; the masker
 * already logged the unexpected ones, so these repeats go to debug.
 */
function yogaLogger(logger: Logger) {
  const format = (args: unknown[]) => (args.length > 1 ? { args: args.slice(1) } : {});
  return {
    debug: (...args: unknown[]) => logger.debug(format(args), String(args[0])),
    info: (...args: unknown[]) => logger.info(format(args), String(args[0])),
    warn: (...args: unknown[]) => logger.warn(format(args), String(args[0])),
    error: (...args: unknown[]) =>
      args[0] instanceof Error
        ? logger.debug({ err: args[0] }, 'operation error')
        : logger.error(format(args), String(args[0])),
  };
}

function corsOptions(origins: string[]) {
  if (origins.length === 0) return false;
  return { origin: origins.includes('*') ? '*' : origins, credentials: !origins.includes('*') };
}

function sendJson(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

/** Cheap database round trip for readiness probes. */
export async function databaseReachable(deps: AppDeps): Promise<boolean> {
  await sql`select 1`.execute(deps.db);
  return true;
}
