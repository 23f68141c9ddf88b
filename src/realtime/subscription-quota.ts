import { DomainError } from '../platform/errors.js';

/**
 * Live subscriptions one user may hold to one room on an instance. Each event of the room is
 * executed once per distinct document among its subscribers; without a bound, one member with many
 * sockets and many slightly different documents made every message cost seconds of CPU. Twenty
 * covers several tabs each following a room's messages, edits and typing.
 */
export const MAX_SUBSCRIPTIONS_PER_USER_AND_ROOM = 20;

/** Counts live subscriptions per (user, room); a slot is taken when one starts and given back when it ends. */
export class SubscriptionQuota {
  private readonly counts = new Map<string, number>();

  /** Takes a slot, or throws RATE_LIMITED; returns the release (idempotent). */
  acquire(userId: string, roomId: string): () => void {
    const key = `${userId}:${roomId}`;
    const count = this.counts.get(key) ?? 0;
    if (count >= MAX_SUBSCRIPTIONS_PER_USER_AND_ROOM) {
      throw new DomainError(
        'RATE_LIMITED',
        `At most ${MAX_SUBSCRIPTIONS_PER_USER_AND_ROOM} live subscriptions per room and user; end one first.`,
        { retryAfter: 1 },
      );
    }
    this.counts.set(key, count + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.counts.get(key) ?? 1) - 1;
      if (left > 0) this.counts.set(key, left);
      else this.counts.delete(key);
    };
  }

  /** Slots taken in all, for tests that every path gives them back. */
  size(): number {
    let total = 0;
    for (const count of this.counts.values()) total += count;
    return total;
  }
}
