import DataLoader from 'dataloader';
import { attached } from '../platform/attached.js';
import type { GraphQLContext } from './context.js';

/**
 * A look-up shared by every local subscriber of one event. A selection with a viewer-dependent
 * field executes per subscriber, each with a context (and Pothos loaders) of its own: a thousand
 * subscribers would each read the sender, and each their friendship with the sender. A loader kept
 * on the event object (the same object for every local subscriber, see realtime/shared-execution.ts)
 * batches what their executions ask for in the same tick into one statement, and lives as long as
 * the event: the next event reads current data.
 *
 * Null outside a subscription's per-event execution: the caller loads as usual.
 */
export function eventScopedLoader<K, V>(
  context: GraphQLContext,
  key: symbol,
  batch: (keys: readonly K[]) => Promise<readonly V[]>,
  cacheKeyFn?: (key: K) => string,
): DataLoader<K, V, string | K> | null {
  const event = context.subscriptionEvent;
  if (!event) return null;
  return attached(event, key, () => new DataLoader<K, V, string | K>(batch, { cacheKeyFn }));
}

/** Loads every key through `loader`, failing as a whole if one failed (as a Pothos loader expects). */
export async function loadAll<K, V, C>(loader: DataLoader<K, V, C>, keys: readonly K[]): Promise<V[]> {
  const values = await loader.loadMany(keys);
  const failed = values.find((value): value is Error => value instanceof Error);
  if (failed) throw failed;
  return values as V[];
}
