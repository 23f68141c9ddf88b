/**
 * Every code a client may find in `extensions.code`, with what it means to the client: the
 * contract's, then those of documents and limits, of the service's state, and of refusals answered
 * before GraphQL runs. The one list: the TypeScript union below and the schema's `ErrorCode` enum
 * (src/graphql/error-codes.ts) both derive from it, so a code cannot be set without being documented.
 */
export const CLIENT_ERROR_CODES = {
  UNAUTHENTICATED:
    'No valid session: a missing, expired or revoked token on a field that needs one, or a wrong username or password. ' +
    'Refresh the token or sign in again.',
  FORBIDDEN:
    "You may see this but not do that: editing another user's message, a direct room with a non-friend, a role you do not have.",
  NOT_FOUND: 'It does not exist, or you may not see it (a room you are not in answers alike).',
  BAD_USER_INPUT:
    'An argument is invalid (format, length, range, cap reached, malformed id or cursor); `extensions.field` names it ' +
    'when one input field is at fault.',
  CONFLICT: 'The state forbids it: a taken username, a deleted message.',
  RATE_LIMITED: 'Over a rate limit: retry after `extensions.retryAfter` seconds.',
  GRAPHQL_PARSE_FAILED: 'The document does not parse.',
  GRAPHQL_VALIDATION_FAILED:
    'The document does not validate against the schema, or goes over a depth, alias, token or cost limit.',
  OPERATION_RESOLUTION_FAILURE: 'No operation to run: `operationName` names none, or several need one named.',
  BAD_REQUEST: 'The request is malformed (unparseable JSON parameters), or reuses a running operation id on a socket.',
  RESPONSE_TOO_LARGE: 'The answer would be over the response size limit: ask for less (smaller pages).',
  SERVICE_UNAVAILABLE: 'The database, or Redis for a new subscription, cannot be reached for now: retry shortly.',
  INTERNAL_SERVER_ERROR: 'An unexpected error, logged on the server; its details are never sent.',
  PAYLOAD_TOO_LARGE: 'HTTP 413: the request body is over the size limit.',
  LENGTH_REQUIRED: 'HTTP 411: a POST without a Content-Length.',
  UNSUPPORTED_MEDIA_TYPE: 'HTTP 415: a POST body that is not application/json.',
  MISDIRECTED_REQUEST: 'HTTP 421: a Host this server does not answer for.',
} as const satisfies Record<string, string>;

/** A code a client may find in `extensions.code` (one of CLIENT_ERROR_CODES). */
export type ClientErrorCode = keyof typeof CLIENT_ERROR_CODES;

/** The codes of expected failures (DomainError), the contract's: a client acts on each. */
export const DOMAIN_ERROR_CODES = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'BAD_USER_INPUT',
  'CONFLICT',
  'RATE_LIMITED',
] as const satisfies readonly ClientErrorCode[];

export type ErrorCode = (typeof DOMAIN_ERROR_CODES)[number];

/** `extensions` for a GraphQL error: a checked code, and whatever else goes with it. */
export const coded = <T extends object>(code: ClientErrorCode, more?: T) => ({ code, ...more });

/**
 * An expected failure the client should see: its message and code reach the response unmasked.
 * Anything else thrown is masked as an internal error and logged.
 */
export class DomainError extends Error {
  override name = 'DomainError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: { field?: string; retryAfter?: number } = {},
  ) {
    super(message);
  }
}

export const unauthenticated = (message = 'You must be signed in.') => new DomainError('UNAUTHENTICATED', message);
export const notFound = (what: string) => new DomainError('NOT_FOUND', `${what} not found.`);
export const forbidden = (message: string) => new DomainError('FORBIDDEN', message);
export const badInput = (field: string | undefined, message: string) =>
  new DomainError('BAD_USER_INPUT', message, field ? { field } : {});
export const conflict = (message: string) => new DomainError('CONFLICT', message);

/** True for PostgreSQL's unique_violation, optionally on one named constraint or index. */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  const e = err as { code?: string; constraint?: string } | null;
  return e?.code === '23505' && (!constraint || e.constraint === constraint);
}
