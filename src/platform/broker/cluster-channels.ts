import { Redis, type Cluster } from 'ioredis';
import type { Logger } from 'pino';
import { createRedisClient, whenReady, type RedisNode } from '../redis-connection.js';
import type { Channels } from './channels.js';
import { ChannelFanout } from './channel-fanout.js';
import { keySlot } from './key-slot.js';
import { PUBSUB_REDIS_OPTIONS, REDIS_COMMAND_TIMEOUT_MS } from './redis-channels.js';
import { RedisListener } from './redis-listener.js';

/**
 * How often the slot map is read again: a failover or a resharding moves channels to their new
 * shard within about this long (a dropped shard connection asks at once).
 */
const SLOTS_REFRESH_MS = 2_000;

/** Where a channel is listened to: the node owning its slot, and whether it acknowledged there. */
interface Placement {
  slot: number;
  /** `host:port` of the node; empty while it is nowhere (a move failed: tried again at the next refresh). */
  node: string;
  live: boolean;
}

/**
 * Channels through a Redis Cluster's sharded pub/sub (SPUBLISH/SSUBSCRIBE, Redis 7): a payload goes
 * to the one shard that owns its channel's slot, not to every node. SPUBLISH goes through the
 * cluster client; each master this instance listens to gets a connection of its own that
 * SSUBSCRIBEs there. ioredis's own sharded subscribers (`shardedSubscribers: true`) are not used:
 * their resubscription after a failover is fire-and-forget (ioredis ClusterSubscriberGroup
 * `_resubscribe`, see redis/ioredis#2021 and #2060), and onReconnect must tell when channels are
 * live again, for callers to catch up from the database.
 */
export class ClusterChannels implements Channels {
  private readonly cluster: Cluster;
  /** One subscriber connection per master, by `host:port`. */
  private readonly listeners = new Map<string, RedisListener>();
  private readonly placements = new Map<string, Placement>();
  private readonly fanout: ChannelFanout;
  /** A shard connection dropped or channels moved: payloads may have been missed since. */
  private dropped = false;
  private readonly disconnectListeners = new Set<() => void>();
  private readonly reconnectListeners = new Set<() => void>();

  constructor(
    nodes: RedisNode[],
    private readonly logger: Logger,
  ) {
    const target = { kind: 'cluster', nodes } as const;
    // Without the offline queue a publish while the cluster is away fails at once (typing signals
    // are kept, see KeptEvents) instead of waiting for it without a timeout.
    const extra = { enableOfflineQueue: false, slotsRefreshInterval: SLOTS_REFRESH_MS };
    this.cluster = createRedisClient(target, PUBSUB_REDIS_OPTIONS, extra) as Cluster;
    this.cluster.on('error', (err: Error) => logger.warn({ err: err.message, role: 'cluster' }, 'redis error'));
    this.cluster.on('ready', () => logger.info({ role: 'cluster' }, 'redis ready'));
    this.cluster.on('refresh', () => this.reconcile());
    this.fanout = new ChannelFanout({ listen: (c) => this.listen(c), unlisten: (c) => this.unlisten(c) }, logger);
  }

  async publish(channel: string, payload: object): Promise<void> {
    await this.cluster.spublish(channel, JSON.stringify(payload));
  }

  subscribe(channel: string, handler: (payload: unknown) => void): Promise<() => void> {
    return this.fanout.subscribe(channel, handler);
  }

  isConnected(): boolean {
    return this.cluster.status === 'ready' && !this.dropped;
  }

  async isAnswering(): Promise<boolean> {
    if (!this.isConnected()) return false;
    const inUse = [...this.listeners.values()].filter((listener) => listener.channels.size > 0);
    return Promise.all([this.cluster.ping(), ...inUse.map((listener) => listener.client.ping())]).then(
      () => true,
      () => false,
    );
  }

  onDisconnect(listener: () => void): void {
    this.disconnectListeners.add(listener);
  }

  onReconnect(listener: () => void): void {
    this.reconnectListeners.add(listener);
  }

