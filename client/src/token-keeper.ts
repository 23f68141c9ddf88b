import { backoffDelay } from './backoff.js';
import { tokenExpiresAt, tokenIssuedAt } from './jwt.js';
import { isStale, refreshDelay } from './refresh-schedule.js';
import { later, type Timer } from './timers.js';
import type { BackoffPolicy, TokenSource } from './types.js';

const SKEW_NOISE_MS = 5_000;

/**
 * Hands out access tokens: refreshes one before it expires (on a timer from its `exp`), on demand
 * when one was rejected, and only once at a time (the refresh token rotates: two refreshes at once
 * would look like a stolen token to the server).
 */
export class TokenKeeper {
  private inflight: Promise<string | null> | null = null;
  private timer: Timer | undefined;
  private scheduledFor: string | null = null;
  private failures = 0;
  private disposed = false;
  /** How far this clock runs ahead of the server's, learnt from fresh tokens (`iat`). */
  private skewMs = 0;

  constructor(
    private readonly source: TokenSource,
    private readonly refreshBeforeMs: number,
    private readonly backoff: BackoffPolicy,
  ) {
    const token = source.accessToken();
    if (token !== null) this.schedule(token);
  }

  /** The token to send now (refreshed first if about to expire), or null when signed out. Never rejects. */
  async valid(): Promise<string | null> {
    const token = this.source.accessToken();
    if (token === null) return null;
    if (!isStale(this.expiresAt(token), Date.now())) {
      this.schedule(token);
      return token;
    }
    // Offline: send the old one and let the server say no; the caller retries later.
    return this.refreshIfCurrent(token).catch(() => token);
  }

  /** A token other than `rejected`: the current one if it already changed, else a refreshed one. */
  async refreshIfCurrent(rejected: string | null): Promise<string | null> {
    const token = this.source.accessToken();
    if (token !== null && token !== rejected && !isStale(this.expiresAt(token), Date.now())) {
      this.schedule(token);
      return token;
    }
    return this.refresh();
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
  }

  private refresh(): Promise<string | null> {
    this.inflight ??= Promise.resolve()
      .then(() => this.source.refresh())
      .then((token) => {
        if (token !== null) {
          this.learnSkew(token);
          this.schedule(token);
        }
        return token;
      })
      .finally(() => (this.inflight = null));
    return this.inflight;
  }

  /** Arms the timer that refreshes `token` ahead of its expiry (once per token). */
  private schedule(token: string): void {
    if (this.disposed || token === this.scheduledFor) return;
    const expiresAt = this.expiresAt(token);
    if (expiresAt === null) return;
    this.scheduledFor = token;
    this.failures = 0;
    clearTimeout(this.timer);
    this.timer = later(refreshDelay(expiresAt, Date.now(), this.refreshBeforeMs), () => this.onTimer(token));
  }

  /** When a token expires by this clock. */
  private expiresAt(token: string): number | null {
    const expiresAt = tokenExpiresAt(token);
    return expiresAt === null ? null : expiresAt + this.skewMs;
  }

  /**
   * A token just issued tells how far this clock is off the server's: without that, a clock ahead
   * by more than a token's life would see every new token expired, and refresh in a loop.
   */
  private learnSkew(token: string): void {
    const issuedAt = tokenIssuedAt(token);
    if (issuedAt === null) return;
    const skew = Date.now() - issuedAt;
    // `iat` is in whole seconds and the answer took a while to come: smaller offsets are noise.
    this.skewMs = Math.abs(skew) > SKEW_NOISE_MS ? skew : 0;
  }

  private onTimer(token: string): void {
    if (this.disposed) return;
    this.refreshIfCurrent(token).then(
      () => (this.failures = 0),
      // Offline: try again with backoff (requests refresh on their own meanwhile).
      () => {
        if (this.disposed) return;
        this.timer = later(backoffDelay(this.failures++, this.backoff), () => this.onTimer(token));
      },
    );
  }
}
