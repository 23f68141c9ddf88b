import { randomBytes } from 'node:crypto';
import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { Socket } from 'node:net';
import { getOperationAST, GraphQLError, type ExecutionArgs } from 'graphql';
import type { Context, SubscribePayload } from 'graphql-ws';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Viewer } from '../features/accounts/viewer.js';
import { authenticateBearer, type AppDeps, type GraphQLContext } from '../graphql/context.js';
import { isDatabaseUnavailable } from '../platform/db/database.js';
import { coded, DomainError, type ClientErrorCode } from '../platform/errors.js';
import { requestIdFrom } from '../platform/observability/request-scope.js';
import { subscribeShared, type SocketTarget } from '../realtime/shared-execution.js';
import { CloseCode } from '../realtime/close-codes.js';
import type { ClientAddressOf } from '../platform/client-address.js';
import { costLimitError, operationCost, QUERY_LIMITS, spendQueryCost } from '../security/query-limits.js';
import { declaredVariables, variablesError } from '../security/variables.js';
import type { Lifecycle } from './http.js';
import { WsTransport } from './ws-transport.js';
import type { GraphQLHandler } from './yoga.js';

/** Largest WebSocket frame; a bigger one closes the socket with 1009 (message too big). */
export const MAX_WS_PAYLOAD_BYTES = 64 * 1024;
/** A socket that has not sent connection_init by then is closed with 4408. */
export const CONNECTION_INIT_TIMEOUT_MS = 5_000;

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

type SocketContext = Context<Record<string, unknown>, SocketExtra>;

/**
 * graphql-ws hands rootValue back to execute/subscribe: it carries the enveloped execute and the
 * socket and operation id that subscription results are written to.
 */
interface EnvelopedRoot {
  execute: (args: ExecutionArgs) => ReturnType<typeof import('graphql').execute>;
  target: SocketTarget;
}

interface SocketServerOptions {
  deps: AppDeps;
  yoga: GraphQLHandler;
  /** Masking for socket frames: as over HTTP, without yoga's `http` status. */
  maskForSocket: (error: unknown) => GraphQLError;
  hostAllowed: (host: string | undefined) => boolean;
  clientAddressOf: ClientAddressOf;
  lifecycle: Lifecycle;
}

/** graphql-ws over `ws` on the HTTP server's upgrades at /graphql, through the shared envelop chain. */
export function createSocketServer(httpServer: HttpServer, options: SocketServerOptions) {
  const { deps } = options;
  const wsServer = new WebSocketServer({ noServer: true, maxPayload: MAX_WS_PAYLOAD_BYTES });
  deps.metrics.probes.openSockets = () => wsServer.clients.size;
  httpServer.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    void acceptUpgrade(options, req, socket).then(
      (refusal) => {
        if (refusal) {
          deps.requestLog.upgradeRefused(req, refusal.status);
          return rejectUpgrade(socket, refusal);
        }
        wsServer.handleUpgrade(req, socket, head, (ws) => wsServer.emit('connection', ws, req));
      },
      (err: unknown) => {
        deps.logger.error({ err }, 'upgrade failed');
        rejectUpgrade(socket, { status: 500, text: 'Internal Server Error' });
      },
    );
  });
  const transport: WsTransport<SocketExtra> = new WsTransport<SocketExtra>(
    wsServer,
    socketHooks(options, (socket) => transport.initReceived(socket)),
    deps.logger,
  );
  return { wsServer, transport };
}

