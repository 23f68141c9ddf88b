import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers/server.js';
import { sleep } from './helpers/ws.js';

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * One HTTP/1.1 connection driven by hand, the way a proxy keeps one in its pool: which connection
 * a request goes on, and whether the server closed it, is what these tests are about.
 */
class RawConnection {
  private received = '';
  private waiting: (() => void) | undefined;
  /** 'end' when the server closed it cleanly, 'reset' when it cut it (a request on it was lost). */
  readonly closed: Promise<'end' | 'reset'>;

  private constructor(private readonly socket: Socket) {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      this.received += chunk;
      this.waiting?.();
    });
    this.closed = new Promise((resolve) => {
      socket.once('error', () => resolve('reset'));
      socket.once('end', () => resolve('end'));
    });
  }

  static open(port: number): Promise<RawConnection> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => resolve(new RawConnection(socket)));
      socket.once('error', reject);
    });
  }

  /** Writes a GraphQL POST, all of it or only its first `partial` bytes (the rest with `finish`). */
  post(query: string, partial?: number): () => void {
    const body = JSON.stringify({ query });
    const text =
      `POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
    this.socket.write(text.slice(0, partial));
    return () => this.socket.write(text.slice(partial));
  }

  /** The next complete response (the server sends a Content-Length). */
  async response(): Promise<RawResponse> {
    for (;;) {
      const parsed = this.parse();
      if (parsed) return parsed;
      await new Promise<void>((resolve) => (this.waiting = resolve));
    }
  }

  destroy() {
    this.socket.destroy();
  }

  private parse(): RawResponse | null {
    const end = this.received.indexOf('\r\n\r\n');
    if (end < 0) return null;
    const [statusLine, ...lines] = this.received.slice(0, end).split('\r\n');
    const headers = Object.fromEntries(
      lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]),
    );
    const length = Number(headers['content-length']);
    if (this.received.length < end + 4 + length) return null;
    const body = this.received.slice(end + 4, end + 4 + length);
    this.received = this.received.slice(end + 4 + length);
    return { status: Number(statusLine!.split(' ')[1]), headers, body };
  }
}

const QUERY = '{ __typename }';

/** Resolves once a new connection to the port is refused: the server has stopped accepting. */
async function refusingConnections(port: number) {
  for (;;) {
    const refused = await RawConnection.open(port).then(
      (connection) => {
        connection.destroy();
        return false;
      },
      () => true,
    );
    if (refused) return;
    await sleep(20);
  }
}

describe('stopping behind a proxy that keeps connections alive', () => {
  let server: TestServer | undefined;
  const connections: RawConnection[] = [];
  const open = async () => {
    const connection = await RawConnection.open(Number(new URL(server!.origin).port));
    connections.push(connection);
    return connection;
  };
  afterEach(async () => {
    for (const connection of connections.splice(0)) connection.destroy();
    await server?.stop();
    server = undefined;
  });

  it('answers on pooled connections during the shutdown delay, each with Connection: close', async () => {
    server = await startServer({ env: { SHUTDOWN_DELAY_MS: '2000' } });
    const pooled = await open();
    pooled.post(QUERY);
    expect((await pooled.response()).headers.connection).toBe('keep-alive');

    const stopped = server.app.stop();
    pooled.post(QUERY);
    const during = await pooled.response();
    expect(during.status).toBe(200);
    expect(during.body).toContain('Query');
    expect(during.headers.connection).toBe('close');
    expect(await pooled.closed).toBe('end');
    await stopped;
  });

  it('then refuses new connections, closes idle ones, and serves what comes on the others', async () => {
    server = await startServer();
    const port = Number(new URL(server.origin).port);
    const idle = await open();
    idle.post(QUERY);
    await idle.response();
    // A proxy's new connection, its request still on the way; and a request half sent.
    const fresh = await open();
    const busy = await open();
    const finishBusy = busy.post(QUERY, 60);
    await sleep(50);

    const stopped = server.app.stop();
    await refusingConnections(port);
    // The idle connection is closed cleanly: nothing was sent on it to be lost.
    expect(await idle.closed).toBe('end');
    // The others are served, not refused (a proxy would pass a 503 on), and told to go.
    fresh.post(QUERY);
    finishBusy();
    for (const connection of [fresh, busy]) {
      const response = await connection.response();
      expect(response.status).toBe(200);
      expect(response.headers.connection).toBe('close');
      expect(await connection.closed).toBe('end');
    }
    const startedAt = Date.now();
    await stopped;
    // Nothing was left for the 5 s grace period to cut.
    expect(Date.now() - startedAt).toBeLessThan(2_000);
  });
});
