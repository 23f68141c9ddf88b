import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { createRedisClient, whenReady, type RedisClient, type RedisTarget } from '../../platform/redis-connection.js';
import type { Presence, PresenceChange, PresenceStore, PresenceStoreHooks } from './presence-store.js';
import { reapInstance, REAP_BUDGET, sweepDeadInstances } from './redis-presence-sweep.js';
import {
  CONNECT,
  CONNECT_MANY,
  DISCONNECT,
  HEARTBEAT,
  presenceKeys,
  type PresenceKeys,
} from './redis-presence-scripts.js';

/** Users registered per script call when the instance registers again. */
const REGISTER_BATCH = 500;
/** How long start() waits for Redis before carrying on (it registers at the next upkeep then). */
const READY_TIMEOUT_MS = 5_000;

export interface RedisPresenceOptions {
  /** One Redis or a cluster: on a cluster every presence key shares one slot (see presenceKeys). */
  target: RedisTarget;
  /** The deployment's Redis prefix: every key lives under it. */
  prefix: string;
  /**
   * How long an instance's heartbeat lasts: one killed without stopping has its users offline
   * within about 4/3 of it (the TTL, then a sweep every third of it).
   */
  ttlMs: number;
  logger: Logger;
}

/**
 * Presence shared by every instance through Redis. Each instance registers under a random id with
 * a heartbeat key that it refreshes every third of the TTL; the users it holds are kept both per
 * instance and per user, so the users of an instance found dead can be taken offline by another.
 *
 * Order is what keeps it right: every command goes out on one connection, in the order the
 * sockets opened and closed (scripts by EVAL, never EVALSHA, whose NOSCRIPT retry would overtake
 * later commands), and a command is never sent again by ioredis after a reconnect. On a cluster
 * too: every key shares one slot, so one node's connection, and a command whose connection closed
 * is not resent (see createRedisClient). When a command
 * fails, or the instance finds itself declared dead, the state in Redis is no longer known: the
 * instance registers again under a new id with every user it holds, then retires the old id like a
 * dead one. Users it still holds never appear offline in between.
 */
export class RedisPresenceStore implements PresenceStore {
  private readonly redis: RedisClient;
  private readonly keys: PresenceKeys;
  private instanceId = randomUUID();
  /** An update failed or the registration vanished: register again at the next upkeep. */
  private lost = false;
  private hooks: PresenceStoreHooks = { localUsers: () => [], onChanges: () => {} };
  private timer: NodeJS.Timeout | undefined;
  private upkeep: Promise<void> | null = null;
  private stopped = false;

  constructor(private readonly options: RedisPresenceOptions) {
    this.keys = presenceKeys(options.prefix, options.target.kind === 'cluster');
    this.redis = createRedisClient(options.target, {
      retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
      maxRetriesPerRequest: 1,
      // A command fails at once while Redis is away, rather than being sent later out of order.
      enableOfflineQueue: false,
      autoResendUnfulfilledCommands: false,
      commandTimeout: 2_000,
    });
    this.redis.on('error', (err: Error) => options.logger.warn({ err: err.message }, 'presence redis error'));
  }

  async start(hooks: PresenceStoreHooks): Promise<void> {
    this.hooks = hooks;
    await whenReady(this.redis, READY_TIMEOUT_MS);
    await this.register(this.instanceId).catch((err: unknown) => this.failed(err));
    this.schedule();
  }

  async connect(userId: string): Promise<PresenceChange | null> {
    const { keys, instanceId } = this;
    const reply = await this.run(
      CONNECT,
      [keys.instances, keys.held(instanceId), keys.user(userId), keys.state(userId)],
      [instanceId, userId],
    );
    if (reply === -1) this.lost = true; // declared dead meanwhile: the next upkeep registers again
    if (!Array.isArray(reply)) return null;
    return { userId, online: true, lastSeenAt: null, version: Number(reply[0]) };
  }

  async disconnect(userId: string): Promise<PresenceChange | null> {
    const { keys, instanceId } = this;
    const reply = await this.run(
      DISCONNECT,
      [keys.held(instanceId), keys.user(userId), keys.state(userId)],
      [instanceId, userId],
    );
    if (!Array.isArray(reply)) return null;
    return { userId, online: false, lastSeenAt: Number(reply[1]), version: Number(reply[0]) };
  }

  async read(userIds: readonly string[]): Promise<Map<string, Presence>> {
    const presence = new Map<string, Presence>();
    if (userIds.length === 0) return presence;
    const pipeline = this.redis.pipeline();
    for (const id of userIds) pipeline.scard(this.keys.user(id)).hget(this.keys.state(id), 'seen');
    const replies = (await pipeline.exec()) ?? [];
    userIds.forEach((id, i) => {
      const [[instancesError, instances], [seenError, seen]] = [replies[2 * i]!, replies[2 * i + 1]!];
      if (instancesError || seenError) throw instancesError ?? seenError;
      const online = Number(instances) > 0;
      presence.set(id, { online, lastSeenAt: online || seen === null ? null : new Date(Number(seen)) });
    });
    return presence;
  }

