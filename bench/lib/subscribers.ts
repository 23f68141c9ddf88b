import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { onCleanup, openBounded } from './cleanup.js';
import { sleep } from './env.js';
import { ErrorTally } from './graphql.js';
import { Histogram } from './histogram.js';
import { CpuMeter, type CpuReading } from './procs.js';
import { MESSAGE_ADDED } from './seed.js';

interface NextPayload {
  data?: { messageAdded?: { body?: string } } | null;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
}

export interface SubscriberPoolOptions {
  label: string;
  wsUrl: string;
  /** Access tokens, used round-robin: socket i authenticates as tokens[i % tokens.length]. */
  tokens: string[];
  count: number;
  roomId: string;
  /** The subscription document (default MESSAGE_ADDED); its variables are `roomId` and `after`. */
  query?: string;
  /**
   * Cursor of the message before the room's newest: every subscription first gets that newest
   * message replayed, which proves it is live on the server (subscribed before its replay query).
   * Leave it out for servers without replay (the peers): then `probe` proves it.
   */
  after?: string;
  /**
   * Without `after`: sends one event to the room. Once every socket is acknowledged, it is called
   * every 250 ms until every socket has received an event; that first event is not passed to
   * `onEvent`, as a replay is not.
   */
  probe?: () => void;
  /** Sockets handshaking at once. */
  concurrency?: number;
  timeoutMs?: number;
  /** Processes whose CPU use is measured while the sockets open (the server side). */
  watchPids?: number[];
  /** Each live event after the replay: subscriber index, message body, receive time (performance.now()). */
  onEvent?: (subscriber: number, body: string, at: number) => void;
}

export interface SubscriberPool {
  clients: Client[];
  /** The replayed (or probe) frame's payload, as the first socket received it: the template for baseline frames. */
  firstPayload: unknown;
  /** Open socket → connection_ack, in µs. */
  connectHist: Histogram;
  /** Open socket → replayed event received (connect + init + subscribe), in µs; with a probe, → connection_ack. */
  handshakeHist: Histogram;
  /** Wall time to bring all `count` subscriptions live, ms. */
  elapsedMs: number;
  /** Subscriptions made live per second over that time. */
  ratePerSecond: number;
  /** CPU use while the sockets opened (when watchPids was given). */
  cpu: CpuReading | null;
  errors: ErrorTally;
  close(): Promise<void>;
}

/**
 * Opens `count` graphql-ws sockets (real client over `ws`), each with one messageAdded
 * subscription, and resolves once every one of them has received its replayed message. Any socket
 * that fails to authenticate, subscribe or get its replay fails the whole call with the reasons.
 */
