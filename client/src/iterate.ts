import type { Client, SubscribePayload } from 'graphql-ws';

/** graphql-ws's `iterate`, on top of a `subscribe` (so it resumes as `subscribe` does). */
export function iterate<T>(subscribe: Client['subscribe'], payload: SubscribePayload): AsyncIterableIterator<T> {
  const pending: T[] = [];
  let ended = false;
  let failure: { error: unknown } | null = null;
  let wake = () => {};
  const end = (error?: { error: unknown }) => {
    ended = true;
    failure = error ?? null;
    wake();
  };
  const stop = subscribe<T>(payload, {
    next: (value) => {
      pending.push(value as T);
      wake();
    },
    error: (error) => end({ error }),
    complete: () => end(),
  });
  const finish = async (): Promise<IteratorResult<T>> => {
    ended = true;
    pending.length = 0;
    stop();
    return { done: true, value: undefined };
  };
  const iterator: AsyncIterableIterator<T> = {
    async next() {
      while (pending.length === 0 && !ended) await new Promise<void>((resolve) => (wake = resolve));
      if (pending.length > 0) return { done: false, value: pending.shift()! };
      if (failure) throw failure.error;
      return { done: true, value: undefined };
    },
    return: finish,
    throw: async (error: unknown) => {
      await finish();
      throw error;
    },
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}