  async stop(): Promise<PresenceChange[]> {
    if (this.stopped) return [];
    this.stopped = true;
    clearTimeout(this.timer);
    await this.upkeep;
    const changes: PresenceChange[] = [];
    try {
      await this.retire(this.instanceId);
      await reapInstance(this.redis, this.keys, this.instanceId, Number.POSITIVE_INFINITY, changes);
    } catch (err) {
      // Left to the others' sweeps, as if this instance had been killed.
      this.options.logger.warn({ err: (err as Error).message }, 'presence: could not leave cleanly');
    }
    this.redis.disconnect();
    return changes;
  }

  private schedule() {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.upkeep = this.keepUp().finally(() => {
        this.upkeep = null;
        this.schedule();
      });
    }, this.options.ttlMs / 3);
    this.timer.unref();
  }

  /** The heartbeat (or a new registration), then a sweep for dead instances; announces what changed. */
  private async keepUp(): Promise<void> {
    const changes: PresenceChange[] = [];
    try {
      if (this.lost || !(await this.heartbeat())) changes.push(...(await this.registerAgain()));
      const { redis, keys, instanceId: selfId } = this;
      changes.push(...(await sweepDeadInstances({ redis, keys, selfId, lockTtlMs: this.options.ttlMs })));
    } catch (err) {
      this.failed(err);
    }
    if (changes.length > 0) this.hooks.onChanges(changes);
  }

  private async heartbeat(): Promise<boolean> {
    const { keys, instanceId } = this;
    const registered = await this.redis.eval(
      HEARTBEAT,
      2,
      keys.instances,
      keys.alive(instanceId),
      instanceId,
      this.options.ttlMs,
    );
    if (registered !== 1) this.options.logger.info({ instanceId }, 'presence: this instance was taken for dead');
    return registered === 1;
  }

  /**
   * Registers under a new id with every user held here, then retires the old id (its users that
   * went elsewhere or left go offline). The commands of the new registration are all sent before
   * anything else (one synchronous block): a socket that opens or closes meanwhile updates the new
   * id after them.
   */
  private async registerAgain(): Promise<PresenceChange[]> {
    const oldId = this.instanceId;
    const id = (this.instanceId = randomUUID());
    this.lost = false;
    const users = this.hooks.localUsers();
    const batches: Array<Promise<PresenceChange[]>> = [this.register(id).then(() => [])];
    for (let i = 0; i < users.length; i += REGISTER_BATCH) {
      batches.push(this.connectMany(id, users.slice(i, i + REGISTER_BATCH)));
    }
    batches.push(this.retire(oldId).then(() => []));
    const changes = (await Promise.all(batches)).flat();
    await reapInstance(this.redis, this.keys, oldId, REAP_BUDGET, changes);
    this.options.logger.info({ instanceId: id, users: users.length }, 'presence: registered again');
    return changes;
  }

  private async connectMany(id: string, userIds: string[]): Promise<PresenceChange[]> {
    const { keys } = this;
    const userKeys = userIds.flatMap((userId) => [keys.user(userId), keys.state(userId)]);
    const args = [keys.instances, keys.held(id), ...userKeys, id, ...userIds];
    const reply = await this.redis.eval(CONNECT_MANY, 2 + userKeys.length, ...args);
    if (reply === -1) throw new Error('presence registration vanished');
    const flat = reply as Array<string | number>;
    const changes: PresenceChange[] = [];
    for (let i = 0; i + 1 < flat.length; i += 2) {
      changes.push({ userId: String(flat[i]), online: true, lastSeenAt: null, version: Number(flat[i + 1]) });
    }
    return changes;
  }

  private async register(id: string): Promise<void> {
    const { keys, options } = this;
    await this.redis.multi().sadd(keys.instances, id).set(keys.alive(id), '1', 'PX', options.ttlMs).exec();
  }

  /** The instance leaves the registry for the reaping list: its users are taken off it from there. */
  private async retire(id: string): Promise<void> {
    const { keys } = this;
    await this.redis.multi().del(keys.alive(id)).srem(keys.instances, id).sadd(keys.reaping, id).exec();
  }

  /** An update of this instance's users; a failure means their state in Redis is unknown. */
  private async run(script: string, keys: string[], args: string[]): Promise<unknown> {
    if (this.stopped) return null;
    try {
      return await this.redis.eval(script, keys.length, ...keys, ...args);
    } catch (err) {
      this.failed(err);
      return null;
    }
  }

  private failed(err: unknown) {
    this.lost = true;
    this.options.logger.warn({ err: (err as Error).message }, 'presence update failed; registering again shortly');
  }
}
