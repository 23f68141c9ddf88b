import { sleep } from './env.js';
import { Histogram } from './histogram.js';

/**
 * Follows events sent to a room with `expected` subscribers. Bodies are `t:<phase>:<k>:<sendTime>`
 * (sendTime = performance.now() of this process, which both sends and receives, so no clock
 * skew): latency is receive time − send time, per delivery and per event (to its last delivery).
 */
export class EventTracker {
  readonly perDelivery = new Histogram();
  /** Send → last of the `expected` deliveries. */
  readonly perEvent = new Histogram();
  /** Actual send time − scheduled send time (fixed-rate only): the load generator falling behind. */
  readonly sendLag = new Histogram();
  deliveries = 0;
  /** Deliveries received inside [windowStart, windowEnd]. */
  windowDeliveries = 0;
  windowStart = 0;
  windowEnd = Infinity;
  sentEvents = 0;
  completedEvents = 0;
  /** Deliveries of an event this tracker did not send, or a second delivery to the same subscriber. */
  stray = 0;
  duplicates = 0;
  private readonly remaining = new Map<number, { sentAt: number; left: number; seen: Uint8Array }>();
  private waiters: Array<() => void> = [];

  constructor(
    readonly phase: number,
    readonly expected: number,
  ) {}

  body(k: number, sentAt: number): string {
    return `t:${this.phase}:${k}:${sentAt.toFixed(3)}`;
  }

  /** Registers event k as sent at `sentAt` (what its body carries). */
  sent(k: number, sentAt: number) {
    this.remaining.set(k, { sentAt, left: this.expected, seen: new Uint8Array(this.expected) });
    this.sentEvents++;
  }

  get outstanding() {
    return this.remaining.size;
  }

  onDelivery = (subscriber: number, body: string, at: number) => {
    const parts = body.split(':');
    if (parts[0] !== 't' || Number(parts[1]) !== this.phase) {
      this.stray++;
      return;
    }
    const k = Number(parts[2]);
    const sentAt = Number(parts[3]);
    const event = this.remaining.get(k);
    if (!event) {
      this.stray++;
      return;
    }
    if (subscriber >= this.expected || event.seen[subscriber]) {
      this.duplicates++;
      return;
    }
    event.seen[subscriber] = 1;
    this.deliveries++;
    if (at >= this.windowStart && at <= this.windowEnd) this.windowDeliveries++;
    this.perDelivery.recordMs(at - sentAt);
    if (--event.left === 0) {
      this.perEvent.recordMs(at - sentAt);
      this.remaining.delete(k);
      this.completedEvents++;
      const waiters = this.waiters;
      this.waiters = [];
      for (const wake of waiters) wake();
    }
  };

  /** Resolves at the next completed event or after `ms`, whichever first. */
  nextCompletion(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** Waits until every sent event reached every subscriber, or `timeoutMs`; returns whether it did. */
  async drain(timeoutMs: number): Promise<boolean> {
    const deadline = performance.now() + timeoutMs;
    while (this.outstanding > 0 && performance.now() < deadline) await this.nextCompletion(100);
    return this.outstanding === 0;
  }

  /** Age in ms of the oldest event not yet delivered everywhere (0 when none). */
  oldestOutstandingMs(now = performance.now()): number {
    for (const event of this.remaining.values()) return now - event.sentAt;
    return 0;
  }

  /**
   * Counts every event still undelivered as if it completed now, so percentiles of a run that did
   * not keep up are lower bounds instead of silently leaving out the slowest events. Returns how
   * many events that was.
   */
  closeIncomplete(now = performance.now()): number {
    let incomplete = 0;
    for (const event of this.remaining.values()) {
      incomplete++;
      this.perEvent.recordMs(now - event.sentAt);
      for (let i = 0; i < event.left; i++) this.perDelivery.recordMs(now - event.sentAt);
    }
    // Late deliveries of these events now count as stray, not as latency samples.
    this.remaining.clear();
    return incomplete;
  }

  /** Deliveries still missing for events sent so far. */
  missingDeliveries(): number {
    let missing = 0;
    for (const event of this.remaining.values()) missing += event.left;
    return missing;
  }
}

/** Fires events with `fire(k, body)`; for the two load shapes below. */
export type Fire = (k: number, sentAt: number) => void;

/**
 * Closed loop: keeps `window` events in flight (an event is done when every subscriber has it) for
 * `durationMs`, then drains. Deliveries/s counts deliveries received inside the window.
 */
export async function saturate(tracker: EventTracker, fire: Fire, durationMs: number, window: number) {
  let k = 0;
  const start = performance.now();
  tracker.windowStart = start;
  tracker.windowEnd = start + durationMs;
  while (performance.now() < tracker.windowEnd) {
    while (tracker.outstanding < window && performance.now() < tracker.windowEnd) {
      const sentAt = performance.now();
      tracker.sent(k, sentAt);
      fire(k++, sentAt);
    }
    await tracker.nextCompletion(20);
  }
  const seconds = durationMs / 1000;
  const drained = await tracker.drain(15_000);
  const missing = tracker.missingDeliveries();
  tracker.closeIncomplete();
  return {
    events: tracker.sentEvents,
    eventsPerSecond: tracker.windowDeliveries / tracker.expected / seconds,
    deliveriesPerSecond: tracker.windowDeliveries / seconds,
    drained,
    missing,
  };
}

/**
 * Open loop at `rate` events/s for `durationMs`: event k is due at start + k/rate and its body
 * carries that scheduled time, so a late sender or a stalled server shows up as latency instead of
 * silently lowering the rate (no coordinated omission). Sending stops early when `abortIf` names a
 * reason (the system is clearly not keeping up). Then drains for up to `drainMs`.
 */
export async function fixedRate(
  tracker: EventTracker,
  fire: Fire,
  rate: number,
  durationMs: number,
  options: { drainMs: number; abortIf?: () => string | null },
) {
  const start = performance.now() + 5;
  const total = Math.max(1, Math.round((rate * durationMs) / 1000));
  tracker.windowStart = start;
  tracker.windowEnd = start + durationMs;
  let k = 0;
  let aborted: string | null = null;
  while (k < total) {
    const now = performance.now();
    while (k < total && start + (k * 1000) / rate <= now) {
      const scheduled = start + (k * 1000) / rate;
      tracker.sendLag.recordMs(now - scheduled);
      tracker.sent(k, scheduled);
      fire(k++, scheduled);
    }
    aborted = options.abortIf?.() ?? null;
    if (aborted) break;
    if (k < total) await sleep(Math.max(0, Math.min(5, start + (k * 1000) / rate - performance.now())));
  }
  const sendSeconds = (performance.now() - start) / 1000;
  const drained = await tracker.drain(options.drainMs);
  const missing = tracker.missingDeliveries();
  const incompleteEvents = tracker.closeIncomplete();
  return {
    incompleteEvents,
    events: k,
    planned: total,
    achievedRate: k / Math.max(sendSeconds, aborted ? 0.001 : durationMs / 1000),
    aborted,
    drained,
    missing,
  };
}