/** graphql-ws's hooks: authentication, admission and preparation of operations, logging. */
function socketHooks(options: SocketServerOptions, initReceived: (socket: WebSocket) => void) {
  const { deps, maskForSocket } = options;
  const { requestLog } = deps;
  return {
    connectionInitWaitTimeout: CONNECTION_INIT_TIMEOUT_MS,
    maxBacklogBytes: deps.config.socketBacklogLimit,
    extra: (socket: WebSocket, request: IncomingMessage): SocketExtra => ({
      socket,
      request,
      viewer: null,
      operations: new Set(),
      // Flat (a randomUUID() string is a tree of its pieces in V8, held for the socket's life).
      socketId: randomBytes(12).toString('base64url'),
      clientAddress: options.clientAddressOf(request.socket.remoteAddress, request.headers['x-forwarded-for']),
      requestId: requestIdFrom(request.headers['x-request-id']),
      openedAt: performance.now(),
    }),
    aroundMessage: (extra: SocketExtra, handle: () => Promise<void>) =>
      requestLog.socketMessage({ requestId: extra.requestId, userId: extra.viewer?.userId }, handle),
    onConnect: (ctx: SocketContext) => {
      initReceived(ctx.extra.socket);
      return authenticateSocket(deps, ctx);
    },
    onSubscribe: async (ctx: SocketContext, id: string, payload: SubscribePayload) => {
      requestLog.operationStarted(id, payload.operationName);
      const refused = admitOperation(deps, ctx, id);
      if (refused) return refused;
      try {
        return await prepareOperation(options, ctx, id, payload);
      } catch (err) {
        // Parse errors and query limits throw; so do rate limits and a failing context.
        return refuseOperation(ctx, id, [err], maskForSocket);
      }
    },
    onOperation: (_ctx: SocketContext, _id: string, _payload: unknown, _args: unknown, result: unknown) =>
      requestLog.operationRunning(result),
    onNext: (_ctx: SocketContext, _id: string, _payload: unknown, _args: unknown, result: { errors?: unknown }) =>
      requestLog.recordErrors(result.errors as readonly GraphQLError[] | undefined),
    onComplete: (ctx: SocketContext, id: string) => void ctx.extra.operations?.delete(id),
    onError: (ctx: SocketContext, id: string, _payload: unknown, errors: readonly GraphQLError[]) => {
      ctx.extra.operations?.delete(id);
      requestLog.recordErrors(errors);
    },
    onClose: (ctx: SocketContext, code: number | undefined, reason: string | undefined) =>
      requestLog.socketClosed(
        { requestId: ctx.extra.requestId, userId: ctx.extra.viewer?.userId },
        ctx.extra.openedAt,
        code,
        reason,
      ),
    execute: (args: ExecutionArgs) => (args.rootValue as EnvelopedRoot).execute(args),
    // Events are executed and serialized once per distinct document and variables, not once per
    // subscriber, and written straight to the sockets.
    subscribe: (args: ExecutionArgs) =>
      subscribeShared(
        args,
        (result) => ({ ...result, errors: result.errors?.map(maskForSocket) }),
        (args.rootValue as EnvelopedRoot).target,
      ),
  };
}

/** A socket must carry a live token; false makes graphql-ws close with 4403 Forbidden. */
async function authenticateSocket(deps: AppDeps, ctx: SocketContext): Promise<boolean> {
  let viewer: Viewer | null;
  try {
    viewer = await authenticateBearer(deps, connectionParam(ctx.connectionParams, 'authorization'));
  } catch (err) {
    if (isDatabaseUnavailable(err)) {
      // Not the token's fault: 1013, try again later, which clients retry, rather than 4403,
      // which tells them to sign in again.
      deps.logger.warn({ err }, 'could not check the token of a new socket');
      ctx.extra.socket.close(CloseCode.TryAgainLater, 'Service unavailable: try again shortly');
    } else if (!(err instanceof DomainError)) {
      deps.logger.error({ err }, 'could not check the token of a new socket');
      ctx.extra.socket.close(CloseCode.InternalServerError, 'Internal server error');
    }
    return false;
  }
  if (!viewer) return false;
  ctx.extra.viewer = viewer;
  deps.socketSessions.track(ctx.extra.socket, viewer);
  // A socket may live for hours: keep neither the upgrade request nor the token text.
  // (Cleared rather than deleted: a deleted field turns the object into a slower, larger one.)
  ctx.extra.request = undefined;
  clearConnectionParam(ctx.connectionParams, 'authorization');
  return true;
}

/**
 * A connectionParams value by name, whatever its case: clients copy HTTP's `Authorization` (GraphiQL's
 * Headers tab, Apollo's docs) as often as they write `authorization`. Keys that differ only in case
 * and disagree make it ambiguous: undefined then (no credentials, so the socket is refused).
 */
function connectionParam(params: Record<string, unknown> | undefined, name: string): unknown {
  let found: unknown;
  for (const [key, value] of Object.entries(params ?? {})) {
    if (key.toLowerCase() !== name || value === undefined) continue;
    if (found !== undefined && found !== value) return undefined;
    found = value;
  }
  return found;
}

/** Forgets every spelling of a connectionParams value (cleared, not deleted: see authenticateSocket). */
function clearConnectionParam(params: Record<string, unknown> | undefined, name: string): void {
  for (const key of Object.keys(params ?? {})) if (key.toLowerCase() === name) params![key] = undefined;
}

/**
 * Counts the operation on its socket from the first moment, so concurrent starts cannot slip past
 * the cap; the errors to answer with instead, or null.
 */
