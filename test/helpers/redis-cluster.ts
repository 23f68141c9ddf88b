import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { CLUSTER_SLOTS } from '../../src/platform/broker/key-slot.js';

const REDIS_SERVER = process.env.REDIS_SERVER_BIN ?? '/usr/bin/redis-server';
const HOST = '127.0.0.1';
/** How long a node may be unreachable before the others take it for failed (and fail over). */
const NODE_TIMEOUT_MS = 1_000;

export interface ClusterNode {
  host: string;
  port: number;
  /** The cluster bus port (gossip between nodes). */
  busPort: number;
  process: ChildProcess | null;
}

export interface TestRedisCluster {
  nodes: ClusterNode[];
  /** `host:port,…` of every node, as REDIS_CLUSTER_NODES takes it. */
  nodesEnv: string;
  /** A plain connection to one node, closed at stop. */
  admin(node: ClusterNode): Redis;
  /** Kills a node without warning (SIGKILL). */
  kill(node: ClusterNode): Promise<void>;
  /** Starts a node again with its data directory (same identity and slots) and waits for the cluster. */
  start(node: ClusterNode): Promise<void>;
  /** Waits until every running node reports cluster_state:ok and agrees on the slot owners. */
  waitHealthy(timeoutMs?: number): Promise<void>;
  /** Stops every node it started and removes its directory. */
  stop(): Promise<void>;
}

/** A free TCP port on the loopback interface (the kernel picks it; nothing holds it afterwards). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts a Redis Cluster of `masters` masters (each with `replicas` replicas) from the machine's
 * redis-server, on free ports, with its files in a temporary directory. Fails (rather than
 * skipping) when a node will not start or the cluster does not come up within `timeoutMs`.
 */
