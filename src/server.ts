import { randomBytes } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { getOperationAST, GraphQLError, type ExecutionArgs } from 'graphql';
import { CloseCode } from 'graphql-ws';
import { createYoga, isAsyncIterable, type Plugin } from 'graphql-yoga';
import { sql } from 'kysely';
import type { Logger } from 'pino';
import { WebSocketServer, type WebSocket } from 'ws';
import { ConnectionDrain } from './connection-drain.js';
import { authenticateBearer, type AppDeps, type GraphQLContext, type Viewer } from './context.js';
import { isDatabaseUnavailable } from './db/database.js';
import { DomainError } from './errors.js';
import { requestIdFrom } from './observability/request-scope.js';
import { subscribeShared, type SocketTarget } from './realtime/shared-execution.js';
import { CLOSE_TRY_AGAIN_LATER } from './realtime/socket-sessions.js';
import { WsTransport } from './realtime/ws-transport.js';
import { createErrorMasker } from './schema/errors.js';
import { schema } from './schema/index.js';
import { noConditionalSubscriptionRootPlugin } from './schema/subscription-root.js';
import { createClientAddressOf } from './security/client-address.js';
import {
  costLimitError,
  costLimitPlugin,
  disableIntrospectionPlugin,
  operationCost,
  QUERY_LIMITS,
  queryLimitsPlugin,
} from './security/query-limits.js';
import { mutationLimitsPlugin } from './security/mutation-limits.js';
import { OperationGate, operationGatePlugin } from './security/operation-gate.js';
import { PenaltyBox, penaltyBoxPlugin } from './security/penalty-box.js';
import { responseSizePlugin } from './security/response-size.js';
import { declaredVariables, variablesError, variablesLimitPlugin } from './security/variables.js';

/** Largest HTTP request body accepted (a 1 MB field still reaches validation and gets a field error). */
export const MAX_BODY_BYTES = 2 * 1024 * 1024;
/** Largest WebSocket frame; a bigger one closes the socket with 1009 (message too big). */
export const MAX_WS_PAYLOAD_BYTES = 64 * 1024;
/** A socket that has not sent connection_init by then is closed with 4408. */
export const CONNECTION_INIT_TIMEOUT_MS = 5_000;
/** How long a graceful stop lets in-flight requests and streams finish before cutting them. */
const SHUTDOWN_GRACE_MS = 5_000;

/** What the WebSocket layer hands to the context factory in place of HTTP headers. */
interface SocketContext {
  socketViewer?: Viewer | null;
  clientAddress?: string;
}

type SocketExtra = {
  /** Set once connection_init is accepted. */
  viewer: Viewer | null;
  /** Ids of operations started on this socket and not yet finished (for the per-socket cap). */
  operations: Set<string>;
  socketId: string;
  clientAddress: string;
  socket: WebSocket;
  /** Until connection_init is accepted: a socket may live for hours, its upgrade request need not. */
  request: IncomingMessage | undefined;
  /** The upgrade request's X-Request-ID (or a generated one): the request id of the socket's log lines. */
  requestId: string;
  /** performance.now() at the upgrade, for the socket's duration in its closing line. */
  openedAt: number;
};

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

