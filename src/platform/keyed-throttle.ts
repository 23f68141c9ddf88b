/**
 * Lets one event per key through every `intervalMs`; the rest are dropped. Memory stays bounded:
 * entries older than the interval are pruned whenever the map grows past `maxKeys`.
 */
export class KeyedThrottle {
  private readonly lastAllowed = new Map<string, number>();

  constructor(
    private readonly intervalMs: number,
    private readonly maxKeys = 10_000,
  ) {}

  allow(key: string, now = Date.now()): boolean {
    const last = this.lastAllowed.get(key);
    if (last !== undefined && now - last < this.intervalMs) return false;
    if (this.lastAllowed.size >= this.maxKeys) this.prune(now);
    this.lastAllowed.set(key, now);
    return true;
  }

  private prune(now: number) {
    for (const [key, at] of this.lastAllowed) if (now - at >= this.intervalMs) this.lastAllowed.delete(key);
  }
}
