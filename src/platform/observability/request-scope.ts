import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { DocumentNode } from 'graphql';
import type { Logger } from 'pino';

/**
 * What is known about one HTTP request, or one WebSocket message and the operation it starts,
 * while its work runs. Filled in as the work goes (the envelop plugin in request-log.ts, the
 * socket hooks in server.ts) and read once, for its log line and metrics, when it ends.
 */
export interface RequestScope {
  /** From X-Request-ID (of the HTTP request, or of a socket's upgrade request), else generated. */
  readonly requestId: string;
  readonly transport: 'http' | 'ws';
  /** performance.now() when the work began. */
  readonly startedAt: number;
  /** Set when a socket message starts an operation: its graphql-transport-ws id. */
  operationId?: string;
  userId?: string;
  /** As the client named it (checked before it is logged). */
  operationName?: string;
  document?: DocumentNode;
  /** Over HTTP: yoga produced a GraphQL result (an operation ran or was refused), not a page or a 415. */
  answered?: boolean;
  /** `extensions.code` of each error the operation answered with. */
  codes?: string[];
  /** Names of the rate limits that refused it. */
  rateLimits?: string[];
  /** A subscription whose stream is live, counted in the active-subscriptions gauge until it ends. */
  live?: boolean;
}

/** The scope of the work running now, per app (tests run many apps in one process). */
export class RequestScopes {
  private readonly storage = new AsyncLocalStorage<RequestScope>();

  /** Runs `work`, and everything it starts asynchronously, in `scope`. */
  run<T>(scope: RequestScope, work: () => T): T {
    return this.storage.run(scope, work);
  }

  current(): RequestScope | undefined {
    return this.storage.getStore();
  }
}

/**
 * A proxy's or client's request id is kept when it is one token of printable ASCII of sane length
 * (nginx's $request_id, a UUID, a trace header): it goes into every log line and back in a response
 * header, where anything else (control characters, megabytes) has no place.
 */
const SANE_REQUEST_ID = /^[\x21-\x7e]{1,128}$/;

/**
 * A new request id. Node's randomUUID builds its text by concatenation, a tree of pieces (~490 B
 * of heap); a socket keeps its id for as long as it is open, so it gets a flat copy (~70 B).
 */
const newRequestId = (): string => randomUUID().normalize();

/** The request id to use for a request carrying this `X-Request-ID` value (or none). */
export function requestIdFrom(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value !== undefined && SANE_REQUEST_ID.test(value) ? value : newRequestId();
}

/**
 * A logger whose every line written during a request's work carries its `requestId` (and, on a
 * socket, `operationId`): SQL at debug, errors, anything a service logs, with no logger passed
 * along. Replaces the parent's `formatters.log`, which ours do not set.
 */
export function withRequestIds(logger: Logger, scopes: RequestScopes): Logger {
  return logger.child(
    {},
    {
      formatters: {
        log: (object) => {
          const scope = scopes.current();
          if (!scope) return object;
          const { requestId, operationId } = scope;
          return operationId === undefined ? { requestId, ...object } : { requestId, operationId, ...object };
        },
      },
    },
  );
}