function admitOperation(deps: AppDeps, ctx: SocketContext, id: string): GraphQLError[] | null {
  const operations = ctx.extra.operations;
  if (operations.has(id)) {
    // graphql-ws forgets an id when its client completes it, before the operation has ended: a new
    // one under the same id would then leave the first running unseen (if it was still starting),
    // or be completed and forgotten itself when the first one ends. The id is in use until its
    // operation has ended: graphql-ws's rule and close, applied that long.
    ctx.extra.socket.close(CloseCode.SubscriberAlreadyExists, `Subscriber for ${id} already exists`);
    return [new GraphQLError('Operation id already in use.', { extensions: coded('BAD_REQUEST') })];
  }
  const max = deps.config.maxSubscriptionsPerSocket;
  if (operations.size >= max) {
    return [
      new GraphQLError(`At most ${max} operations may run at once on one socket.`, {
        extensions: coded('RATE_LIMITED', { retryAfter: 1 }),
      }),
    ];
  }
  operations.add(id);
  return null;
}

function refuseOperation(
  ctx: SocketContext,
  id: string,
  errors: readonly unknown[],
  maskForSocket: (error: unknown) => GraphQLError,
): GraphQLError[] {
  ctx.extra.operations.delete(id);
  return errors.map(maskForSocket);
}

/** Parses, validates and checks an operation through the shared envelop chain, ready to run. */
async function prepareOperation(
  options: SocketServerOptions,
  ctx: SocketContext,
  id: string,
  payload: SubscribePayload,
): Promise<GraphQLError[] | ExecutionArgs> {
  const { deps, maskForSocket } = options;
  const refuse = (errors: readonly unknown[]) => refuseOperation(ctx, id, errors, maskForSocket);
  await deps.limits.consume('subscribe', ctx.extra.socketId);
  // The same envelop chain as HTTP: context, limits, masking and introspection rules apply alike.
  const { schema, execute, contextFactory, parse, validate } = options.yoga.getEnveloped({
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
  if (errors.length) return refuse(errors.map((error: GraphQLError) => withCode(error, 'GRAPHQL_VALIDATION_FAILED')));
  const operation = getOperationAST(document, payload.operationName);
  const variablesRefused = variablesError(payload.variables);
  if (variablesRefused) return refuse([variablesRefused]);
  if (!operation) {
    const message = 'Could not identify the operation to run: check operationName.';
    return refuse([new GraphQLError(message, { extensions: coded('OPERATION_RESOLUTION_FAILURE') })]);
  }
  // graphql-ws keeps the subscribe message for the operation's life: undeclared variables go, and
  // the query too once parsed (its document is cached by text).
  const variables = declaredVariables(operation, payload.variables);
  Object.assign(payload, { variables, query: '' });
  // Kept for the operation's life: a spread copy is a fast-mode object of the shape every socket
  // shares, where envelop's one, extended key by key, is a per-socket property dictionary (~0.8 KB).
  const contextValue = { ...(await contextFactory()) };
  // Queries and mutations are checked in envelop's execute (costLimitPlugin); subscriptions run
  // through subscribeShared, outside it.
  if (operation.operation === 'subscription') {
    const cost = operationCost(schema, document, payload.operationName, variables);
    const overBudget = await spendQueryCost(contextValue as unknown as GraphQLContext, cost);
    if (overBudget) return refuse([overBudget]);
    if (cost > QUERY_LIMITS.maxCost) return refuse([costLimitError(cost)]);
  }
  const target = { socket: ctx.extra.socket, id, maxBacklogBytes: deps.config.socketBacklogLimit };
  return {
    schema,
    operationName: payload.operationName,
    document,
    variableValues: variables,
    contextValue,
    rootValue: { execute, target: { ...target, deliveries: deps.metrics.deliveries } } satisfies EnvelopedRoot,
  };
}

/** Gives a GraphQL error the code yoga would give it over HTTP, unless it already has one. */
function withCode(error: unknown, code: ClientErrorCode): unknown {
  if (!(error instanceof GraphQLError) || typeof error.extensions.code === 'string') return error;
  return new GraphQLError(error.message, { nodes: error.nodes, extensions: { ...error.extensions, ...coded(code) } });
}

/** Null to accept, or the HTTP status to refuse a WebSocket upgrade with. */
async function acceptUpgrade(
  options: SocketServerOptions,
  req: IncomingMessage,
  socket: Socket,
): Promise<{ status: number; text: string } | null> {
  if (options.lifecycle.draining) return { status: 503, text: 'Service Unavailable' };
  if (req.url?.split('?')[0] !== '/graphql') return { status: 404, text: 'Not Found' };
  if (!options.hostAllowed(req.headers.host)) return { status: 421, text: 'Misdirected Request' };
  if (!originAllowed(req, options.deps.config.corsOrigins)) return { status: 403, text: 'Forbidden' };
  try {
    const address = options.clientAddressOf(socket.remoteAddress, req.headers['x-forwarded-for']);
    await options.deps.limits.consume('socket', address);
  } catch (err) {
    if (err instanceof DomainError) return { status: 429, text: 'Too Many Requests' };
    throw err;
  }
  return null;
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
