/** One server-sent event of a GraphQL subscription over HTTP: `next` (with its payload) or `complete`. */
export interface SseEvent {
  event: string;
  data: { data?: Record<string, unknown>; errors?: Array<{ message: string; extensions?: { code?: string } }> } | null;
}

export interface SseSubscription {
  /** Every event received so far, in order. */
  events: SseEvent[];
  /** Resolves once `count` events have arrived; rejects if the stream ends first or after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<SseEvent[]>;
  /** Resolves when the server ends the response. */
  ended: Promise<void>;
  close(): void;
}

/** Starts a subscription over SSE (`Accept: text/event-stream`) with a bearer token and reads it in the background. */
export async function subscribeSse(
  url: string,
  token: string,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<SseSubscription> {
  const abort = new AbortController();
  const response = await fetch(url, {
    method: 'POST',
    signal: abort.signal,
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  if (!response.headers.get('content-type')?.includes('text/event-stream')) {
    throw new Error(`not an event stream (${response.status}): ${await response.text()}`);
  }
  const events: SseEvent[] = [];
  let wake: () => void = () => {};
  let finished = false;
  const ended = (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    const reader = response.body!.getReader();
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let boundary;
        while ((boundary = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, boundary);
          buffer = buffer.slice(boundary + 2);
          const event = /^event: ?(.*)$/m.exec(block)?.[1];
          if (!event) continue; // keep-alive comments
          const data = /^data: ?(.*)$/m.exec(block)?.[1];
          events.push({ event, data: data ? JSON.parse(data) : null });
          wake();
        }
      }
    } catch (err) {
      if (!abort.signal.aborted) throw err;
    } finally {
      finished = true;
      wake();
    }
  })();
  ended.catch(() => {});

  return {
    events,
    ended,
    close: () => abort.abort(),
    async waitFor(count, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      while (events.length < count) {
        if (finished) throw new Error(`stream ended after ${events.length} of ${count} events`);
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`timed out with ${events.length} of ${count} events`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
      return events.slice(0, count);
    },
  };
}
