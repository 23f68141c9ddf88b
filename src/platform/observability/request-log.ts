import type { IncomingMessage, ServerResponse } from 'node:http';
import { getOperationAST, type ExecutionArgs } from 'graphql';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import type { Logger } from 'pino';
import type { ClientAddressOf } from '../client-address.js';
import { rootFieldNames } from '../graphql-documents.js';
import type { Metrics, Transport } from './metrics.js';
import { requestIdFrom, type RequestScope, type RequestScopes } from './request-scope.js';

/** Probed every few seconds by load balancers: a line each would drown the rest. */
const UNLOGGED_PATHS = new Set(['/health', '/ready']);

/** A client's operationName is logged only when it is a GraphQL name (of sane length). */
const GRAPHQL_NAME = /^[_A-Za-z][_0-9A-Za-z]{0,99}$/;

/** A socket's connection, as its log lines name it. */
export interface SocketIdentity {
  /** From its upgrade request's X-Request-ID, else generated. */
  requestId: string;
  userId: string | undefined;
}

/** What the log line and the metrics say about an operation, read from its scope once it ended. */
interface OperationSummary {
  name: string | undefined;
  type: string;
  codes: string[];
  loginFailed: boolean;
}

/**
 * The request log (at info, one line per HTTP request, per socket operation and per socket) and
 * the operation metrics. Each request, and each socket message with the operation it starts, runs
 * in a RequestScope, so every line logged meanwhile (SQL at debug too) carries its request id.
 * Failed logins and rate-limit refusals are logged at warn. Subscription events are not logged.
 */
export class RequestLog {
  constructor(
    private readonly logger: Logger,
    private readonly metrics: Metrics,
    private readonly scopes: RequestScopes,
    private readonly clientAddressOf: ClientAddressOf,
  ) {}

  /**
   * Wraps the HTTP listener: each request (but the health probes) runs in a scope, gets its
   * request id back in `X-Request-ID`, and logs one line when its response closes (an SSE
   * subscription when its stream ends).
   */
  observeHttp(listener: (req: IncomingMessage, res: ServerResponse) => void) {
    return (req: IncomingMessage, res: ServerResponse): void => {
      if (UNLOGGED_PATHS.has(pathOf(req))) return listener(req, res);
      const scope: RequestScope = {
        requestId: requestIdFrom(req.headers['x-request-id']),
        transport: 'http',
        startedAt: performance.now(),
      };
      // Read now: once the response has closed, its socket may be gone.
      const clientAddress = this.clientAddressOf(req.socket.remoteAddress, req.headers['x-forwarded-for']);
      res.setHeader('x-request-id', scope.requestId);
      res.once('close', () => this.httpEnded(scope, req, res, clientAddress));
      this.scopes.run(scope, () => listener(req, res));
    };
  }

  /**
   * Runs the handling of one socket message in a scope of its own. graphql-ws handles a subscribe
   * message for as long as its operation runs, so a message that started one (operationStarted)
   * logs that operation's line when its handling ends.
   */
  socketMessage(socket: SocketIdentity, handle: () => Promise<void>): Promise<void> {
    const scope: RequestScope = {
      requestId: socket.requestId,
      transport: 'ws',
      startedAt: performance.now(),
      userId: socket.userId,
    };
    return this.scopes.run(scope, handle).finally(() => {
      if (scope.operationId !== undefined) this.socketOperationEnded(scope);
    });
  }

  /** The current socket message starts operation `id` (graphql-ws's onSubscribe). */
  operationStarted(id: string, operationName: unknown): void {
    const scope = this.scopes.current();
    if (!scope) return;
    scope.operationId = id.slice(0, 64);
    if (typeof operationName === 'string') scope.operationName = operationName;
  }

  /** graphql-ws ran the current operation: a stream is a live subscription. */
  operationRunning(result: unknown): void {
    if (isAsyncIterable(result)) this.markLive('ws');
  }

  /** Errors the current operation answered with (a result's, or a refusal's). */
  recordErrors(errors: readonly unknown[] | undefined): void {
    const scope = this.scopes.current();
    if (!scope || !errors?.length) return;
    scope.codes = [...new Set([...(scope.codes ?? []), ...errors.map(codeOf)])];
  }

  /** A rate limit refused an action: counted, and named in the current request's line. */
  rateLimited(limit: string): void {
    this.metrics.rateLimited(limit);
    const scope = this.scopes.current();
    if (scope) scope.rateLimits = [...(scope.rateLimits ?? []), limit];
  }

  socketClosed(socket: SocketIdentity, openedAt: number, code: number | undefined, reason: string | undefined): void {
    const ms = roundMs(performance.now() - openedAt);
    const { requestId, userId } = socket;
    const fields = {
      requestId,
      operationId: undefined,
      transport: 'ws',
      userId,
      code,
      reason: reason || undefined,
      ms,
    };
    this.logger.info(fields, 'socket closed');
  }

  /** An upgrade refused before it became a socket (429: the per-address socket limit). */
  upgradeRefused(req: IncomingMessage, status: number): void {
    const fields = {
      requestId: requestIdFrom(req.headers['x-request-id']),
      transport: 'ws',
      status,
      clientAddress: this.clientAddressOf(req.socket.remoteAddress, req.headers['x-forwarded-for']),
    };
    if (status === 429) this.logger.warn(fields, 'socket refused');
    else this.logger.info(fields, 'socket refused');
  }

