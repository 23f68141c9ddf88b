import {
  getOperationAST,
  GraphQLError,
  Kind,
  type DocumentNode,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { DomainError } from '../platform/errors.js';
import type { RateLimitName } from './rate-limits.js';

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

/** The root fields a mutation selects, fragments included, in document order. */
export function rootFieldNames(document: DocumentNode, selectionSet: SelectionSetNode): string[] {
  const names: string[] = [];
  const fragments = new Map(
    document.definitions.flatMap((definition) =>
      definition.kind === Kind.FRAGMENT_DEFINITION ? [[definition.name.value, definition] as const] : [],
    ),
  );
  const seen = new Set<string>();
  const visit = (set: SelectionSetNode) => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) names.push(selection.name.value);
      else if (selection.kind === Kind.INLINE_FRAGMENT) visit(selection.selectionSet);
      else if (!seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        const fragment = fragments.get(selection.name.value);
        if (fragment) visit(fragment.selectionSet);
      }
    }
  };
  visit(selectionSet);
  return names;
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