export async function startRedisCluster({ masters = 3, replicas = 0, timeoutMs = 30_000 } = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'redis-cluster-'));
  const nodes: ClusterNode[] = [];
  const admins = new Map<ClusterNode, Redis>();
  // A test run that dies without stopping the cluster leaves no server behind.
  const killAll = () => nodes.forEach((node) => node.process?.kill('SIGKILL'));
  process.once('exit', killAll);
  const cluster: TestRedisCluster = {
    nodes,
    get nodesEnv() {
      return nodes.map((node) => `${node.host}:${node.port}`).join(',');
    },
    admin: (node) => adminOf(admins, node),
    kill: (node) => killNode(node),
    start: async (node) => {
      await launch(node, dir);
      await cluster.waitHealthy(timeoutMs);
    },
    waitHealthy: (limitMs = timeoutMs) => waitHealthy(cluster, limitMs),
    stop: async () => {
      process.off('exit', killAll);
      for (const admin of admins.values()) admin.disconnect();
      await Promise.all(nodes.map((node) => killNode(node)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    for (let i = 0; i < masters * (1 + replicas); i++) {
      const node: ClusterNode = { host: HOST, port: await freePort(), busPort: await freePort(), process: null };
      nodes.push(node);
      await launch(node, dir);
    }
    await formCluster(cluster, masters, replicas);
    await cluster.waitHealthy(timeoutMs);
    return cluster;
  } catch (err) {
    await cluster.stop();
    throw err;
  }
}

function adminOf(admins: Map<ClusterNode, Redis>, node: ClusterNode): Redis {
  let admin = admins.get(node);
  if (!admin) {
    admin = new Redis({ host: node.host, port: node.port, lazyConnect: true, maxRetriesPerRequest: 1 });
    admin.on('error', () => {}); // a killed node: the test sees the failed commands
    admins.set(node, admin);
  }
  return admin;
}

/** Starts redis-server for `node` and waits until it answers PING. */
async function launch(node: ClusterNode, dir: string): Promise<void> {
  const args = [
    ['port', node.port],
    ['cluster-port', node.busPort],
    ['bind', node.host],
    ['cluster-enabled', 'yes'],
    ['cluster-config-file', path.join(dir, `nodes-${node.port}.conf`)],
    ['cluster-node-timeout', NODE_TIMEOUT_MS],
    // The other shards keep serving while one is down (the default stops the whole cluster).
    ['cluster-require-full-coverage', 'no'],
    ['dir', dir],
    ['dbfilename', `dump-${node.port}.rdb`],
    ['save', ''],
    ['repl-diskless-sync-delay', 0],
    ['appendonly', 'no'],
    ['daemonize', 'no'],
  ].flatMap(([name, value]) => [`--${name}`, String(value)]);
  const child = spawn(REDIS_SERVER, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk));
  node.process = child;
  const exited = new Promise<never>((_, reject) => {
    child.once('error', (err) => reject(new Error(`${REDIS_SERVER} could not start: ${err.message}`)));
    child.once('exit', (code) => reject(new Error(`redis-server :${node.port} exited (${code}): ${output}`)));
  });
  exited.catch(() => {});
  await Promise.race([waitFor(() => ping(node), 10_000, `redis-server :${node.port} to answer`), exited]);
}

async function ping(node: ClusterNode): Promise<boolean> {
  const probe = new Redis({ host: node.host, port: node.port, lazyConnect: true, retryStrategy: () => null });
  probe.on('error', () => {});
  try {
    await probe.connect();
    return (await probe.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

async function killNode(node: ClusterNode): Promise<void> {
  const child = node.process;
  node.process = null;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

/** Slots split evenly between the masters, the nodes introduced to each other, replicas attached. */
async function formCluster(cluster: TestRedisCluster, masters: number, replicas: number): Promise<void> {
  const [first, ...others] = cluster.nodes;
  const per = Math.ceil(CLUSTER_SLOTS / masters);
  for (let i = 0; i < masters; i++) {
    const last = Math.min(CLUSTER_SLOTS, (i + 1) * per) - 1;
    await cluster.admin(cluster.nodes[i]!).call('CLUSTER', 'ADDSLOTSRANGE', String(i * per), String(last));
  }
  for (const node of others) {
    await cluster.admin(first!).call('CLUSTER', 'MEET', node.host, String(node.port), String(node.busPort));
  }
  for (let r = 0; r < masters * replicas; r++) {
    const replica = cluster.nodes[masters + r]!;
    const masterId = await nodeId(cluster, cluster.nodes[r % masters]!);
    // The replica must know its master (by gossip) before it can follow it.
    await waitFor(
      async () => {
        const known = String(await cluster.admin(replica).call('CLUSTER', 'NODES'));
        return known.includes(masterId);
      },
      10_000,
      'replica to learn of its master',
    );
    await cluster.admin(replica).call('CLUSTER', 'REPLICATE', masterId);
  }
  // A replica that has never synchronised may not take over from its master.
  for (const replica of cluster.nodes.slice(masters)) {
    const linked = async () => /master_link_status:up/.test(await cluster.admin(replica).info('replication'));
    await waitFor(linked, 10_000, 'replica to synchronise');
  }
}

async function nodeId(cluster: TestRedisCluster, node: ClusterNode): Promise<string> {
  return String(await cluster.admin(node).call('CLUSTER', 'MYID'));
}

async function waitHealthy(cluster: TestRedisCluster, timeoutMs: number): Promise<void> {
  const running = () => cluster.nodes.filter((node) => node.process);
  await waitFor(
    async () => {
      const views = await Promise.all(running().map((node) => clusterView(cluster.admin(node))));
      return views.every((view) => view !== null && view === views[0]);
    },
    timeoutMs,
    'cluster_state:ok on every node, with one slot map',
  );
}

/** The node's view of the cluster when it is healthy (its slot owners, by node id); null if not. */
async function clusterView(admin: Redis): Promise<string | null> {
  try {
    const info = String(await admin.call('CLUSTER', 'INFO'));
    if (!/cluster_state:ok/.test(info) || !/cluster_slots_ok:16384/.test(info)) return null;
    const slots = (await admin.call('CLUSTER', 'SLOTS')) as Array<[number, number, [string, number, string]]>;
    return JSON.stringify(slots.map(([from, to, master]) => [from, to, master[2]]).sort((a, b) => +a[0]! - +b[0]!));
  } catch {
    return null;
  }
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
