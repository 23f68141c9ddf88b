import net from 'node:net';

export type Outage =
  /** Connections are reset and new ones refused: a cable pulled, a server's host rebooting. */
  | 'reset'
  /** Nothing gets through, nothing is reset: packets dropped (a train tunnel). Held bytes flow on restore. */
  | 'blackhole';

export interface TcpProxy {
  port: number;
  /** Connections open now. */
  readonly open: number;
  /** Connections accepted so far. */
  readonly accepted: number;
  cut(outage: Outage): void;
  restore(): void;
  close(): Promise<void>;
}

interface Pair {
  client: net.Socket;
  upstream: net.Socket | null;
  /** Bytes held while blackholed, per direction. */
  held: { up: Buffer[]; down: Buffer[] };
}

/**
 * A TCP proxy on 127.0.0.1 in front of `targetPort`, to put a network between a client and a real
 * server and cut it. While blackholed, new connections are accepted and held, not connected on.
 */
export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  const pairs = new Set<Pair>();
  let outage: Outage | null = null;
  let accepted = 0;

  const destroy = (pair: Pair) => {
    pair.client.destroy();
    pair.upstream?.destroy();
    pairs.delete(pair);
  };
  const connectUpstream = (pair: Pair) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    pair.upstream = upstream;
    upstream.on('data', (chunk: Buffer) => {
      if (outage) pair.held.down.push(chunk);
      else pair.client.write(chunk);
    });
    upstream.on('error', () => destroy(pair));
    upstream.on('close', () => destroy(pair));
    flush(pair);
  };
  const flush = (pair: Pair) => {
    for (const chunk of pair.held.up.splice(0)) pair.upstream?.write(chunk);
    for (const chunk of pair.held.down.splice(0)) pair.client.write(chunk);
  };

  const server = net.createServer((client) => {
    accepted++;
    if (outage === 'reset') return void client.resetAndDestroy();
    const pair: Pair = { client, upstream: null, held: { up: [], down: [] } };
    pairs.add(pair);
    client.on('data', (chunk: Buffer) => {
      if (outage || !pair.upstream) pair.held.up.push(chunk);
      else pair.upstream.write(chunk);
    });
    client.on('error', () => destroy(pair));
    client.on('close', () => destroy(pair));
    if (!outage) connectUpstream(pair);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

  return {
    port: (server.address() as net.AddressInfo).port,
    get open() {
      return pairs.size;
    },
    get accepted() {
      return accepted;
    },
    cut(kind) {
      outage = kind;
      if (kind !== 'reset') return;
      for (const pair of [...pairs]) {
        pair.client.resetAndDestroy();
        destroy(pair);
      }
    },
    restore() {
      outage = null;
      for (const pair of pairs) {
        if (pair.upstream) flush(pair);
        else connectUpstream(pair);
      }
    },
    async close() {
      for (const pair of [...pairs]) destroy(pair);
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