  /**
   * Fills the current scope in from the envelop chain, which HTTP, SSE and socket operations all go
   * through (sockets for parse, validate and execute; their subscriptions run outside envelop).
   */
  plugin(): Plugin {
    const current = () => this.scopes.current();
    const noteArgs = (args: ExecutionArgs) => {
      const scope = current();
      if (!scope) return;
      scope.document = args.document;
      if (args.operationName) scope.operationName = args.operationName;
      const viewer = (args.contextValue as { viewer?: { userId: string } | null } | undefined)?.viewer;
      if (viewer) scope.userId = viewer.userId;
    };
    return {
      onParams: ({ params }) => {
        const scope = current();
        if (scope && params.operationName) scope.operationName = params.operationName;
      },
      onValidate: ({ params }) => {
        const scope = current();
        if (scope) scope.document = params.documentAST;
      },
      onExecute: ({ args }) => noteArgs(args),
      onSubscribe: ({ args }) => {
        noteArgs(args);
        return { onSubscribeResult: ({ result }) => void (isAsyncIterable(result) && this.markLive('http')) };
      },
      // HTTP only: the result as it goes out, masked, whatever failed (parse, validation, context).
      onResultProcess: ({ result }) => {
        const scope = current();
        if (!scope) return;
        scope.answered = true;
        if (isAsyncIterable(result)) return;
        this.recordErrors((Array.isArray(result) ? result : [result]).flatMap((each) => each.errors ?? []));
      },
    };
  }

  private markLive(transport: Transport) {
    const scope = this.scopes.current();
    if (!scope || scope.live) return;
    scope.live = true;
    this.metrics.subscriptionStarted(transport);
  }

  private httpEnded(scope: RequestScope, req: IncomingMessage, res: ServerResponse, clientAddress: string) {
    const operation = scope.answered ? summarize(scope) : undefined;
    const fields = {
      requestId: scope.requestId,
      // Explicitly none: 'close' may be emitted while another request's work runs, whose scope the
      // logger would otherwise stamp on this line.
      operationId: undefined,
      transport: 'http',
      method: req.method,
      path: pathOf(req),
      status: res.statusCode,
      // The client went away before the response was complete.
      aborted: res.writableFinished ? undefined : true,
      clientAddress,
      ...operationFields(scope, operation),
      ms: roundMs(performance.now() - scope.startedAt),
    };
    this.write(scope, operation, fields, 'request');
    if (operation) this.countOperation('http', scope, operation);
    if (scope.live) this.metrics.subscriptionEnded('http');
  }

  private socketOperationEnded(scope: RequestScope) {
    const operation = summarize(scope);
    const fields = {
      requestId: scope.requestId,
      operationId: scope.operationId,
      transport: 'ws',
      ...operationFields(scope, operation),
      ms: roundMs(performance.now() - scope.startedAt),
    };
    this.write(scope, operation, fields, 'operation');
    this.countOperation('ws', scope, operation);
    if (scope.live) this.metrics.subscriptionEnded('ws');
  }

  private write(scope: RequestScope, operation: OperationSummary | undefined, fields: object, message: string) {
    const warn = operation?.loginFailed || scope.rateLimits?.length || operation?.codes.includes('RATE_LIMITED');
    if (warn) this.logger.warn(fields, message);
    else this.logger.info(fields, message);
  }

  private countOperation(transport: Transport, scope: RequestScope, operation: OperationSummary) {
    // RATE_LIMITED without a named limit: a cap on things at once (operations per user or socket,
    // subscriptions per room, SSE streams per user) rather than a budget over time.
    if (operation.codes.includes('RATE_LIMITED') && !scope.rateLimits) this.metrics.rateLimited('concurrency');
    this.metrics.operationEnded({
      transport,
      type: operation.type,
      name: operation.name,
      outcome: operation.codes[0] ?? 'ok',
      seconds: (performance.now() - scope.startedAt) / 1000,
    });
  }
}

function summarize(scope: RequestScope): OperationSummary {
  const definition = scope.document ? getOperationAST(scope.document, scope.operationName) : null;
  const name =
    definition?.name?.value ?? (GRAPHQL_NAME.test(scope.operationName ?? '') ? scope.operationName : undefined);
  const codes = scope.codes ?? [];
  const loginFailed =
    definition?.operation === 'mutation' &&
    codes.includes('UNAUTHENTICATED') &&
    rootFieldNames(scope.document!, definition.selectionSet).includes('logIn');
  return { name, type: definition?.operation ?? 'unknown', codes, loginFailed };
}

function operationFields(scope: RequestScope, operation: OperationSummary | undefined) {
  return {
    userId: scope.userId,
    operationName: operation?.name,
    operationType: operation?.type,
    codes: operation?.codes.length ? operation.codes : undefined,
    rateLimits: scope.rateLimits,
    loginFailed: operation?.loginFailed || undefined,
  };
}

function codeOf(error: unknown): string {
  const code = (error as { extensions?: { code?: unknown } } | null)?.extensions?.code;
  return typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR';
}

const pathOf = (req: IncomingMessage) => (req.url ?? '').split('?', 1)[0]!;

const roundMs = (ms: number) => Math.round(ms * 100) / 100;
