/** setTimeout's largest delay (about 24.8 days); longer ones fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** A token this close to its expiry is refreshed before it is sent: it could expire in flight. */
export const USE_MARGIN_MS = 1_000;

/**
 * How long to wait before refreshing a token that expires at `expiresAt`: `before` ahead of its
 * expiry, but no earlier than half-way through what is left (a token shorter-lived than `before`
 * would otherwise be refreshed in a loop).
 */
export function refreshDelay(expiresAt: number, now: number, before: number): number {
  const remaining = expiresAt - now;
  if (remaining <= 0) return 0;
  return Math.min(MAX_TIMER_MS, Math.max(remaining - before, remaining / 2));
}

/** Whether a token that expires at `expiresAt` (null: unknown) must be refreshed before use. */
export function isStale(expiresAt: number | null, now: number): boolean {
  return expiresAt !== null && expiresAt - now <= USE_MARGIN_MS;
}
