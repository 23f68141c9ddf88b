/**
 * A keyset page request: `limit` items after `after` (or before `before`), counted from the start,
 * or with `fromEnd` the last `limit` of them. Keys are the sort key of an item, never an offset,
 * so a page costs the same at any depth.
 */
export interface PageRequest<K> {
  limit: number;
  after: K | null;
  before: K | null;
  fromEnd: boolean;
}

/** Items in the connection's order; `hasMore` says more exist beyond the requested end. */
export interface PageResult<T> {
  items: T[];
  hasMore: boolean;
}

/** Trims the one extra row a query fetched to learn whether more exist, restoring connection order. */
export function finishPage<T>(rows: T[], page: PageRequest<unknown>): PageResult<T> {
  const hasMore = rows.length > page.limit;
  const items = hasMore ? rows.slice(0, page.limit) : rows;
  // Pages from the end are fetched in reverse sort order; flip them back.
  return { items: page.fromEnd ? items.reverse() : items, hasMore };
}

/**
 * Rows numbered by a gap-free seq, from `fromSeq` on, read `batchSize` at a time (range scans) as
 * the caller asks for more: a replay or a catch-up stops reading when it stops iterating.
 */
export async function* readBySeq<T extends { seq: number }>(
  read: (fromSeq: number, limit: number) => Promise<T[]>,
  fromSeq: number,
  batchSize = 100,
): AsyncGenerator<T[]> {
  for (let next = fromSeq; ;) {
    const batch = await read(next, batchSize);
    if (batch.length > 0) yield batch;
    if (batch.length < batchSize) return;
    next = batch.at(-1)!.seq + 1;
  }
}