export function createServer(deps: AppDeps, readiness: () => Promise<boolean>): Server {
  const { logger, config } = deps;
  let draining = false;
  let unready = false;

  const maskError = createErrorMasker(logger);
  // Over a socket: the same masking, without `http` (a status for yoga's HTTP response only).
  const maskForSocket = (error: unknown): GraphQLError => {
    const masked = maskError(error, 'Unexpected error.') as GraphQLError;
    if (!masked.extensions?.http) return masked;
    const { http: _status, ...extensions } = masked.extensions;
    return new GraphQLError(masked.message, { nodes: masked.nodes, path: masked.path, extensions });
  };
  const clientAddressOf = createClientAddressOf(config.trustedProxies);
  const { socketSessions, requestLog } = deps;
  // Only subscriptions over HTTP (SSE) pass through envelop's subscribe: sockets run theirs through
  // subscribeShared and are closed as a whole on revocation.
  const endStreamsWithSessionPlugin: Plugin<GraphQLContext> = {
    onSubscribe: ({ args, setResultAndStopExecution }) => {
      const viewer = args.contextValue.viewer;
      if (!viewer) return;
      // Each SSE subscription holds an HTTP connection and runs its own execution per event.
      const max = config.maxSseSubscriptionsPerUser;
      if (!socketSessions.reserveStream(viewer.userId, max)) {
        const message = `At most ${max} subscriptions over HTTP may run at once per user.`;
        return setResultAndStopExecution({
          errors: [new GraphQLError(message, { extensions: { code: 'RATE_LIMITED', retryAfter: 1 } })],
        });
      }
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        socketSessions.releaseStream(viewer.userId);
      };
      const response = args.contextValue.httpResponse;
      // Released when the stream ends, and in any case when the response closes: yoga may never
      // read the stream (a 406 for a client that does not accept event streams) or end it (the
      // client left before it was set up).
      response?.once('close', release);
      return {
        onSubscribeError: release,
        onSubscribeResult: ({ result, setResult }) => {
          if (!isAsyncIterable(result)) return release();
          const stream = socketSessions.bindStream(viewer, result, release);
          setResult(stream);
          // Its pub/sub subscriptions go with the response, whether or not yoga returns the stream.
          response?.once('close', () => void stream.return?.());
          // A revocation announced while the subscription was starting found no stream to end.
          // Ask again now that it is bound (from memory, unless a revocation cleared it).
          deps.sessionChecks.isActive(viewer.sessionId).then(
            (live) => live || socketSessions.endSession(viewer.sessionId),
            () => {},
          );
        },
      };
    },
  };
  const yoga = createYoga<Record<string, unknown> & SocketContext, GraphQLContext>({
    schema,
    graphqlEndpoint: '/graphql',
    graphiql: config.graphiql ? { title: 'Chat API' } : false,
    landingPage: false,
    // The HTTP listener below already refuses bodies without a Content-Length or over MAX_BODY_BYTES;
    // yoga's own limit would pipe every body through an extra stream to count it again.
    maxRequestBodySize: false,
    // Empty CORS_ORIGINS sends no CORS headers, so browsers allow same-origin use only.
    cors: corsOptions(config.corsOrigins),
    plugins: [
      // First: it sees every operation before a later plugin can end it early.
      requestLog.plugin(),
      penaltyBoxPlugin(new PenaltyBox()),
      variablesLimitPlugin(),
      queryLimitsPlugin(),
      costLimitPlugin(),
      mutationLimitsPlugin(),
      operationGatePlugin(new OperationGate()),
      responseSizePlugin(),
      ...(config.introspection ? [] : [disableIntrospectionPlugin()]),
      endStreamsWithSessionPlugin,
      noConditionalSubscriptionRootPlugin(),
    ],
    maskedErrors: { maskError, isDev: false },
    logging: yogaLogger(logger),
    context: async (initial): Promise<GraphQLContext> => {
      if ('socketViewer' in initial) {
        return { ...deps, viewer: initial.socketViewer ?? null, clientAddress: initial.clientAddress ?? 'unknown' };
      }
      const req = initial.req as IncomingMessage | undefined;
      const res = initial.res as ServerResponse | undefined;
      const request = initial.request as Request;
      const viewer = await authenticateBearer(deps, request.headers.get('authorization'));
      return {
        ...deps,
        viewer,
        signal: request.signal,
        httpResponse: res,
        clientAddress: clientAddressOf(req?.socket.remoteAddress, req?.headers['x-forwarded-for']),
      };
    },
  });

  const trustedHosts = new Set(config.trustedHosts.map((host) => host.toLowerCase()));
  const hostAllowed = (host: string | undefined) =>
    trustedHosts.size === 0 || trustedHosts.has((host ?? '').toLowerCase());

  const serveRequest = (req: IncomingMessage, res: ServerResponse) => {
    // DNS-rebinding guard: with TRUSTED_HOSTS set, a request naming another Host is refused.
    if (!hostAllowed(req.headers.host)) return sendError(res, 421, 'MISDIRECTED_REQUEST', 'Unknown host.');
    const path = req.url?.split('?')[0];
    if (path === '/health') return sendJson(res, 200, { status: 'ok' });
    if (path === '/ready') {
      if (draining || unready) return sendJson(res, 503, { status: 'shutting down' });
      return void readiness().then(
        (ready) => sendJson(res, ready ? 200 : 503, { status: ready ? 'ready' : 'unavailable' }),
        () => sendJson(res, 503, { status: 'unavailable' }),
      );
    }
    if (req.method === 'POST') {
      const length = req.headers['content-length'];
      if (length === undefined) return sendError(res, 411, 'LENGTH_REQUIRED', 'POST requests need a Content-Length.');
      if (Number(length) > MAX_BODY_BYTES) {
        res.shouldKeepAlive = false;
        return sendError(res, 413, 'PAYLOAD_TOO_LARGE', `Request bodies are limited to ${MAX_BODY_BYTES} bytes.`);
      }
      // JSON only, as GraphQL over HTTP defines: a form, multipart, text/plain or application/graphql
      // POST is a "simple" request any web page can send cross-site without a CORS preflight (a
      // forged logIn or signUp from a visitor's browser).
      if (mediaType(req.headers['content-type']) !== 'application/json') {
        return sendError(res, 415, 'UNSUPPORTED_MEDIA_TYPE', 'POST bodies must be application/json.');
      }
    }
    void yoga.requestListener(req, res);
  };
  const httpServer = createHttpServer(requestLog.observeHttp(serveRequest));
  const connections = new ConnectionDrain(httpServer);

  const wsServer = new WebSocketServer({ noServer: true, maxPayload: MAX_WS_PAYLOAD_BYTES });
  deps.metrics.probes.openSockets = () => wsServer.clients.size;

  httpServer.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    void acceptUpgrade(req, socket).then(
      (refusal) => {
        if (refusal) {
          requestLog.upgradeRefused(req, refusal.status);
          return rejectUpgrade(socket, refusal);
        }
        wsServer.handleUpgrade(req, socket, head, (ws) => wsServer.emit('connection', ws, req));
      },
      (err: unknown) => {
        logger.error({ err }, 'upgrade failed');
        rejectUpgrade(socket, { status: 500, text: 'Internal Server Error' });
      },
    );
  });

  /** Null to accept, or the HTTP status to refuse a WebSocket upgrade with. */
  async function acceptUpgrade(req: IncomingMessage, socket: Socket): Promise<{ status: number; text: string } | null> {
    if (draining) return { status: 503, text: 'Service Unavailable' };
    if (req.url?.split('?')[0] !== '/graphql') return { status: 404, text: 'Not Found' };
    if (!hostAllowed(req.headers.host)) return { status: 421, text: 'Misdirected Request' };
    if (!originAllowed(req, config.corsOrigins)) return { status: 403, text: 'Forbidden' };
    try {
      await deps.limits.consume('socket', clientAddressOf(socket.remoteAddress, req.headers['x-forwarded-for']));
    } catch (err) {
      if (err instanceof DomainError) return { status: 429, text: 'Too Many Requests' };
      throw err;
    }
    return null;
  }

  const transport = new WsTransport<SocketExtra>(
    wsServer,
    {
      connectionInitWaitTimeout: CONNECTION_INIT_TIMEOUT_MS,
      maxBacklogBytes: config.socketBacklogLimit,
      extra: (socket, request) => ({
        socket,
        request,
        viewer: null,
        operations: new Set(),
        // Flat (a randomUUID() string is a tree of its pieces in V8, held for the socket's life).
        socketId: randomBytes(12).toString('base64url'),
        clientAddress: clientAddressOf(request.socket.remoteAddress, request.headers['x-forwarded-for']),
        requestId: requestIdFrom(request.headers['x-request-id']),
        openedAt: performance.now(),
      }),
      aroundMessage: (extra, handle) =>
        requestLog.socketMessage({ requestId: extra.requestId, userId: extra.viewer?.userId }, handle),
      onConnect: async (ctx) => {
        transport.initReceived(ctx.extra.socket);
        // A socket must carry a live token; false makes graphql-ws close with 4403 Forbidden.
        let viewer: Viewer | null;
        try {
          viewer = await authenticateBearer(deps, ctx.connectionParams?.authorization);
        } catch (err) {
          if (isDatabaseUnavailable(err)) {
            // Not the token's fault: 1013, try again later, which clients retry, rather than 4403,
            // which tells them to sign in again.
            logger.warn({ err }, 'could not check the token of a new socket');
            ctx.extra.socket.close(CLOSE_TRY_AGAIN_LATER, 'Service unavailable: try again shortly');
          } else if (!(err instanceof DomainError)) {
            logger.error({ err }, 'could not check the token of a new socket');
            ctx.extra.socket.close(CloseCode.InternalServerError, 'Internal server error');
          }
          return false;
        }
        if (!viewer) return false;
        ctx.extra.viewer = viewer;
        socketSessions.track(ctx.extra.socket, viewer);
        // A socket may live for hours: keep neither the upgrade request nor the token text.
        // (Cleared rather than deleted: a deleted field turns the object into a slower, larger one.)
        ctx.extra.request = undefined;
        const params = ctx.connectionParams as { authorization?: unknown } | undefined;
        if (params?.authorization !== undefined) params.authorization = undefined;
        return true;
      },
      onSubscribe: async (ctx, id, payload) => {
        requestLog.operationStarted(id, payload.operationName);
        // Counted from the first moment, so concurrent starts cannot slip past the cap.
        const operations = ctx.extra.operations!; // set in onConnect
        if (operations.has(id)) {
          // graphql-ws forgets an id when its client completes it, before the operation has ended:
          // a new one under the same id would then leave the first running unseen (if it was still
          // starting), or be completed and forgotten itself when the first one ends. The id is in use
          // until its operation has ended: graphql-ws's rule and close, applied that long.
          ctx.extra.socket.close(CloseCode.SubscriberAlreadyExists, `Subscriber for ${id} already exists`);
          return [new GraphQLError('Operation id already in use.', { extensions: { code: 'BAD_REQUEST' } })];
        }
        if (operations.size >= config.maxSubscriptionsPerSocket) {
          return [
            new GraphQLError(`At most ${config.maxSubscriptionsPerSocket} operations may run at once on one socket.`, {
              extensions: { code: 'RATE_LIMITED', retryAfter: 1 },
            }),
          ];
        }
        operations.add(id);
        const refuse = (errors: readonly unknown[]) => {
          operations.delete(id);
          return errors.map(maskForSocket);
        };
        try {
          await deps.limits.consume('subscribe', ctx.extra.socketId!);
          // The same envelop chain as HTTP: context, limits, masking and introspection rules apply alike.
          const { schema, execute, contextFactory, parse, validate } = yoga.getEnveloped({
            socketViewer: ctx.extra.viewer,
            clientAddress: ctx.extra.clientAddress,
          });
          let document;
          try {
            document = parse(payload.query);
          } catch (err) {
            return refuse([withCode(err, 'GRAPHQL_PARSE_FAILED')]);
          }
          const errors = validate(schema, document);
          if (errors.length)
            return refuse(errors.map((error: GraphQLError) => withCode(error, 'GRAPHQL_VALIDATION_FAILED')));
          const operation = getOperationAST(document, payload.operationName);
          const variablesRefused = variablesError(payload.variables);
          if (variablesRefused) return refuse([variablesRefused]);
          if (!operation) {
            return refuse([
              new GraphQLError('Could not identify the operation to run: check operationName.', {
                extensions: { code: 'OPERATION_RESOLUTION_FAILURE' },
              }),
            ]);
          }
          // graphql-ws keeps the subscribe message for the operation's life: undeclared variables go.
          const variables = declaredVariables(operation, payload.variables);
          (payload as { variables?: unknown }).variables = variables;
          // Queries and mutations are checked in envelop's execute (costLimitPlugin); subscriptions
          // run through subscribeShared, outside it.
          if (operation.operation === 'subscription') {
            const cost = operationCost(schema, document, payload.operationName, variables);
            if (cost > QUERY_LIMITS.maxCost) return refuse([costLimitError(cost)]);
          }
          // graphql-ws holds the subscribe message for as long as the operation runs; the query is
          // parsed (and its document cached by text), so its copy in the message can go.
          (payload as { query: string }).query = '';
          return {
            schema,
            operationName: payload.operationName,
            document,
            variableValues: variables,
            contextValue: await contextFactory(),
            rootValue: {
              execute,
              target: {
                socket: ctx.extra.socket,
                id,
                maxBacklogBytes: config.socketBacklogLimit,
                deliveries: deps.metrics.deliveries,
              },
            } satisfies EnvelopedRoot,
          };
        } catch (err) {
          // Parse errors and query limits throw; so do rate limits and a failing context.
          return refuse([err]);
        }
      },
      onOperation: (_ctx, _id, _payload, _args, result) => requestLog.operationRunning(result),
      onNext: (_ctx, _id, _payload, _args, result) => requestLog.recordErrors(result.errors),
      onComplete: (ctx, id) => void ctx.extra.operations?.delete(id),
      onError: (ctx, id, _payload, errors) => {
        ctx.extra.operations?.delete(id);
        requestLog.recordErrors(errors);
      },
      onClose: (ctx, code, reason) =>
        requestLog.socketClosed(
          { requestId: ctx.extra.requestId, userId: ctx.extra.viewer?.userId },
          ctx.extra.openedAt,
          code,
          reason,
        ),
      execute: (args) => (args.rootValue as EnvelopedRoot).execute(args),
      // Events are executed and serialized once per distinct document and variables, not once per
      // subscriber, and written straight to the sockets.
      subscribe: (args) =>
        subscribeShared(
          args,
          (result) => ({
            ...result,
            errors: result.errors?.map(maskForSocket),
          }),
          (args.rootValue as EnvelopedRoot).target,
        ),
    },
    logger,
  );

  return {
    async listen(port, host) {
      await socketSessions.start();
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
      unready = true;
      connections.retire();
    },
    async close() {
      unready = true;
      draining = true;
      socketSessions.stop();
      transport.stop();
      // A request a proxy sends on a connection it pooled is served (a 503 would reach its client),
      // and the connection closes after it; only a refused new connection sends it elsewhere.
      const closed = connections.drain();
      for (const socket of wsServer.clients) socket.close(1001, 'Server shutting down');
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

/** Gives a GraphQL error the code yoga would give it over HTTP, unless it already has one. */
function withCode(error: unknown, code: string): unknown {
  if (!(error instanceof GraphQLError) || typeof error.extensions.code === 'string') return error;
  return new GraphQLError(error.message, { nodes: error.nodes, extensions: { ...error.extensions, code } });
}

/**
 * graphql-ws hands rootValue back to execute/subscribe: it carries the enveloped execute and the
 * socket and operation id that subscription results are written to.
 */
interface EnvelopedRoot {
  execute: (args: ExecutionArgs) => ReturnType<typeof import('graphql').execute>;
  target: SocketTarget;
}

/**
 * Browsers send Origin on WebSocket upgrades and do not apply CORS to them, so the check is ours:
 * same-origin or an origin in CORS_ORIGINS. Clients that send no Origin (servers, apps) pass.
 */
function originAllowed(req: IncomingMessage, allowed: string[]): boolean {
  const origin = req.headers.origin;
  if (!origin) return true;
  if (allowed.includes('*') || allowed.includes(origin)) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

function rejectUpgrade(socket: Socket, refusal: { status: number; text: string }) {
  if (socket.writable) {
    socket.write(`HTTP/1.1 ${refusal.status} ${refusal.text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  }
  socket.destroy();
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

/** `Application/JSON; charset=utf-8` → `application/json`; '' when there is none. */
function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';', 1)[0]!.trim().toLowerCase();
}

/** A transport-level refusal, shaped like a GraphQL error response so clients parse it the same way. */
function sendError(res: ServerResponse, status: number, code: string, message: string) {
  sendJson(res, status, { errors: [{ message, extensions: { code } }] });
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
