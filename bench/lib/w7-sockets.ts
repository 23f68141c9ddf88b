/**
 * W7's sockets: graphql-ws clients (the real client over `ws`, as in lib/subscribers.ts), each
 * holding several subscriptions on one socket: `messageAdded` of each of its rooms, replaying from
 * `after` (which proves each one live on the server: it subscribes to pub/sub before its replay
 * query), and `inbox`. The inbox replays nothing; W7 proves it live with probe events.
 */
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { onCleanup, openBounded } from './cleanup.js';
import { sleep } from './env.js';
import { ErrorTally } from './graphql.js';
import { CpuMeter, type CpuReading } from './procs.js';

interface Payload {
  data?: {
    messageAdded?: { body?: string } | null;
    inbox?: { kind?: string; details?: { message?: { body?: string } } } | null;
  } | null;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
}

export type Stream = 'messageAdded' | 'inbox';

export interface RoomSocketsOptions {
  label: string;
  wsUrl: string;
  count: number;
  /** Access token of socket i. */
  token(socket: number): string;
  /** Global ids of the rooms socket i follows (its user's rooms). */
  roomsOf(socket: number): string[];
  /** Cursor every messageAdded subscription replays from (it must replay exactly one message). */
  after: string;
  messageQuery: string;
  inboxQuery: string;
  /** Variables of socket i's inbox subscribe (the bare baseline is told the rooms; the server reads them). */
  inboxVariables?(socket: number): Record<string, unknown>;
  /** Sockets handshaking at once. */
  concurrency?: number;
  timeoutMs?: number;
  /** Processes whose CPU use is measured while the sockets open. */
  watchPids?: number[];
  /** Every live event after the replays: socket, which subscription, message body, receive time. */
  onEvent(socket: number, stream: Stream, body: string, at: number): void;
}

export interface RoomSockets {
  clients: Client[];
  /** Payload of the first replayed messageAdded frame, and of the first inbox frame (once one came). */
  templates: { messageAdded: unknown; inbox: unknown };
  elapsedMs: number;
  ratePerSecond: number;
  cpu: CpuReading | null;
  errors: ErrorTally;
  close(): Promise<void>;
}

/**
 * Opens `count` sockets, each subscribing to its rooms' messageAdded and to inbox; resolves once
 * every messageAdded subscription has had its replay. Any socket that fails fails the call.
 */
export async function openRoomSockets(options: RoomSocketsOptions): Promise<RoomSockets> {
  const { count } = options;
  const errors = new ErrorTally(`${options.label} sockets`);
  const clients: Client[] = new Array(count);
  const templates: RoomSockets['templates'] = { messageAdded: undefined, inbox: undefined };
  let closing = false;

  const openOne = (index: number) =>
    new Promise<void>((resolve, reject) => {
      const rooms = options.roomsOf(index);
      let waiting = rooms.length;
      let live = false;
      const client = createClient({
        url: options.wsUrl,
        webSocketImpl: WebSocket,
        retryAttempts: 0,
        lazy: true,
        connectionParams: { authorization: `Bearer ${options.token(index)}` },
        on: {
          closed: (event) => {
            if (closing) return;
            const { code, reason } = event as { code?: number; reason?: string };
            errors.add(`CLOSED_${code}`, `socket ${index} closed by server: ${code} ${reason ?? ''}`);
            if (!live)
              reject(new Error(`socket ${index} closed before its subscriptions were live: ${code} ${reason ?? ''}`));
          },
        },
      });
      clients[index] = client;
      const failed = (what: string) => (error: unknown) => {
        if (closing) return;
        const list = Array.isArray(error) ? (error as NonNullable<Payload['errors']>) : null;
        const closeEvent = error as { code?: number; reason?: string; message?: string };
        const code =
          list?.[0]?.extensions?.code ??
          (typeof closeEvent?.code === 'number' ? `CLOSED_${closeEvent.code}` : 'SUBSCRIPTION_ERROR');
        const detail = list ? JSON.stringify(list) : String(closeEvent?.reason ?? closeEvent?.message ?? error);
        errors.add(code, `socket ${index} ${what}: ${detail}`);
        if (!live) reject(new Error(`socket ${index} ${what} failed: ${code} ${detail}`));
      };
      const completed = (what: string) => () => {
        if (closing) return;
        errors.add('COMPLETED', `socket ${index}: ${what} ended by the server`);
        if (!live) reject(new Error(`socket ${index}: ${what} completed before it was live`));
      };
      client.subscribe<Payload['data']>(
        { query: options.inboxQuery, variables: options.inboxVariables?.(index) ?? {} },
        {
          next: (result) => {
            const at = performance.now();
            const payload = result as Payload;
            const body = payload.data?.inbox?.details?.message?.body;
            if (payload.errors?.length || typeof body !== 'string') {
              const first = payload.errors?.[0];
              errors.add(first?.extensions?.code ?? 'BAD_INBOX_PAYLOAD', first?.message ?? JSON.stringify(payload));
              return;
            }
            templates.inbox ??= payload;
            options.onEvent(index, 'inbox', body, at);
          },
          error: failed('inbox'),
          complete: completed('inbox'),
        },
      );
      for (const roomId of rooms) {
        let replayed = false;
        client.subscribe<Payload['data']>(
          { query: options.messageQuery, variables: { roomId, after: options.after } },
          {
            next: (result) => {
              const at = performance.now();
              const payload = result as Payload;
              const body = payload.data?.messageAdded?.body;
              if (payload.errors?.length || typeof body !== 'string') {
                const first = payload.errors?.[0];
                errors.add(first?.extensions?.code ?? 'BAD_PAYLOAD', first?.message ?? JSON.stringify(payload));
                return;
              }
              if (!replayed) {
                replayed = true;
                templates.messageAdded ??= payload;
                if (--waiting === 0) {
                  live = true;
                  resolve();
                }
                return;
              }
              options.onEvent(index, 'messageAdded', body, at);
            },
            error: failed(`messageAdded(${roomId})`),
            complete: completed(`messageAdded(${roomId})`),
          },
        );
      }
    });

  const started = performance.now();
  const meter = options.watchPids ? new CpuMeter(options.watchPids) : null;
  let closed: Promise<void> | undefined;
  const closeAll = () =>
    (closed ??= (async () => {
      closing = true;
      offCleanup();
      for (const client of clients) void Promise.resolve(client?.dispose()).catch(() => {});
      await sleep(500);
    })());
  const offCleanup = onCleanup(`close ${options.label} sockets`, () => closeAll());
  const failures = await openBounded(
    count,
    options.concurrency ?? 100,
    options.timeoutMs ?? 30_000,
    options.label,
    openOne,
  );
  if (failures.length) {
    await closeAll();
    throw new Error(
      `${options.label}: ${failures.length} socket(s) failed to subscribe (${errors.summary()}); first: ${failures[0]}`,
    );
  }
  const elapsedMs = performance.now() - started;
  return {
    clients,
    templates,
    elapsedMs,
    ratePerSecond: (count / elapsedMs) * 1000,
    cpu: meter?.read() ?? null,
    errors,
    close: closeAll,
  };
}
