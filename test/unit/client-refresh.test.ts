import { afterEach, describe, expect, it, vi } from 'vitest';
import { isStale, refreshDelay, tokenExpiresAt } from '../../client/src/index.js';
import { TokenKeeper } from '../../client/src/token-keeper.js';

/** An unsigned JWT with the given claims: the client reads `exp` only, never checks signatures. */
const jwt = (claims: object) =>
  ['{"alg":"HS256"}', JSON.stringify(claims)].map((part) => Buffer.from(part).toString('base64url')).join('.') +
  '.signature';

describe('reading exp', () => {
  it('is the exp claim in ms, and null for a token without one or not a JWT', () => {
    expect(tokenExpiresAt(jwt({ sub: 'u', exp: 1_700_000_000 }))).toBe(1_700_000_000_000);
    expect(tokenExpiresAt(jwt({ sub: 'ünïcode ✓', exp: 5 }))).toBe(5_000);
    expect(tokenExpiresAt(jwt({ sub: 'u' }))).toBeNull();
    expect(tokenExpiresAt('opaque-token')).toBeNull();
    expect(tokenExpiresAt('a.!!!.c')).toBeNull();
  });
});

describe('when to refresh', () => {
  const now = 1_000_000;

  it('refreshes `before` ahead of expiry for a long-lived token', () => {
    expect(refreshDelay(now + 3_600_000, now, 30_000)).toBe(3_570_000);
    expect(refreshDelay(now + 900_000, now, 30_000)).toBe(870_000);
  });

  it('refreshes half-way through what is left when the token lives less than twice `before`', () => {
    expect(refreshDelay(now + 3_000, now, 30_000)).toBe(1_500);
    expect(refreshDelay(now + 60_000, now, 30_000)).toBe(30_000);
  });

  it('refreshes at once when expired, and never overflows setTimeout', () => {
    expect(refreshDelay(now - 1, now, 30_000)).toBe(0);
    expect(refreshDelay(now + 365 * 86_400_000, now, 30_000)).toBe(2 ** 31 - 1);
  });

  it('treats a token in its last second (or expired) as stale, an unknown expiry as fresh', () => {
    expect(isStale(now + 5_000, now)).toBe(false);
    expect(isStale(now + 1_000, now)).toBe(true);
    expect(isStale(now - 1, now)).toBe(true);
    expect(isStale(null, now)).toBe(false);
  });
});

describe('the token keeper', () => {
  afterEach(() => void vi.useRealTimers());

  function source(initial: string, next: () => string | null) {
    let token: string | null = initial;
    const calls: number[] = [];
    return {
      calls,
      accessToken: () => token,
      refresh: async () => {
        calls.push(Date.now());
        token = next();
        return token;
      },
    };
  }

  it('refreshes on a timer ahead of exp, then again for the new token', async () => {
    vi.useFakeTimers({ now: 0 });
    let n = 0;
    const tokens = source(jwt({ exp: 3_600 }), () => jwt({ exp: 3_600 + 3_600 * ++n }));
    const keeper = new TokenKeeper(tokens, 30_000, { baseMs: 500, maxMs: 30_000 });
    await vi.advanceTimersByTimeAsync(3_570_000 - 1);
    expect(tokens.calls).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(tokens.calls).toEqual([3_570_000]);
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(tokens.calls).toEqual([3_570_000, 7_170_000]);
    keeper.dispose();
    await vi.advanceTimersByTimeAsync(10 * 3_600_000);
    expect(tokens.calls).toHaveLength(2);
  });

  it('runs one refresh at a time, however many callers find the token refused', async () => {
    const tokens = source(jwt({ exp: 4_000_000_000 }), () => jwt({ exp: 4_000_000_001 }));
    const keeper = new TokenKeeper(tokens, 30_000, { baseMs: 500, maxMs: 30_000 });
    const refused = tokens.accessToken();
    const results = await Promise.all([1, 2, 3].map(() => keeper.refreshIfCurrent(refused)));
    expect(tokens.calls).toHaveLength(1);
    expect(new Set(results)).toEqual(new Set([tokens.accessToken()]));
    // A caller that was refused the old token after the refresh gets the new one without another.
    expect(await keeper.refreshIfCurrent(refused)).toBe(tokens.accessToken());
    expect(tokens.calls).toHaveLength(1);
    keeper.dispose();
  });

  it('refreshes a stale token before handing it out, and hands out the old one when offline', async () => {
    const expired = jwt({ exp: 1 });
    let online = true;
    const tokens = {
      accessToken: () => expired,
      refresh: async () => {
        if (!online) throw new Error('offline');
        return 'fresh';
      },
    };
    const keeper = new TokenKeeper(tokens, 30_000, { baseMs: 500, maxMs: 30_000 });
    expect(await keeper.valid()).toBe('fresh');
    online = false;
    expect(await keeper.valid()).toBe(expired);
    keeper.dispose();
  });

  it('learns a clock running ahead of the server from a fresh token, instead of refreshing in a loop', async () => {
    const ahead = 2 * 3_600_000;
    vi.useFakeTimers({ now: 100_000_000 + ahead });
    // The server's clock; tokens live 1 h by it.
    let jti = 0;
    const issue = () => {
      const iat = Math.floor((Date.now() - ahead) / 1000);
      return jwt({ iat, exp: iat + 3_600, jti: ++jti });
    };
    const tokens = source(issue(), issue);
    const keeper = new TokenKeeper(tokens, 30_000, { baseMs: 500, maxMs: 30_000 });
    // By this clock the first token expired an hour ago: refreshed before use, once.
    const fresh = await keeper.valid();
    expect(tokens.calls).toHaveLength(1);
    expect(await keeper.valid()).toBe(fresh);
    await vi.advanceTimersByTimeAsync(3_570_000 - 1);
    expect(tokens.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(tokens.calls).toHaveLength(2);
    keeper.dispose();
  });
});
