import { badInput } from '../platform/errors.js';
import type { PageRequest, PageResult } from '../platform/db/pagination.js';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

export interface ConnectionArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

/** Opaque cursor: the kind of list plus the item's sort key, base64url. */
export function encodeCursor(kind: string, key: string): string {
  return Buffer.from(`${kind}:${key}`).toString('base64url');
}

/** Decodes a cursor of the given kind; anything else is BAD_USER_INPUT naming the argument. */
export function decodeCursor<K>(kind: string, cursor: string, field: string, parseKey: (key: string) => K | null): K {
  const decoded = cursor.length <= 200 ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  const key = decoded.startsWith(`${kind}:`) ? parseKey(decoded.slice(kind.length + 1)) : null;
  if (key === null) throw badInput(field, `${field} is not a valid cursor for this list.`);
  return key;
}

/** Parses a key that is one bigint row id; 0 is the position before every row (an empty room's head). */
export const parseIdKey = (key: string): string | null => (/^(0|[1-9]\d{0,17})$/.test(key) ? key : null);

/** Validates first/last (0..100, not both) and decodes after/before into a keyset page request. */
export function toPageRequest<K>(
  args: ConnectionArgs,
  kind: string,
  parseKey: (key: string) => K | null,
): PageRequest<K> {
  const { first, last } = args;
  if (first != null && last != null) throw badInput('first', 'Pass either first or last, not both.');
  for (const [field, value] of [
    ['first', first],
    ['last', last],
  ] as const) {
    if (value != null && (value < 0 || value > MAX_PAGE_SIZE)) {
      throw badInput(field, `${field} must be between 0 and ${MAX_PAGE_SIZE}.`);
    }
  }
  return {
    limit: first ?? last ?? DEFAULT_PAGE_SIZE,
    after: args.after != null ? decodeCursor(kind, args.after, 'after', parseKey) : null,
    before: args.before != null ? decodeCursor(kind, args.before, 'before', parseKey) : null,
    fromEnd: last != null,
  };
}

/** Shapes a keyset page as a Relay connection. */
export function toConnection<T>(page: PageRequest<unknown>, result: PageResult<T>, cursorOf: (item: T) => string) {
  const edges = result.items.map((node) => ({ cursor: cursorOf(node), node }));
  return {
    edges,
    pageInfo: {
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
      // Exact in the direction of travel; in the other, whether a cursor was given to start from.
      hasNextPage: page.fromEnd ? page.before !== null : result.hasMore,
      hasPreviousPage: page.fromEnd ? result.hasMore : page.after !== null,
    },
  };
}
