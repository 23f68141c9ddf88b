import { GraphQLError } from 'graphql';
import { maskError as yogaMaskError } from 'graphql-yoga';
import type { Logger } from 'pino';
import { DomainError } from '../errors.js';

/**
 * The one mapping from errors to what clients see: a DomainError keeps its message and gains
 * `extensions.code` (and `field`/`retryAfter`); errors already classified by GraphQL or yoga
 * (validation, bad JSON) keep their code but lose any attached original error; anything else is
 * logged and replaced by a generic INTERNAL_SERVER_ERROR.
 */
// graphql-js reports variables of the wrong type without a code; clients expect BAD_USER_INPUT.
const VARIABLE_COERCION = /^Variable "\$[_A-Za-z][_0-9A-Za-z]*" (got invalid value|of required type|of non-null type)/;

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
    if (located && typeof located.extensions.code === 'string') {
      const { originalError: _dropped, ...extensions } = located.extensions;
      return new GraphQLError(located.message, { nodes: located.nodes, path: located.path, extensions });
    }
    if (located && !located.path && VARIABLE_COERCION.test(located.message)) {
      return new GraphQLError(located.message, { nodes: located.nodes, extensions: { code: 'BAD_USER_INPUT' } });
    }
    if (!(original instanceof GraphQLError)) {
      logger.error({ err: original, path: located?.path }, 'unexpected error');
    }
    // isDev false: never attach the original error, whatever NODE_ENV says.
    return yogaMaskError(error, message, false);
  };
}
