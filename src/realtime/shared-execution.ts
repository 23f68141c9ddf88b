import {
  createSourceEventStream,
  execute,
  print,
  visit,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
} from 'graphql';

/**
 * Fields whose value depends on who is asking. A subscription document that selects none of them
 * yields the same result for every subscriber of the same event.
 */
const VIEWER_DEPENDENT_FIELDS = new Set(['friendship', 'unreadCount', 'me']);

const shareKeys = new WeakMap<DocumentNode, string | null>();

/** A key shared by all subscriptions whose events execute identically, or null when results are per viewer. */
function shareKey(args: ExecutionArgs): string | null {
  let key = shareKeys.get(args.document);
  if (key === undefined) {
    let viewerDependent = false;
    visit(args.document, {
      // Fragment definitions are part of the document, so their fields are visited too.
      Field(node) {
        if (VIEWER_DEPENDENT_FIELDS.has(node.name.value)) viewerDependent = true;
      },
    });
    key = viewerDependent ? null : print(args.document);
    shareKeys.set(args.document, key);
  }
  return key === null
    ? null
    : `${key}\u0000${args.operationName ?? ''}\u0000${JSON.stringify(args.variableValues ?? {})}`;
}

/**
 * Per event, the executions already started for it, by share key. Keyed weakly by the event object,
 * which pub/sub hands to every local subscriber (in-process emitter and Redis alike parse once).
 */
const resultsByEvent = new WeakMap<object, Map<string, Promise<ExecutionResult>>>();

function executeOnce(event: unknown, key: string, run: () => Promise<ExecutionResult>): Promise<ExecutionResult> {
  if (typeof event !== 'object' || event === null) return run();
  let results = resultsByEvent.get(event);
  if (!results) resultsByEvent.set(event, (results = new Map()));
  let result = results.get(key);
  if (!result) results.set(key, (result = run()));
  return result;
}

/**
 * Runs a subscription like graphql-js `subscribe`, except that each event is executed once per
 * distinct (document, operation, variables) across all subscribers of it, when the document reads
 * nothing viewer-specific: with a thousand subscribers of one room, one execution per message
 * instead of a thousand. The subscribe resolver (membership checks) still runs per subscriber.
 */
export async function subscribeShared(
  args: ExecutionArgs,
  /** Masks errors in a result (this path bypasses the envelop execute and its masking plugin). */
  maskResult: (result: ExecutionResult) => ExecutionResult,
): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> {
  const source = await createSourceEventStream(args);
  if (!isAsyncIterable(source)) return maskResult(source as ExecutionResult);
  const onEventResult = (result: ExecutionResult) => (result.errors?.length ? maskResult(result) : result);
  const key = shareKey(args);
  // graphql-js's own per-event step (what `subscribe` does inside): execute with the event as root.
  const run = (event: unknown) => Promise.resolve(execute({ ...args, rootValue: event })).then(onEventResult);
  return mapAsyncIterator(source as AsyncIterableIterator<unknown>, (event) =>
    key === null ? run(event) : executeOnce(event, key, () => run(event)),
  );
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof (value as AsyncIterable<unknown> | null)?.[Symbol.asyncIterator] === 'function';
}

/**
 * Maps an async iterator; `return()` reaches the source at once, even while a `next()` is pending,
 * so a client's "complete" always releases the stream's subscriptions.
 */
function mapAsyncIterator<T, U>(
  source: AsyncIterableIterator<T>,
  map: (value: T) => Promise<U>,
): AsyncIterableIterator<U> {
  return {
    async next() {
      const step = await source.next();
      return step.done ? { value: undefined, done: true } : { value: await map(step.value), done: false };
    },
    async return() {
      await source.return?.();
      return { value: undefined, done: true };
    },
    async throw(error: unknown) {
      await source.return?.();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