export async function openSubscribers(options: SubscriberPoolOptions): Promise<SubscriberPool> {
  const { count, tokens } = options;
  const probing = options.after === undefined;
  if (probing && !options.probe) throw new Error(`${options.label}: openSubscribers needs \`after\` or \`probe\``);
  let liveCount = 0;
  const concurrency = options.concurrency ?? 100;
  const errors = new ErrorTally(`${options.label} sockets`);
  const clients: Client[] = new Array(count);
  const connectHist = new Histogram();
  const handshakeHist = new Histogram();
  let firstPayload: unknown;
  let closing = false;
  const onEvent = options.onEvent ?? (() => {});

  const openOne = (index: number) =>
    new Promise<void>((resolve, reject) => {
      const started = performance.now();
      let live = false;
      const client = createClient({
        url: options.wsUrl,
        webSocketImpl: WebSocket,
        retryAttempts: 0,
        lazy: true,
        connectionParams: { authorization: `Bearer ${tokens[index % tokens.length]}` },
        on: {
          connected: () => {
            const micros = (performance.now() - started) * 1000;
            connectHist.record(micros);
            if (probing) {
              handshakeHist.record(micros);
              resolve();
            }
          },
          closed: (event) => {
            const code = (event as { code?: number }).code;
            if (closing) return;
            const reason = (event as { reason?: string }).reason ?? '';
            errors.add(`CLOSED_${code}`, `socket ${index} closed by server: ${code} ${reason}`);
            if (!live) reject(new Error(`socket ${index} closed before its subscription was live: ${code} ${reason}`));
          },
        },
      });
      clients[index] = client;
      client.subscribe<NextPayload['data']>(
        {
          query: options.query ?? MESSAGE_ADDED,
          variables: probing ? { roomId: options.roomId } : { roomId: options.roomId, after: options.after },
        },
        {
          next: (result) => {
            const at = performance.now();
            const payload = result as NextPayload;
            const body = payload.data?.messageAdded?.body;
            if (payload.errors?.length || typeof body !== 'string') {
              const first = payload.errors?.[0];
              errors.add(first?.extensions?.code ?? 'BAD_PAYLOAD', first?.message ?? JSON.stringify(payload));
              return;
            }
            if (!live) {
              live = true;
              liveCount++;
              if (!probing) handshakeHist.record((at - started) * 1000);
              firstPayload ??= payload;
              resolve();
              return;
            }
            onEvent(index, body, at);
          },
          error: (error) => {
            if (closing) return;
            const list = Array.isArray(error) ? (error as NextPayload['errors'])! : null;
            const closeEvent = error as { code?: number; reason?: string; message?: string };
            const code =
              list?.[0]?.extensions?.code ??
              (typeof closeEvent?.code === 'number' ? `CLOSED_${closeEvent.code}` : 'SUBSCRIPTION_ERROR');
            const detail = list
              ? JSON.stringify(list)
              : typeof closeEvent?.code === 'number'
                ? `socket closed: ${closeEvent.code} ${closeEvent.reason ?? ''}`
                : String(closeEvent?.message ?? error);
            errors.add(code, `socket ${index}: ${detail}`);
            if (!live) reject(new Error(`socket ${index} subscription failed: ${code} ${detail}`));
          },
          complete: () => {
            if (closing) return;
            errors.add('COMPLETED', `socket ${index}: subscription ended by the server`);
            if (!live) reject(new Error(`socket ${index} subscription completed before its replay`));
          },
        },
      );
    });

  const started = performance.now();
  const meter = options.watchPids ? new CpuMeter(options.watchPids) : null;
  let closed: Promise<void> | undefined;
  const closeAll = () =>
    (closed ??= (async () => {
      closing = true;
      offCleanup();
      // dispose() rejects when the socket was still connecting; that is fine while closing.
      for (const client of clients) void Promise.resolve(client?.dispose()).catch(() => {});
      await sleep(200);
    })());
  // Sockets close before the servers they talk to (cleanup runs last-in first-out).
  const offCleanup = onCleanup(`close ${options.label} sockets`, () => closeAll());
  const failures = await openBounded(count, concurrency, options.timeoutMs ?? 30_000, options.label, openOne);
  if (probing && failures.length === 0) {
    // Acknowledged, subscribe sent: events until every subscription has had one.
    const deadline = performance.now() + (options.timeoutMs ?? 30_000);
    while (liveCount < count && failures.length === 0) {
      if (errors.total) {
        failures.push(`socket errors after connection_ack: ${errors.summary()}`);
        break;
      }
      if (performance.now() > deadline) {
        failures.push(`${count - liveCount} of ${count} subscriptions received no probe event in time`);
        break;
      }
      options.probe!();
      await sleep(250);
    }
  }
  if (failures.length) {
    await closeAll();
    throw new Error(
      `${options.label}: ${failures.length} socket(s) failed to subscribe (${errors.summary()}); first: ${failures[0]}`,
    );
  }
  const elapsedMs = performance.now() - started;
  const cpu = meter?.read() ?? null;
  return {
    cpu,
    clients,
    firstPayload,
    connectHist,
    handshakeHist,
    elapsedMs,
    ratePerSecond: (count / elapsedMs) * 1000,
    errors,
    close: closeAll,
  };
}
