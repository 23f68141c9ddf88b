import type { BackoffPolicy } from './types.js';

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 500, maxMs: 30_000 };

/**
 * The wait before reconnection attempt `attempt` (0 for the first): exponential up to the cap, then
 * "equal jitter" (between half and all of it), so clients that lost one server together do not
 * come back in step, and no attempt is immediate.
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
