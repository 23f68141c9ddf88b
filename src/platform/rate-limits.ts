import type { Logger } from 'pino';
import { parseDuration } from './duration.js';
import { DomainError } from './errors.js';
import { createRedisClient, type RedisTarget } from './redis-connection.js';

/** Every limited action, with its default budget: `count` per `window` (seconds). */
export const RATE_LIMIT_DEFAULTS = {
  /** Failed logins per username: slows guessing one account, lifts after the window. */
  login: { count: 10, window: 15 * 60 },
  /** Failed logins per client address, whatever the username. */
  loginAddress: { count: 50, window: 15 * 60 },
  /**
   * Successful logins per username: each costs an argon2 verification and leaves a session row, so
   * someone holding the password cannot loop on logIn (a refresh token renews a session instead).
   */
  loginSuccess: { count: 30, window: 60 * 60 },
  /** Sign-ups per client address. */
  signUp: { count: 20, window: 60 * 60 },
  /** Messages sent per user. */
  message: { count: 30, window: 10 },
  /** Friend requests sent per user. */
  friendRequest: { count: 30, window: 60 * 60 },
  /** Typing signals per user (on top of the one-per-second coalescing). */
  typing: { count: 30, window: 10 },
  /** New WebSocket connections per client address. */
  socket: { count: 60, window: 60 },
  /** Subscriptions started per socket. */
  subscribe: { count: 100, window: 60 },
  /**
   * Query cost (see QUERY_LIMITS) per user, spent by every query and mutation, refused ones too:
   * about ten of the costliest accepted queries per 10 s, or a hundred room history pages. It keeps
   * one user from filling the server's CPU with queries each inside every per-request limit.
   */
  queryCost: { count: 500_000, window: 10 },
  /**
   * Mutations per user (per address when signed out) that name no budget of their own: every
   * write is limited, including ones added later.
   */
  write: { count: 60, window: 10 },
  /** Edits and deletions of messages per user: each is delivered to every subscriber of the room. */
  edit: { count: 30, window: 10 },
  /** Reactions added and removed per user: each is delivered to every subscriber of the room. */
  reaction: { count: 60, window: 10 },
  /** changePassword calls per user: each checks a password (argon2), so it is also a guessing oracle. */
  passwordChange: { count: 5, window: 15 * 60 },
  /** deleteAccount attempts per user: each checks a password (argon2), so it is also a guessing oracle. */
  accountDeletion: { count: 5, window: 15 * 60 },
  /** updateRoom, removeRoomMember and setRoomMemberRole calls per user: each reaches every member live. */
  roomAdmin: { count: 120, window: 60 * 60 },
  /** muteRoom calls per user. */
  mute: { count: 60, window: 10 * 60 },
  /** Group rooms created per user. */
  createRoom: { count: 30, window: 60 * 60 },
  /** addRoomMembers calls per user (each adds up to 100). */
  roomMembers: { count: 60, window: 60 * 60 },
} satisfies Record<string, RateLimit>;

export type RateLimitName = keyof typeof RATE_LIMIT_DEFAULTS;
export interface RateLimit {
  count: number;
  window: number;
}
export type RateLimits = Record<RateLimitName, RateLimit>;

/**
 * How much more development allows than production: a local e2e suite signs up and logs in from one
 * address far more often than a person, and must be able to run twice in an hour.
 */
export const DEVELOPMENT_RATE_LIMIT_FACTOR = 10;

/** The budgets before RATE_LIMITS: production's, or DEVELOPMENT_RATE_LIMIT_FACTOR times them in development. */
export function rateLimitDefaults(nodeEnv: 'development' | 'production' | 'test'): RateLimits {
  if (nodeEnv !== 'development') return { ...RATE_LIMIT_DEFAULTS };
  const entries = Object.entries(RATE_LIMIT_DEFAULTS).map(([name, limit]) => [
    name,
    { count: limit.count * DEVELOPMENT_RATE_LIMIT_FACTOR, window: limit.window },
  ]);
  return Object.fromEntries(entries) as RateLimits;
}

