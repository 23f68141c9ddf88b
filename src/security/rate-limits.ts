import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { parseDuration } from '../duration.js';
import { DomainError } from '../errors.js';

/** Every limited action, with its default budget: `count` per `window` (seconds). */
export const RATE_LIMIT_DEFAULTS = {
  /** Failed logins per username: slows guessing one account, lifts after the window. */
  login: { count: 10, window: 15 * 60 },
  /** Failed logins per client address, whatever the username. */
  loginAddress: { count: 50, window: 15 * 60 },
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
} satisfies Record<string, RateLimit>;

export type RateLimitName = keyof typeof RATE_LIMIT_DEFAULTS;
export interface RateLimit {
  count: number;
  window: number;
}
export type RateLimits = Record<RateLimitName, RateLimit>;

/**
 * Parses `RATE_LIMITS`, e.g. `message=60/10s,login=5/15m`: overrides of the defaults by name.
 * Returns an error message for a bad entry.
 */
export function parseRateLimits(value: string): RateLimits | string {
  const limits: RateLimits = { ...RATE_LIMIT_DEFAULTS };
  for (const entry of value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)) {
    const match = /^([a-zA-Z]+)=(\d+)\/(.+)$/.exec(entry);
    const window = match ? parseDuration(match[3]!) : null;
    if (!match || !(match[1]! in limits) || window === null || Number(match[2]) < 1) {
      return `bad entry "${entry}": expected name=count/duration with name one of ${Object.keys(limits).join(', ')}`;
    }
    limits[match[1] as RateLimitName] = { count: Number(match[2]), window };
  }
  return limits;
}

interface Counter {
  count: number;
  /** Milliseconds until the window resets. */
  resetsInMs: number;
}

interface CounterStore {
  increment(key: string, windowMs: number): Promise<Counter>;
  read(key: string): Promise<Counter>;
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
    async increment(key, windowMs) {
      const now = Date.now();
      const entry = live(key, now) ?? { count: 0, resetAt: now + windowMs };
      entry.count += 1;
      windows.set(key, entry);
      return { count: entry.count, resetsInMs: entry.resetAt - now };
    },
    async read(key) {
      const now = Date.now();
      const entry = live(key, now);
      return { count: entry?.count ?? 0, resetsInMs: entry ? entry.resetAt - now : 0 };
    },
    async close() {
      clearInterval(sweep);
    },
  };
}

/** Fixed windows in Redis, shared by every instance. */
function redisStore(url: string, logger: Logger): CounterStore {
  const redis = new Redis(url, {
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
    maxRetriesPerRequest: 1,
    // While Redis is down, fail the command at once rather than queueing it (see failOpen).
    enableOfflineQueue: false,
    // And when it stops answering without closing, fail it after a second (fail open, too).
    commandTimeout: 1_000,
  });
  redis.on('error', (err) => logger.warn({ err: err.message }, 'rate-limit redis error'));
  return {
    async increment(key, windowMs) {
      const [[, count], , [, ttl]] = (await redis.multi().incr(key).pexpire(key, windowMs, 'NX').pttl(key).exec()) as [
        [null, number],
        [null, number],
        [null, number],
      ];
      return { count, resetsInMs: Math.max(ttl, 0) };
    },
    async read(key) {
      const [[, count], [, ttl]] = (await redis.multi().get(key).pttl(key).exec()) as [
        [null, string | null],
        [null, number],
      ];
      return { count: Number(count ?? 0), resetsInMs: Math.max(ttl, 0) };
    },
    async close() {
      redis.disconnect();
    },
  };
}

/** Counts actions per (limit, subject) and refuses with RATE_LIMITED once a budget is spent. */
export class RateLimiter {
  private readonly store: CounterStore;

  constructor(
    private readonly limits: RateLimits,
    redisUrl: string | null,
    private readonly prefix: string,
    private readonly logger: Logger,
  ) {
    this.store = redisUrl ? redisStore(redisUrl, logger) : memoryStore();
  }

  /** Counts one action; throws RATE_LIMITED (with retryAfter seconds) when it is over the budget. */
  async consume(name: RateLimitName, subject: string): Promise<void> {
    const limit = this.limits[name];
    const counter = await this.failOpen(() => this.store.increment(this.key(name, subject), limit.window * 1000));
    if (counter && counter.count > limit.count) throw rateLimited(counter);
  }

  /** Throws RATE_LIMITED when the budget is already spent, without counting (login checks before verifying). */
  async check(name: RateLimitName, subject: string): Promise<void> {
    const counter = await this.failOpen(() => this.store.read(this.key(name, subject)));
    if (counter && counter.count >= this.limits[name].count) throw rateLimited(counter);
  }

  /** Counts one action without refusing it (a failed login is counted after it failed). */
  async record(name: RateLimitName, subject: string): Promise<void> {
    await this.failOpen(() => this.store.increment(this.key(name, subject), this.limits[name].window * 1000));
  }

  close(): Promise<void> {
    return this.store.close();
  }

  private key(name: RateLimitName, subject: string) {
    return `${this.prefix}rl:${name}:${subject}`;
  }

  /** With the shared store unreachable, serve rather than refuse everyone; the outage is logged. */
  private async failOpen(work: () => Promise<Counter>): Promise<Counter | null> {
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
