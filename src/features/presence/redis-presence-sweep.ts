import type { RedisClient } from '../../platform/redis-connection.js';
import type { PresenceChange } from './presence-store.js';
import { CLAIM_DEAD, DISCONNECT_MANY, FORGET, LOCK, type PresenceKeys } from './redis-presence-scripts.js';

/** Registered instances looked at per sweep (a random sample, when there are more). */
const CLAIM_SAMPLE = 32;
/** Dead instances reaped per sweep, at most. */
const REAP_SAMPLE = 4;
/** Users taken offline per script call: each call holds Redis for well under a millisecond. */
export const REAP_BATCH = 500;
/** Users taken offline per sweep, at most: a dead instance with more takes a few sweeps. */
export const REAP_BUDGET = 20_000;

export interface SweepContext {
  redis: RedisClient;
  keys: PresenceKeys;
  /** The sweeping instance: it holds the reap locks it takes. */
  selfId: string;
  /** How long a reap lock lasts: a survivor that dies reaping leaves the rest to another after this. */
  lockTtlMs: number;
}

/**
 * One sweep, run by every instance every few seconds: instances whose heartbeat lapsed (a kill -9,
 * a lost host) are declared dead by whoever sees it first, and their users, a bounded number per
 * sweep, are taken offline by one survivor at a time (a lock per dead instance). Returns the
 * changes to announce.
 */
export async function sweepDeadInstances(context: SweepContext): Promise<PresenceChange[]> {
  await claimDead(context);
  const changes: PresenceChange[] = [];
  let budget = REAP_BUDGET;
  for (const instanceId of await context.redis.srandmember(context.keys.reaping, REAP_SAMPLE)) {
    if (budget <= 0) break;
    const { redis, keys, selfId, lockTtlMs } = context;
    const locked = await redis.eval(LOCK, 1, keys.reapLock(instanceId), selfId, lockTtlMs);
    if (locked !== 1) continue;
    budget -= await reapInstance(redis, keys, instanceId, budget, changes);
  }
  return changes;
}

/** Declares dead each sampled instance whose heartbeat key has expired. */
async function claimDead({ redis, keys, selfId }: SweepContext): Promise<void> {
  const sampled = (await redis.srandmember(keys.instances, CLAIM_SAMPLE)).filter((id) => id !== selfId);
  if (sampled.length === 0) return;
  const pipeline = redis.pipeline();
  for (const id of sampled) pipeline.exists(keys.alive(id));
  const alive = (await pipeline.exec()) ?? [];
  const lapsed = sampled.filter((_id, i) => alive[i]?.[0] === null && alive[i]?.[1] === 0);
  for (const id of lapsed) await redis.eval(CLAIM_DEAD, 3, keys.instances, keys.reaping, keys.alive(id), id);
}

/**
 * Takes up to `budget` users of a dead (or stopping) instance off it, adding to `changes` those
 * left with no instance; the instance is forgotten once it holds nobody. Returns how many users it
 * looked at.
 */
export async function reapInstance(
  redis: RedisClient,
  keys: PresenceKeys,
  instanceId: string,
  budget: number,
  changes: PresenceChange[],
): Promise<number> {
  let done = 0;
  while (done < budget) {
    const userIds = await redis.srandmember(keys.held(instanceId), Math.min(REAP_BATCH, budget - done));
    if (userIds.length === 0) {
      await redis.eval(FORGET, 3, keys.reaping, keys.held(instanceId), keys.reapLock(instanceId), instanceId);
      break;
    }
    const userKeys = userIds.flatMap((id) => [keys.user(id), keys.state(id)]);
    const reply = await redis.eval(
      DISCONNECT_MANY,
      1 + userKeys.length,
      keys.held(instanceId),
      ...userKeys,
      instanceId,
      ...userIds,
    );
    changes.push(...offlineChanges(reply));
    done += userIds.length;
  }
  return done;
}

/** DISCONNECT_MANY's reply: {userId, version, seen, …}. */
function offlineChanges(reply: unknown): PresenceChange[] {
  const flat = reply as Array<string | number>;
  const changes: PresenceChange[] = [];
  for (let i = 0; i + 2 < flat.length; i += 3) {
    const lastSeenAt = Number(flat[i + 2]);
    changes.push({ userId: String(flat[i]), online: false, lastSeenAt, version: Number(flat[i + 1]) });
  }
  return changes;
}
