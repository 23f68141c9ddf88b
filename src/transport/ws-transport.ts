import type { IncomingMessage } from 'node:http';
import { handleProtocols, makeServer, type ServerOptions } from 'graphql-ws';
import type { Logger } from 'pino';
import type { WebSocket, WebSocketServer } from 'ws';
import { CloseCode } from '../realtime/close-codes.js';

/** How often every socket is pinged; one that has not answered the previous ping by then is cut. */
const KEEPALIVE_MS = 12_000;
/** How often the liveness sweep runs (init deadlines are checked at this resolution). */
const SWEEP_MS = 250;

/** What graphql-ws hands to our hooks as `ctx.extra`. */
export interface SocketExtraBase {
  socket: WebSocket;
}

/**
 * graphql-ws over `ws`, built on graphql-ws's `makeServer` (its documented way to plug in a
 * transport) in place of its `useServer`, for memory: `useServer` gives every socket its own
 * keep-alive interval and init timer, and wraps each message in an async handler whose frame holds
 * the message's Buffer for as long as its subscription lives. Here one sweep pings all sockets and
 * enforces the init deadline, and messages are handed over without an extra frame. The protocol,
 * the close codes and the hooks are graphql-ws's own.
 */
export class WsTransport<E extends SocketExtraBase> {
  /** Sockets that have not sent connection_init yet, with the time by which they must (monotonic clock). */
  private readonly initDeadlines = new Map<WebSocket, number>();
  /** Sockets pinged by the last keep-alive round that have not answered yet. */
  private readonly awaitingPong = new Set<WebSocket>();
  private sweeper: NodeJS.Timeout | undefined;
  private nextPingAt = 0;

  constructor(
    private readonly wsServer: WebSocketServer,
    options: ServerOptions<Record<string, unknown>, E> & {
      connectionInitWaitTimeout: number;
      /**
       * Bytes a socket may have queued and unsent before graphql-ws's own messages (pong, errors,
       * complete) close it with 1013 instead: a client that sends pings with payloads and never
       * reads must not grow the server's memory. Subscription frames are checked where they are
       * written (shared-execution.ts).
       */
      maxBacklogBytes: number;
      /**
       * Each socket's `ctx.extra`, with every field it will ever have: an object that gains
       * fields later, or loses them, takes more memory for the socket's life.
       */
      extra: (socket: WebSocket, request: IncomingMessage) => E;
      /**
       * Runs the handling of each message: all that follows from it, a subscription's whole life
       * included (for the request log's per-operation scope).
       */
      aroundMessage?: (extra: E, handle: () => Promise<void>) => Promise<void>;
    },
    private readonly logger: Logger,
  ) {
    // graphql-ws arms its own init timer unless told not to; the sweep below does it for all sockets.
    const server = makeServer({ ...options, connectionInitWaitTimeout: 0 });
    wsServer.options.handleProtocols = handleProtocols;
    // Listeners shared by all sockets (`this` is the socket), and `on` rather than `once` (each
    // `once` wraps its listener in two more objects): close fires once, and error is followed by close.
    const awaitingPong = this.awaitingPong;
    const onPong = function (this: WebSocket) {
      awaitingPong.delete(this);
    };
    const onError = function (this: WebSocket, err: Error) {
      logger.warn({ err }, 'WebSocket error');
      this.close(CloseCode.InternalServerError, 'Internal server error');
    };
    wsServer.on('connection', (socket: WebSocket, request: IncomingMessage) => {
      this.initDeadlines.set(socket, performance.now() + options.connectionInitWaitTimeout);
      socket.on('pong', onPong);
      socket.on('error', onError);
      const extra = options.extra(socket, request);
      const around = options.aroundMessage;
      const closed = server.opened(
        {
          protocol: socket.protocol,
          send: (data) =>
            new Promise<void>((resolve, reject) => {
              if (socket.readyState !== socket.OPEN) return resolve();
              if (socket.bufferedAmount > options.maxBacklogBytes) {
                socket.close(CloseCode.TryAgainLater, 'Too far behind: reconnect');
                return resolve();
              }
              socket.send(data, (err) => (err ? reject(err) : resolve()));
            }),
          close: (code, reason) => socket.close(code, reason),
          onMessage: (handle) =>
            socket.on('message', (data: Buffer) => {
              const text = String(data);
              // graphql-ws answers a client that sends a server-only message type with 4500
              // Internal Error; it is the client's fault, so close with 4400 Bad Request instead.
              if (isServerOnlyMessage(text)) return socket.close(CloseCode.BadRequest, 'Unexpected message type');
              (around ? around(extra, () => handle(text)) : handle(text)).catch((err: unknown) => {
                this.logger.error({ err }, 'WebSocket message handling failed');
                socket.close(CloseCode.InternalServerError, 'Internal server error');
              });
            }),
        },
        extra,
      );
      socket.on('close', (code: number, reason: Buffer) => {
        this.initDeadlines.delete(socket);
        awaitingPong.delete(socket);
        closed(code, String(reason)).catch((err: unknown) =>
          this.logger.error({ err }, 'WebSocket close handling failed'),
        );
      });
    });
  }

  start(): void {
    this.nextPingAt = performance.now() + KEEPALIVE_MS;
    this.sweeper = setInterval(() => this.sweep(), SWEEP_MS).unref();
  }

  stop(): void {
    clearInterval(this.sweeper);
  }

  /** connection_init arrived (graphql-ws calls onConnect right after): the deadline no longer applies. */
  initReceived(socket: WebSocket): void {
    this.initDeadlines.delete(socket);
  }

  private sweep() {
    const now = performance.now();
    for (const [socket, deadline] of this.initDeadlines) {
      if (deadline > now) continue;
      this.initDeadlines.delete(socket);
      socket.close(CloseCode.ConnectionInitialisationTimeout, 'Connection initialisation timeout');
    }
    if (now < this.nextPingAt) return;
    this.nextPingAt = now + KEEPALIVE_MS;
    for (const socket of this.wsServer.clients) {
      if (socket.readyState !== socket.OPEN) continue;
      // No pong since the last round's ping: the peer is gone without a FIN.
      if (this.awaitingPong.has(socket)) {
        this.awaitingPong.delete(socket);
        socket.terminate();
        continue;
      }
      this.awaitingPong.add(socket);
      socket.ping();
    }
  }
}

/** True for connection_ack, next and error: messages only a server may send. */
function isServerOnlyMessage(text: string): boolean {
  let type: unknown;
  try {
    type = (JSON.parse(text) as { type?: unknown } | null)?.type;
  } catch {
    return false; // graphql-ws closes unparseable messages with 4400 itself
  }
  return type === 'connection_ack' || type === 'next' || type === 'error';
}