  async close(): Promise<void> {
    this.cluster.disconnect();
    for (const listener of this.listeners.values()) listener.close();
    this.listeners.clear();
  }

  private async listen(channel: string): Promise<void> {
    await whenReady(this.cluster, REDIS_COMMAND_TIMEOUT_MS);
    const slot = keySlot(channel);
    const node = this.ownerOf(slot);
    if (!node) throw new Error('Redis Cluster unavailable: no node is known to own the channel');
    const placement: Placement = { slot, node, live: false };
    this.placements.set(channel, placement);
    await this.listenerOn(node).listen(channel);
    placement.live = true;
    this.settle();
  }

  private unlisten(channel: string) {
    const placement = this.placements.get(channel);
    this.placements.delete(channel);
    if (placement) this.listeners.get(placement.node)?.unlisten(channel);
    this.settle(); // it may have been the last channel not yet live again
  }

  private ownerOf(slot: number): string | undefined {
    return this.cluster.slots[slot]?.[0];
  }

  private listenerOn(node: string): RedisListener {
    let listener = this.listeners.get(node);
    if (listener) return listener;
    const at = node.lastIndexOf(':');
    const client = new Redis({ ...PUBSUB_REDIS_OPTIONS, host: node.slice(0, at), port: Number(node.slice(at + 1)) });
    client.on('error', (err: Error) => this.logger.warn({ err: err.message, node }, 'redis shard subscriber error'));
    // An SSUBSCRIBE answered MOVED (the slot has moved): ioredis emits 'moved' and leaves the
    // command to time out (see redis/ioredis#1987); read the slot map again meanwhile.
    client.on('moved', () => this.cluster.refreshSlotsCache());
    listener = new RedisListener(client, 'sharded', this.logger, {
      message: (channel, text) => this.fanout.dispatch(channel, text),
      drop: () => this.lose(),
      back: () => this.settle(),
    });
    this.listeners.set(node, listener);
    return listener;
  }

  /** A shard connection dropped: payloads may be missed, and its node may have failed over. */
  private lose() {
    if (!this.dropped) {
      this.dropped = true;
      this.disconnectListeners.forEach((listener) => listener());
    }
    if (this.cluster.status === 'ready') this.cluster.refreshSlotsCache();
  }

  /** After a drop: once every channel is live again where it belongs, callers catch up. */
  private settle() {
    if (!this.dropped) return;
    for (const placement of this.placements.values()) {
      if (!placement.live || !this.listeners.get(placement.node)?.live) return;
    }
    this.dropped = false;
    this.reconnectListeners.forEach((listener) => listener());
  }

  /** The slot map was read: channels whose slot now has another owner move there. */
  private reconcile() {
    for (const [channel, placement] of this.placements) {
      const owner = this.ownerOf(placement.slot);
      if (owner && owner !== placement.node) this.move(channel, placement, owner);
    }
    this.closeListenersOfFormerMasters();
  }

  private move(channel: string, from: Placement, node: string) {
    this.lose();
    this.listeners.get(from.node)?.unlisten(channel);
    const placement: Placement = { slot: from.slot, node, live: false };
    this.placements.set(channel, placement);
    const listener = this.listenerOn(node);
    listener.listen(channel).then(
      () => {
        placement.live = true;
        this.settle();
      },
      (err: Error) => {
        if (this.placements.get(channel) !== placement) return; // unsubscribed (or moved) meanwhile
        this.logger.warn({ err: err.message, channel, node }, 'shard channel not moved; trying again');
        listener.unlisten(channel);
        placement.node = '';
      },
    );
  }

  /** A node that lost its slots (failed over, or emptied) keeps no connection once it holds no channel. */
  private closeListenersOfFormerMasters() {
    const masters = new Set(this.cluster.slots.map((owners) => owners?.[0]));
    for (const [node, listener] of this.listeners) {
      if (listener.channels.size > 0 || masters.has(node)) continue;
      listener.close();
      this.listeners.delete(node);
    }
  }
}