/**
 * Parses `RATE_LIMITS`, e.g. `message=60/10s,login=5/15m`: overrides of the defaults by name, which
 * win over them in every NODE_ENV. Returns an error message for a bad entry.
 */
export function parseRateLimitOverrides(value: string): Partial<RateLimits> | string {
  const overrides: Partial<RateLimits> = {};
  for (const entry of value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)) {
    const match = /^([a-zA-Z]+)=(\d+)\/(.+)$/.exec(entry);
    const window = match ? parseDuration(match[3]!) : null;
    if (!match || !Object.hasOwn(RATE_LIMIT_DEFAULTS, match[1]!) || window === null || Number(match[2]) < 1) {
      const names = Object.keys(RATE_LIMIT_DEFAULTS).join(', ');
      return `bad entry "${entry}": expected name=count/duration with name one of ${names}`;
    }
    overrides[match[1] as RateLimitName] = { count: Number(match[2]), window };
  }
  return overrides;
}

interface Counter {
  count: number;
  /** Milliseconds until the window resets. */
  resetsInMs: number;
}

interface CounterStore {
  /** Adds `amount` (1 for an action, more for a weighted one such as a query's cost). */
  increment(key: string, windowMs: number, amount?: number): Promise<Counter>;
  /** Takes one back while the window lives (never below zero, never starting a window). */
  decrement(key: string): Promise<void>;
  close(): Promise<void>;
}

/** Fixed windows in process memory: right for one instance. */
function memoryStore(): CounterStore {
  const windows = new Map<string, { count: number; resetAt: number }>();
  const live = (key: string, now: number) => {
    const entry = windows.get(key);
    if (entry && entry.resetAt <= now) windows.delete(key);
    return entry && entry.resetAt > now ? entry : undefined;
  };
  const sweep = setInterval(() => {
    const now = Date.now();
    for (const [key, entry] of windows) if (entry.resetAt <= now) windows.delete(key);
  }, 30_000);
  sweep.unref();
  return {
    async increment(key, windowMs, amount = 1) {
      const now = Date.now();
      const entry = live(key, now) ?? { count: 0, resetAt: now + windowMs };
      entry.count += amount;
      windows.set(key, entry);
      return { count: entry.count, resetsInMs: entry.resetAt - now };
    },
    async decrement(key) {
      const entry = live(key, Date.now());
      if (entry && entry.count > 0) entry.count -= 1;
    },
    async close() {
      clearInterval(sweep);
    },
  };
}

/**
 * DECR, atomically, only while the window's key exists and is above zero: a plain DECR after the
 * window expired would create a key without expiry, a negative budget that never lapses.
 */
const DECREMENT_LIVE_SCRIPT = `
if (tonumber(redis.call('GET', KEYS[1])) or 0) > 0 then return redis.call('DECR', KEYS[1]) end
return 0`;

/**
 * Fixed windows in Redis, shared by every instance. Each command touches one key (a MULTI on one
 * key, a one-key script), so on a cluster the keys need no hash tag and spread over the shards.
 */
function redisStore(target: RedisTarget, logger: Logger): CounterStore {
  const redis = createRedisClient(target, {
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
    maxRetriesPerRequest: 1,
    // While Redis is down, fail the command at once rather than queueing it (see failOpen).
    enableOfflineQueue: false,
    // And when it stops answering without closing, fail it after a second (fail open, too).
    commandTimeout: 1_000,
  });
  redis.on('error', (err) => logger.warn({ err: err.message }, 'rate-limit redis error'));
  return {
    async increment(key, windowMs, amount = 1) {
      const [[, count], , [, ttl]] = (await redis
        .multi()
        .incrby(key, amount)
        .pexpire(key, windowMs, 'NX')
        .pttl(key)
        .exec()) as [[null, number], [null, number], [null, number]];
      return { count, resetsInMs: Math.max(ttl, 0) };
    },
    async decrement(key) {
      await redis.eval(DECREMENT_LIVE_SCRIPT, 1, key);
    },
    async close() {
      redis.disconnect();
    },
  };
}

