// Presence in Redis: the keys and the Lua scripts that change them. Each script is one atomic step,
// so two instances racing on one user (a socket closing on one as another opens on the other) leave
// a state that either order explains, and exactly one of them reports the user's change.

/** Every presence key of one deployment, under its Redis prefix. */
export interface PresenceKeys {
  /** SET: ids of the instances that are (or were, until found dead) running. */
  instances: string;
  /** SET: ids of instances found dead (or stopped) whose users are still being taken offline. */
  reaping: string;
  /** STRING with a TTL: present while the instance is alive (its heartbeat). */
  alive(instanceId: string): string;
  /** SET: the users holding a socket on the instance. */
  held(instanceId: string): string;
  /** STRING with a TTL: the survivor taking a dead instance's users offline. */
  reapLock(instanceId: string): string;
  /** SET: the instances holding a socket of the user; online while not empty. */
  user(userId: string): string;
  /** HASH: `seen`, when the user last went offline, and `version` (see PresenceChange.version), in ms. */
  state(userId: string): string;
}

/**
 * On a Redis Cluster every presence key carries one hash tag, `{<prefix>presence}`: the scripts
 * touch the registry, an instance's users and users' keys at once, so they must share a slot (one
 * shard holds a deployment's presence). On one Redis the keys stay as they were, untagged, so a
 * rolling upgrade keeps one presence across old and new instances.
 */
export function presenceKeys(redisPrefix: string, cluster = false): PresenceKeys {
  const p = cluster ? `{${redisPrefix}presence}:` : `${redisPrefix}presence:`;
  return {
    instances: `${p}instances`,
    reaping: `${p}reaping`,
    alive: (id) => `${p}instance:${id}:alive`,
    held: (id) => `${p}instance:${id}:users`,
    reapLock: (id) => `${p}instance:${id}:reaper`,
    user: (id) => `${p}user:${id}:instances`,
    state: (id) => `${p}user:${id}:state`,
  };
}

/**
 * A user's change gets a version from Redis's clock (one clock for every instance), in ms, always
 * above the previous one. Numbers are written with %d: Lua's default format would turn a large
 * one into 1.7e+12.
 */
const STAMP = `
local function stamp(state)
  local t = redis.call('TIME')
  local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
  local version = math.max(tonumber(redis.call('HGET', state, 'version') or '0') + 1, now)
  redis.call('HSET', state, 'version', string.format('%d', version))
  return version, now
end
local function wentOffline(state)
  local version, now = stamp(state)
  redis.call('HSET', state, 'seen', string.format('%d', now))
  return version, now
end
`;

/**
 * The user's first socket on this instance. KEYS: instances, held, user, state; ARGV: instance
 * id, user id. -1 when the instance is not registered (it was taken for dead: nothing is added,
 * so nothing is left that no sweep would ever remove); {version} when the user came online; 0.
 */
export const CONNECT = `${STAMP}
if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 0 then return -1 end
redis.call('SADD', KEYS[2], ARGV[2])
if redis.call('SADD', KEYS[3], ARGV[1]) == 1 and redis.call('SCARD', KEYS[3]) == 1 then
  local version = stamp(KEYS[4])
  return {version}
end
return 0`;

/**
 * The user's last socket on this instance closed. KEYS: held, user, state; ARGV: instance id,
 * user id. {version, seen} when no instance holds the user any more; else 0.
 */
export const DISCONNECT = `${STAMP}
redis.call('SREM', KEYS[1], ARGV[2])
if redis.call('SREM', KEYS[2], ARGV[1]) == 1 and redis.call('SCARD', KEYS[2]) == 0 then
  local version, seen = wentOffline(KEYS[3])
  return {version, seen}
end
return 0`;

/**
 * CONNECT for many users (an instance registering again). KEYS: instances, held, then user and
 * state of each user; ARGV: instance id, then the user ids. -1 when the instance is not
 * registered; else {userId, version, …} of those who came online.
 */
export const CONNECT_MANY = `${STAMP}
if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 0 then return -1 end
local online = {}
for i = 2, #ARGV do
  local user, state = KEYS[2 * i - 1], KEYS[2 * i]
  redis.call('SADD', KEYS[2], ARGV[i])
  if redis.call('SADD', user, ARGV[1]) == 1 and redis.call('SCARD', user) == 1 then
    local version = stamp(state)
    table.insert(online, ARGV[i])
    table.insert(online, version)
  end
end
return online`;

/**
 * DISCONNECT for many users of one (dead or stopping) instance. KEYS: held, then user and state of
 * each user; ARGV: instance id, then the user ids. {userId, version, seen, …} of those who went
 * offline. Removing a user twice changes nothing the second time, so two reapers cannot both
 * report one user.
 */
export const DISCONNECT_MANY = `${STAMP}
local offline = {}
for i = 2, #ARGV do
  local user, state = KEYS[2 * i - 2], KEYS[2 * i - 1]
  redis.call('SREM', KEYS[1], ARGV[i])
  if redis.call('SREM', user, ARGV[1]) == 1 and redis.call('SCARD', user) == 0 then
    local version, seen = wentOffline(state)
    table.insert(offline, ARGV[i])
    table.insert(offline, version)
    table.insert(offline, seen)
  end
end
return offline`;

/**
 * Refreshes the heartbeat of a registered instance. KEYS: instances, alive; ARGV: instance id, TTL
 * in ms. 0 when the instance is no longer registered (taken for dead, or Redis lost its data).
 */
export const HEARTBEAT = `
if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('SET', KEYS[2], '1', 'PX', ARGV[2])
return 1`;

/**
 * Declares an instance dead if its heartbeat has lapsed, moving it from the registry to the
 * instances being reaped: from then on CONNECT refuses it. KEYS: instances, reaping, alive; ARGV:
 * instance id. 1 when this call declared it.
 */
export const CLAIM_DEAD = `
if redis.call('EXISTS', KEYS[3]) == 1 then return 0 end
return redis.call('SMOVE', KEYS[1], KEYS[2], ARGV[1])`;

/**
 * Takes (or keeps) the lock on reaping an instance: free, or already ours. KEYS: lock; ARGV: our
 * instance id, TTL in ms. 1 when we hold it.
 */
export const LOCK = `
local holder = redis.call('GET', KEYS[1])
if holder and holder ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1`;

/**
 * Forgets a reaped instance once it holds nobody. KEYS: reaping, held, lock; ARGV: instance id.
 */
export const FORGET = `
if redis.call('SCARD', KEYS[2]) > 0 then return 0 end
redis.call('SREM', KEYS[1], ARGV[1])
redis.call('DEL', KEYS[3])
return 1`;
