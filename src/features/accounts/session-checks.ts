import { LRUCache } from 'lru-cache';
import type { Db } from '../../platform/db/database.js';
import type { AppPubSub } from '../topics.js';
import { isSessionActive } from './sessions.repository.js';

/** How long a session found live is trusted without asking the database again. */
export const SESSION_CHECK_TTL_MS = 10_000;
const MAX_CACHED_SESSIONS = 50_000;

/**
 * "Is this session still live?" for every authenticated request, answered from memory when the
 * database said yes less than SESSION_CHECK_TTL_MS ago. Revocation still takes effect at once:
 * the instance that revokes forgets the session before answering, and every other instance
 * forgets it on the `session.revoked` event. While pub/sub is down (events may be lost) every
 * request asks the database, and what was cached before the connection dropped is forgotten.
 */
export class SessionChecks {
  private readonly live = new LRUCache<string, true>({ max: MAX_CACHED_SESSIONS, ttl: SESSION_CHECK_TTL_MS });
  /** Bumped by every revocation: a database answer read before one is not cached. */
  private revocations = 0;
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly db: Db,
    private readonly pubsub: AppPubSub,
  ) {}

  async start(): Promise<void> {
    this.unsubscribe = await this.pubsub.subscribe('session.revoked', 'all', ({ sessionId }) => this.forget(sessionId));
    // Revocations announced while the connection was down are lost: trust nothing from before.
    this.pubsub.onDisconnect(() => {
      this.revocations += 1;
      this.live.clear();
    });
  }

  stop(): void {
    this.unsubscribe?.();
  }

  async isActive(sessionId: string): Promise<boolean> {
    const trusted = this.pubsub.isConnected();
    if (trusted && this.live.has(sessionId)) return true;
    const revocationsBefore = this.revocations;
    const active = await isSessionActive(this.db, sessionId);
    if (active && trusted && this.revocations === revocationsBefore) this.live.set(sessionId, true);
    return active;
  }

  /** The session was revoked: the next check asks the database. */
  forget(sessionId: string): void {
    this.revocations += 1;
    this.live.delete(sessionId);
  }
}
