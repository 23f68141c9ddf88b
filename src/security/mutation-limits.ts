import { getOperationAST, GraphQLError, type GraphQLSchema } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { rootFieldNames } from '../platform/graphql-documents.js';
import { DomainError } from '../platform/errors.js';
import type { RateLimitName } from '../platform/rate-limits.js';

/**
 * What a mutation field declares about its rate limit where it is defined (Pothos `extensions`):
 * the budget it spends (`write` when it says nothing), counted per signed-in user or, with
 * `per: 'address'` or when signed out, per client address; `false` for a field that counts in its
 * resolver (logIn counts failures, not attempts). So every mutation is limited, new ones included.
 */
export type MutationRateLimit = false | RateLimitName | { name: RateLimitName; per: 'address' };

/** What spending a mutation's budget needs from the operation's context. */
interface LimitedCaller {
  viewer: { userId: string } | null;
  clientAddress: string;
  limits: { consume(name: RateLimitName, subject: string): Promise<void> };
}

function declaredLimit(schema: GraphQLSchema, fieldName: string): MutationRateLimit {
  const field = schema.getMutationType()?.getFields()[fieldName];
  return (field?.extensions as { rateLimit?: MutationRateLimit } | undefined)?.rateLimit ?? 'write';
}

/**
 * Spends each root mutation field's rate limit before the operation runs (over HTTP and
 * WebSocket); one over its budget refuses the whole operation with RATE_LIMITED and `retryAfter`.
 */
export function mutationLimitsPlugin(): Plugin {
  return {
    onExecute: async ({ args, setResultAndStopExecution }) => {
      const operation = getOperationAST(args.document, args.operationName);
      if (operation?.operation !== 'mutation') return;
      const context = args.contextValue as unknown as LimitedCaller;
      try {
        for (const fieldName of rootFieldNames(args.document, operation.selectionSet)) {
          const limit = declaredLimit(args.schema, fieldName);
          if (limit === false) continue;
          const { name, per } = typeof limit === 'string' ? { name: limit, per: 'user' } : limit;
          const subject = per === 'user' && context.viewer ? context.viewer.userId : context.clientAddress;
          await context.limits.consume(name, subject);
        }
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        const extensions = { code: err.code, ...err.details };
        setResultAndStopExecution({ errors: [new GraphQLError(err.message, { extensions })] });
      }
    },
  };
}
