import { GraphQLError, type ExecutionResult } from 'graphql';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import { coded } from '../platform/errors.js';

type ResultProcessor = Parameters<Parameters<NonNullable<Plugin['onResultProcess']>>[0]['setResultProcessor']>[0];

/** An empty part every so often: proxies keep a quiet stream open, and Apollo Client skips `{}`. */
const HEARTBEAT_MS = 12_000;
const PART_HEADER = '\r\nContent-Type: application/json; charset=utf-8\r\n\r\n';

const NOT_ACCEPTABLE =
  'Subscriptions over HTTP need `Accept: text/event-stream` (SSE) or `Accept: multipart/mixed` ' +
  "(Apollo Client's multipart subscriptions); or use the WebSocket at this path (graphql-transport-ws).";

/**
 * Subscriptions over plain HTTP beyond yoga's SSE: Apollo Client's multipart subscriptions
 * (`Accept: multipart/mixed;subscriptionSpec=1.0`, which yoga keeps for incremental delivery only),
 * and a coded JSON error, instead of an empty 406, for a client that accepts neither. Runs after
 * yoga's own result processors and only fills in where they found none, so SSE stays as it was.
 * The operation has gone through the whole envelop chain by then (limits, quotas, session binding).
 */
export function httpSubscriptionsPlugin(): Plugin {
  return {
    onResultProcess: ({ request, result, resultProcessor, setResultProcessor }) => {
      if (resultProcessor || !isAsyncIterable(result)) return;
      if (acceptsMultipart(request.headers.get('accept'))) {
        return setResultProcessor(multipartSubscription, 'multipart/mixed');
      }
      setResultProcessor(notAcceptable, 'application/json');
    },
  };
}

/** Whether an Accept header lists multipart/mixed (in UTF-8, the only charset served). */
function acceptsMultipart(accept: string | null): boolean {
  return (accept ?? '').split(',').some((range) => {
    const [type, ...params] = range.toLowerCase().replace(/\s/g, '').split(';');
    const charset = params.find((param) => param.startsWith('charset='));
    return type === 'multipart/mixed' && (!charset || charset === 'charset=utf-8');
  });
}

/** 406 with a GraphQL error body; the subscription, already started, is ended at once. */
const notAcceptable: ResultProcessor = (result, fetchAPI) => {
  if (isAsyncIterable(result)) void result[Symbol.asyncIterator]().return?.();
  const body = { errors: [{ message: NOT_ACCEPTABLE, extensions: coded('BAD_REQUEST') }] };
  return new fetchAPI.Response(JSON.stringify(body), {
    status: 406,
    headers: { 'content-type': 'application/json; charset=utf-8', accept: 'text/event-stream, multipart/mixed' },
  });
};

/** Each result as one JSON part of a multipart/mixed body (boundary `-`), as yoga writes incremental results. */
const multipartSubscription: ResultProcessor = (result, fetchAPI) => {
  const iterator = (result as AsyncIterable<ExecutionResult>)[Symbol.asyncIterator]();
  const encoder = new fetchAPI.TextEncoder();
  const part = (value: unknown) => encoder.encode(`${PART_HEADER}${JSON.stringify(value)}\r\n---`);
  let heartbeat: NodeJS.Timeout | undefined;
  const body = new fetchAPI.ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode('\r\n---'));
      heartbeat = setInterval(() => {
        if (controller.desiredSize !== null && controller.desiredSize > 0) controller.enqueue(part({}));
      }, HEARTBEAT_MS);
    },
    async pull(controller) {
      try {
        const { done, value } = await iterator.next();
        if (value) controller.enqueue(part(withoutInternals(value)));
        if (!done) return;
        clearInterval(heartbeat);
        controller.enqueue(encoder.encode('--\r\n'));
        controller.close();
      } catch (err) {
        clearInterval(heartbeat);
        controller.error(err);
      }
    },
    async cancel() {
      clearInterval(heartbeat);
      await iterator.return?.();
    },
  });
  return new fetchAPI.Response(body, {
    status: 200,
    headers: { 'content-type': 'multipart/mixed; boundary="-"', 'cache-control': 'no-store' },
  });
};

/** A result as clients may see it: yoga's internal `http` and `unexpected` error extensions removed. */
function withoutInternals(result: ExecutionResult): ExecutionResult {
  if (!result.errors?.length) return result;
  const errors = result.errors.map((error) => {
    const json = error instanceof GraphQLError ? error.toJSON() : (error as ReturnType<GraphQLError['toJSON']>);
    const { http: _http, unexpected: _unexpected, ...extensions } = json.extensions ?? {};
    return { ...json, extensions: Object.keys(extensions).length ? extensions : undefined };
  });
  return { ...result, errors } as unknown as ExecutionResult;
}
