import type { Server as HttpServer, IncomingMessage, ServerResponse } from 'node:http';

/**
 * Retires an HTTP server's keep-alive connections without failing a request sent on one.
 *
 * A proxy (nginx, a load balancer) reuses its pooled connections at any moment: a connection we
 * close just as it sends a request on it fails that request, and a POST is then answered 502, since
 * the proxy cannot know whether it ran. So the peer is told instead: every response while retiring
 * says `Connection: close`, and the peer drops the connection after reading it. We close only
 * connections with nothing on them (Node counts a new one as busy until its first request is
 * answered): those idle when draining starts, and each busy one right behind its response (the peer
 * sends nothing more on it before reading that).
 *
 * Closing the idle ones still races a peer that picks one at that moment. Retiring them first for
 * longer than the peer keeps a pooled connection idle (the shutdown delay: 5 s in production;
 * deploy/nginx.conf's keepalive_timeout: 4 s) leaves none: each was used and closed meanwhile, or
 * dropped by the peer itself.
 */
export class ConnectionDrain {
  private retiring = false;
  private draining = false;
  /** Responses not finished yet: those whose headers are unwritten can still say `Connection: close`. */
  private readonly pending = new Set<ServerResponse>();

  constructor(private readonly server: HttpServer) {
    // Ahead of the application's listener, which may answer at once (/health, refusals).
    server.prependListener('request', (_req: IncomingMessage, res: ServerResponse) => this.track(res));
  }

  /** Serve on, but close each connection after its response: peers move to fresh connections. */
  retire(): void {
    if (this.retiring) return;
    this.retiring = true;
    for (const res of this.pending) if (!res.headersSent) res.shouldKeepAlive = false;
  }

  /**
   * Retires, stops accepting connections and closes the idle ones; busy ones close after their
   * response. Resolves once none is left.
   */
  async drain(): Promise<void> {
    this.retire();
    this.draining = true;
    // Right after a poll, when the fewest connections wait unaccepted (closing the listener resets
    // them, with the request their peer may have sent already) and what has arrived has been read.
    await new Promise((resolve) => setImmediate(resolve));
    // http.Server.close() also closes the idle connections.
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private track(res: ServerResponse): void {
    if (this.retiring) res.shouldKeepAlive = false;
    this.pending.add(res);
    res.once('close', () => {
      this.pending.delete(res);
      // A response begun before the drain promised keep-alive: its connection is idle now.
      if (this.draining) this.server.closeIdleConnections();
    });
  }
}
