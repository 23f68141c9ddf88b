import { GraphQLError, type ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/**
 * The most a response may hold, in characters of JSON (about bytes for ASCII text). The cost
 * limit keeps honest queries far below it (a page of 100 full-length messages is about 0.5 MB);
 * this is the backstop for what cost can only estimate (a list counted as typical that is not).
 */
export const MAX_RESPONSE_CHARS = 4 * 1024 * 1024;

export function responseTooLargeError(): GraphQLError {
  return new GraphQLError(
    `The response would exceed ${MAX_RESPONSE_CHARS} characters; ask for fewer or smaller items.`,
    { extensions: { code: 'RESPONSE_TOO_LARGE' } },
  );
}

/**
 * True when `value` would serialize to more than `limit` characters. Counts strings, keys and
 * punctuation as it walks, and stops as soon as the limit is passed: cheaper than serializing.
 */
export function exceedsSize(value: unknown, limit = MAX_RESPONSE_CHARS): boolean {
  let size = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const item = stack.pop();
    if (typeof item === 'string') size += item.length + 2;
    else if (item === null || typeof item !== 'object') size += 8;
    else if (Array.isArray(item)) {
      size += 2 + item.length;
      for (const child of item) stack.push(child);
    } else {
      for (const [key, child] of Object.entries(item)) {
        size += key.length + 4;
        stack.push(child);
      }
    }
    if (size > limit) return true;
  }
  return false;
}

/** Replaces a query or mutation result over MAX_RESPONSE_CHARS with a RESPONSE_TOO_LARGE error. */
export function responseSizePlugin(): Plugin {
  return {
    onExecute: () => ({
      onExecuteDone: ({ result, setResult }) => {
        const single = result as ExecutionResult;
        if (single.data && exceedsSize(single.data)) setResult({ data: null, errors: [responseTooLargeError()] });
      },
    }),
  };
}
