import type { IncomingMessage, ServerResponse } from 'node:http';
import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import type { Logger } from 'pino';
import type { Viewer } from '../features/accounts/viewer.js';
import { authenticateBearer, type AppDeps, type GraphQLContext } from '../graphql/context.js';
import { DomainError } from '../platform/errors.js';
import { isCredentialOperation } from './credential-operations.js';
import type { createErrorMasker } from '../graphql/errors.js';
import { schema } from '../graphql/schema.js';
import { noConditionalSubscriptionRootPlugin } from '../graphql/subscription-root.js';
import type { ClientAddressOf } from '../platform/client-address.js';
import { mutationLimitsPlugin } from '../security/mutation-limits.js';
import { OperationGate, operationGatePlugin } from '../security/operation-gate.js';
import { PenaltyBox, penaltyBoxPlugin } from '../security/penalty-box.js';
import { costLimitPlugin, disableIntrospectionPlugin, queryLimitsPlugin } from '../security/query-limits.js';
import { responseSizePlugin } from '../security/response-size.js';
import { variablesLimitPlugin } from '../security/variables.js';
import { createGraphiQLRenderer, GRAPHIQL_OPTIONS } from './graphiql.js';
import { httpSubscriptionsPlugin } from './http-subscriptions.js';
import { sseStreamsPlugin } from './sse-streams.js';

/** What the WebSocket layer hands to the context factory in place of HTTP headers. */
export interface SocketContext {
  socketViewer?: Viewer | null;
  clientAddress?: string;
}

export type GraphQLHandler = YogaServerInstance<Record<string, unknown> & SocketContext, GraphQLContext>;

/**
 * The one envelop chain HTTP, SSE and WebSocket operations all go through (the socket transport
 * gets it with `getEnveloped`): limits in the order they are cheapest to apply, then masking.
 */
export function createGraphQLHandler(
  deps: AppDeps,
  maskError: ReturnType<typeof createErrorMasker>,
  clientAddressOf: ClientAddressOf,
): GraphQLHandler {
  const { config } = deps;
  return createYoga<Record<string, unknown> & SocketContext, GraphQLContext>({
    schema,
    graphqlEndpoint: '/graphql',
    graphiql: config.graphiql ? GRAPHIQL_OPTIONS : false,
    // Served from our packages, not a CDN: see graphiql.ts.
    renderGraphiQL: createGraphiQLRenderer('/graphql'),
    landingPage: false,
    // The HTTP listener already refuses bodies without a Content-Length or over MAX_BODY_BYTES;
    // yoga's own limit would pipe every body through an extra stream to count it again.
    maxRequestBodySize: false,
    // CORS is the HTTP listener's (cors.ts), for the answers given before yoga too.
    cors: false,
    plugins: [
      // First: it sees every operation before a later plugin can end it early.
      deps.requestLog.plugin(),
      penaltyBoxPlugin(new PenaltyBox()),
      variablesLimitPlugin(),
      queryLimitsPlugin(),
      costLimitPlugin(),
      mutationLimitsPlugin(),
      operationGatePlugin(new OperationGate()),
      responseSizePlugin(),
      ...(config.introspection ? [] : [disableIntrospectionPlugin()]),
      sseStreamsPlugin(deps),
      noConditionalSubscriptionRootPlugin(),
      // After yoga's result processors (added before these): it fills in only where they found none.
      httpSubscriptionsPlugin(),
    ],
    maskedErrors: { maskError, isDev: false },
    logging: yogaLogger(deps.logger),
    context: (initial) => createContext(deps, clientAddressOf, initial),
  });
}

/** A socket's operations bring their viewer; an HTTP request is authenticated from its header. */
async function createContext(
  deps: AppDeps,
  clientAddressOf: ClientAddressOf,
  initial: Record<string, unknown> & SocketContext,
): Promise<GraphQLContext> {
  if ('socketViewer' in initial) {
    return { ...deps, viewer: initial.socketViewer ?? null, clientAddress: initial.clientAddress ?? 'unknown' };
  }
  const req = initial.req as IncomingMessage | undefined;
  const res = initial.res as ServerResponse | undefined;
  const request = initial.request as Request;
  const viewer = await authenticateBearer(deps, request.headers.get('authorization')).catch((err: unknown) => {
    // A stale token on signUp, logIn or refreshToken is ignored: those calls are how it gets replaced.
    if (err instanceof DomainError && err.code === 'UNAUTHENTICATED' && isCredentialOperation(initial.params))
      return null;
    throw err;
  });
  return {
    ...deps,
    viewer,
    signal: request.signal,
    httpResponse: res,
    userAgent: request.headers.get('user-agent'),
    clientAddress: clientAddressOf(req?.socket.remoteAddress, req?.headers['x-forwarded-for']),
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
