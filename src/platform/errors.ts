/** The codes of expected failures (DomainError), the contract's: a client acts on each. */
export type ErrorCode = 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'BAD_USER_INPUT' | 'CONFLICT' | 'RATE_LIMITED';

/**
 * Every code a client may find in `extensions.code`: the contract's, then those of documents and
 * limits, of the service's state, and of refusals answered before GraphQL runs. One union, so a
 * code cannot be misspelt where it is set, and docs/api.md lists the same ones.
 */
export type ClientErrorCode =
  | ErrorCode
  | 'GRAPHQL_PARSE_FAILED'
  | 'GRAPHQL_VALIDATION_FAILED'
  | 'OPERATION_RESOLUTION_FAILURE'
  | 'BAD_REQUEST'
  | 'RESPONSE_TOO_LARGE'
  | 'SERVICE_UNAVAILABLE'
  | 'INTERNAL_SERVER_ERROR'
  | 'PAYLOAD_TOO_LARGE'
  | 'LENGTH_REQUIRED'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'MISDIRECTED_REQUEST';

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