/** One budget: a limit and whom it counts (a username, an address, a user id). */
export type Budget = readonly [RateLimitName, string];

/** Budgets counted by `RateLimiter.reserve`, until released. */
export interface Reservation {
  /**
   * Gives back the named budgets (all when none are named), each at most once. A window that ended
   * in between is not touched; a new one started meanwhile by another request may get one back.
   */
  release(names?: readonly RateLimitName[]): Promise<void>;
}

/** Counts actions per (limit, subject) and refuses with RATE_LIMITED once a budget is spent. */
export class RateLimiter {
  private readonly store: CounterStore;

  constructor(
    private readonly limits: RateLimits,
    redis: RedisTarget | null,
    private readonly prefix: string,
    private readonly logger: Logger,
    /** Told of every refusal, by limit name (for metrics and the request log). */
    private readonly onRefused: (name: RateLimitName) => void = () => {},
  ) {
    this.store = redis ? redisStore(redis, logger) : memoryStore();
  }

  /**
   * Counts one action (or `amount` units of a weighted budget); throws RATE_LIMITED (with
   * retryAfter seconds) when it is over the budget.
   */
  async consume(name: RateLimitName, subject: string, amount = 1): Promise<void> {
    const limit = this.limits[name];
    const key = this.key(name, subject);
    const counter = await this.failOpen(() => this.store.increment(key, limit.window * 1000, amount));
    if (counter && counter.count > limit.count) {
      this.onRefused(name);
      throw rateLimited(counter);
    }
  }

  /**
   * Counts one action against each budget before the action runs, so that concurrent requests cannot
   * get past a budget together (as they can between a check before and a count after). Refuses with
   * RATE_LIMITED, giving everything back, when any budget is spent. The caller releases budgets the
   * action turned out not to use (a login that succeeded was no failed guess).
   */
  async reserve(...budgets: Budget[]): Promise<Reservation> {
    const counters = await Promise.all(
      budgets.map(([name, subject]) =>
        this.failOpen(() => this.store.increment(this.key(name, subject), this.limits[name].window * 1000)),
      ),
    );
    // Budgets whose store failed open were not counted, so they are not given back either.
    const taken = budgets.filter((_, i) => counters[i]);
    const overAt = counters.findIndex((counter, i) => counter && counter.count > this.limits[budgets[i]![0]].count);
    if (overAt >= 0) {
      this.onRefused(budgets[overAt]![0]);
      await this.release(taken);
      throw rateLimited(counters[overAt]!);
    }
    let held = taken;
    return {
      release: async (names) => {
        const releasing = held.filter(([name]) => !names || names.includes(name));
        held = held.filter((budget) => !releasing.includes(budget));
        await this.release(releasing);
      },
    };
  }

  close(): Promise<void> {
    return this.store.close();
  }

  private key(name: RateLimitName, subject: string) {
    return `${this.prefix}rl:${name}:${subject}`;
  }

  private async release(budgets: Budget[]): Promise<void> {
    await Promise.all(
      budgets.map(([name, subject]) => this.failOpen(() => this.store.decrement(this.key(name, subject)))),
    );
  }

  /** With the shared store unreachable, serve rather than refuse everyone; the outage is logged. */
  private async failOpen<T>(work: () => Promise<T>): Promise<T | null> {
    try {
      return await work();
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, 'rate limit store unavailable; allowing');
      return null;
    }
  }
}

function rateLimited(counter: Counter): DomainError {
  const retryAfter = Math.max(1, Math.ceil(counter.resetsInMs / 1000));
  return new DomainError('RATE_LIMITED', `Too many requests; try again in ${retryAfter} s.`, { retryAfter });
}
