import { GraphQLError, type ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { coded } from '../platform/errors.js';

/**
 * The most a response may hold, in bytes of JSON as sent (UTF-8, escapes included). The cost
 * limit keeps honest queries far below it (a page of 100 full-length messages is about 0.5 MB);
 * this is the backstop for what cost can only estimate: a list counted as typical that is not,
 * text that grows when encoded (a control character escapes to 6 bytes, a CJK character is 3).
 */
export const MAX_RESPONSE_BYTES = 4 * 1024 * 1024;

export function responseTooLargeError(): GraphQLError {
  return new GraphQLError(`The response would exceed ${MAX_RESPONSE_BYTES} bytes; ask for fewer or smaller items.`, {
    extensions: coded('RESPONSE_TOO_LARGE'),
  });
}

/** Characters JSON escapes: \" \\ and controls (\n and friends take 2 bytes, the rest \u00XX, 6). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const ESCAPED = /["\\\u0000-\u001f]/g;

/** The bytes `text` takes as a JSON string: UTF-8, quotes and escapes included. */
function jsonStringBytes(text: string): number {
  let bytes = Buffer.byteLength(text, 'utf8') + 2;
  // Only the rare string with something to escape pays for the scan's matches.
  for (const [char] of text.matchAll(ESCAPED))
    bytes += char.charCodeAt(0) >= 0x20 || '\b\f\n\r\t'.includes(char) ? 1 : 5;
  return bytes;
}

/** At most the bytes `text` takes as a JSON string: 6 per UTF-16 unit (\u00XX), quotes included. */
const jsonStringBytesBound = (text: string): number => text.length * 6 + 2;

/**
 * True when `value` would serialize to more than `limit` bytes. A first walk counts every string
 * at its bound (one read of its length): nearly every response is far below the limit, and that
 * settles it. Only a response the bound cannot clear is walked again, counting strings as JSON
 * encodes them. Each walk stops as soon as the limit is passed: cheaper than serializing.
 */
export function exceedsSize(value: unknown, limit = MAX_RESPONSE_BYTES): boolean {
  return walkExceeds(value, limit, jsonStringBytesBound) && walkExceeds(value, limit, jsonStringBytes);
}

function walkExceeds(value: unknown, limit: number, stringBytes: (text: string) => number): boolean {
  let size = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const item = stack.pop();
    if (typeof item === 'string') size += stringBytes(item);
    else if (item === null || typeof item !== 'object') size += 8;
    else if (Array.isArray(item)) {
      size += 2 + item.length;
      for (const child of item) stack.push(child);
    } else {
      for (const key in item) {
        size += key.length + 4;
        stack.push((item as Record<string, unknown>)[key]);
      }
    }
    if (size > limit) return true;
  }
  return false;
}

/** Replaces a query or mutation result over MAX_RESPONSE_BYTES with a RESPONSE_TOO_LARGE error. */
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
