import { describe, expect, it } from 'vitest';
import { backoffDelay, DEFAULT_BACKOFF } from '../../client/src/index.js';

describe('reconnection backoff', () => {
  const policy = { baseMs: 500, maxMs: 30_000 };

  it('doubles from the base up to the cap, jittered between half and all of it', () => {
    const low = (attempt: number) => backoffDelay(attempt, policy, () => 0);
    const high = (attempt: number) => backoffDelay(attempt, policy, () => 1);
    expect([0, 1, 2, 3, 4, 5, 6, 7].map(high)).toEqual([500, 1000, 2000, 4000, 8000, 16000, 30000, 30000]);
    expect([0, 1, 2, 3, 4, 5, 6, 7].map(low)).toEqual([250, 500, 1000, 2000, 4000, 8000, 15000, 15000]);
  });

  it('stays capped for ever (no overflow after many attempts)', () => {
    for (const attempt of [50, 1_000, 1e9]) expect(backoffDelay(attempt, policy, () => 1)).toBe(30_000);
  });

  it('spreads clients out: the same attempt waits differently for different draws', () => {
    const draws = new Set(Array.from({ length: 50 }, () => backoffDelay(3, policy)));
    expect(draws.size).toBeGreaterThan(10);
    for (const delay of draws) expect(delay).toBeGreaterThanOrEqual(2000);
    for (const delay of draws) expect(delay).toBeLessThanOrEqual(4000);
  });

  it('defaults to 500 ms doubling up to 30 s', () => {
    expect(DEFAULT_BACKOFF).toEqual({ baseMs: 500, maxMs: 30_000 });
  });
});
