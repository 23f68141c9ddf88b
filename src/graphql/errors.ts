import { GraphQLError } from 'graphql';
import { maskError as yogaMaskError } from 'graphql-yoga';
import type { Logger } from 'pino';
import { isDatabaseUnavailable } from '../platform/db/database.js';
import { DomainError, coded } from '../platform/errors.js';
import { PubSubUnavailableError } from '../platform/broker/pubsub.js';

/**
 * The one mapping from errors to what clients see: a DomainError keeps its message and gains
 * `extensions.code` (and `field`/`retryAfter`); errors already classified by GraphQL or yoga
 * (validation, bad JSON) keep their code but lose any attached original error; a database, or
 * Redis for a new subscription, that cannot be reached is SERVICE_UNAVAILABLE (503); anything else
 * is logged and replaced by a generic INTERNAL_SERVER_ERROR.
 */
// graphql-js reports variables of the wrong type without a code; clients expect BAD_USER_INPUT.
const VARIABLE_COERCION = /^Variable "\$[_A-Za-z][_0-9A-Za-z]*" (got invalid value|of required type|of non-null type)/;

const QUERY_LIMIT = /limit of \d+ exceeded/i;

export function createErrorMasker(logger: Logger) {
  return (error: unknown, message: string): Error => {
    const located = error instanceof GraphQLError ? error : undefined;
    const original = located?.originalError ?? error;
    if (original instanceof DomainError) {
      return new GraphQLError(original.message, {
        nodes: located?.nodes,
        path: located?.path,
        extensions: { code: original.code, ...original.details },
      });
    }
    if (located && !located.path && QUERY_LIMIT.test(located.message)) {
      // graphql-armor's depth/alias/token/cost limits come without a code (or
      // as parse errors, for tokens): one code for every limit.
      return new GraphQLError(located.message, {
        nodes: located.nodes,
        extensions: coded('GRAPHQL_VALIDATION_FAILED'),
      });
    }
    if (located && typeof located.extensions.code === 'string') {
      const { originalError: _dropped, ...extensions } = located.extensions;
      return new GraphQLError(located.message, { nodes: located.nodes, path: located.path, extensions });
    }
    if (located && !located.path && VARIABLE_COERCION.test(located.message)) {
      return new GraphQLError(located.message, { nodes: located.nodes, extensions: coded('BAD_USER_INPUT') });
    }
    if (located && !located.path && !located.originalError && QUERY_LIMIT.test(located.message)) {
      // graphql-armor's depth/alias/token/cost limits come without a code.
      return new GraphQLError(located.message, {
        nodes: located.nodes,
        extensions: coded('GRAPHQL_VALIDATION_FAILED'),
      });
    }
    if (original instanceof SyntaxError && !located?.path) {
      // Unparseable JSON in GET/form `variables` or `extensions`: yoga's parser lets JSON.parse throw.
      return new GraphQLError('Request parameters are not valid JSON.', {
        extensions: coded('BAD_REQUEST', { http: { status: 400 } }),
      });
    }
    if (original instanceof PubSubUnavailableError) {
      // Already logged where it happened (pubsub.ts), once per failed subscription.
      return new GraphQLError('Live updates are temporarily unavailable; subscribe again shortly.', {
        nodes: located?.nodes,
        path: located?.path,
        extensions: coded('SERVICE_UNAVAILABLE', { http: { status: 503 } }),
      });
    }
    if (isDatabaseUnavailable(original)) {
      logger.warn({ err: (original as Error).message }, 'database unavailable');
      return new GraphQLError('The service is temporarily unavailable; try again shortly.', {
        nodes: located?.nodes,
        path: located?.path,
        extensions: coded('SERVICE_UNAVAILABLE', { http: { status: 503 } }),
      });
    }
    if (!(original instanceof GraphQLError)) {
      logger.error({ err: original, path: located?.path }, 'unexpected error');
    }
    // isDev false: never attach the original error, whatever NODE_ENV says.
    return yogaMaskError(error, message, false);
  };
}
