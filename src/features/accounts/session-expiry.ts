import type { Logger } from 'pino';
import type { Db } from '../../platform/db/database.js';
import { sweepDeadSessions } from './sessions.repository.js';

/** How often dead sessions are swept (more often when refresh tokens live shorter than this). */
const SWEEP_INTERVAL_MS = 60 * 60 * 1000;
/** Sessions looked at per statement: a sweep of a large table never holds one long statement. */
const SWEEP_BATCH = 500;

export interface SessionExpirySettings {
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
}

/**
 * Deletes sessions nobody can use any more, so logins do not pile up rows for ever: revoked ones,
 * and those whose newest refresh token expired. Each is kept for an access-token life (plus the
 * second an expiry is rounded up by) after it died, so no access token it issued is still live.
 * Sweeps on start and then periodically, on an unref'd timer; `stop` waits for a sweep under way.
 */
export class SessionExpiry {
  private timer: NodeJS.Timeout | undefined;
  private sweeping: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly db: Db,
    private readonly settings: SessionExpirySettings,
    private readonly logger: Logger,
  ) {}

  start(): void {
    const interval = Math.min(SWEEP_INTERVAL_MS, this.settings.refreshTokenTtlSeconds * 1000);
    this.timer = setInterval(() => this.sweepInBackground(), interval);
    this.timer.unref();
    this.sweepInBackground();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.sweeping;
  }

  private sweepInBackground(): void {
    if (this.sweeping || this.stopped) return;
    this.sweeping = this.sweep()
      .then((deleted) => {
        if (deleted > 0) this.logger.info({ deleted }, 'expired sessions deleted');
      })
      .catch((err: Error) => this.logger.warn({ err: err.message }, 'session sweep failed; retrying later'))
      .finally(() => (this.sweeping = undefined));
  }

  private async sweep(): Promise<number> {
    const cutoff = new Date(Date.now() - (this.settings.accessTokenTtlSeconds + 1) * 1000);
    let deleted = 0;
    let afterId: string | null = null;
    do {
      const step = await sweepDeadSessions(this.db, cutoff, afterId, SWEEP_BATCH);
      deleted += step.deleted;
      afterId = step.lastId;
    } while (afterId !== null && !this.stopped);
    return deleted;
  }
}
