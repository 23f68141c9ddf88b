import type { Logger } from 'pino';
import type { Db } from '../platform/db/database.js';
import type { Presence, PresenceChange, PresenceStore } from '../features/presence/presence-store.js';
import type { AppPubSub } from '../features/topics.js';
import { PresenceFanout } from './presence-fanout.js';
import { SocketCounts } from './socket-counts.js';

/**
 * This instance's part in presence. It counts the signed-in graphql-ws sockets of each user here
 * (socket-sessions.ts reports them), tells the store of a user's first and last socket, and
 * publishes on the `presence` topic the changes the store reports (from here or found by its
 * sweeps), so that every instance's subscribers (`fanout`) hear them.
 */
export class PresenceHub {
  readonly fanout: PresenceFanout;
  private readonly sockets = new SocketCounts();
  /** Store updates not answered yet: a stop waits for them, so their changes are still published. */
  private readonly inFlight = new Set<Promise<void>>();
  private stopped = false;

  constructor(
    db: Db,
    private readonly pubsub: AppPubSub,
    private readonly store: PresenceStore,
    private readonly logger: Logger,
  ) {
    this.fanout = new PresenceFanout(db, pubsub, logger);
  }

  /** Registers this instance with the store. */
  async start(): Promise<void> {
    await this.store.start({ localUsers: () => this.sockets.users(), onChanges: (changes) => this.announce(changes) });
  }

  /** A signed-in graphql-ws socket of the user opened here. */
  socketOpened(userId: string): void {
    if (this.sockets.open(userId) && !this.stopped) this.update(this.store.connect(userId));
  }

  /** One of the user's sockets here closed (called once per socket opened). */
  socketClosed(userId: string): void {
    if (this.sockets.close(userId) && !this.stopped) this.update(this.store.disconnect(userId));
  }

  /** The presence of each of `userIds`, whoever asks (visibility is the caller's: presence.service.ts). */
  read(userIds: readonly string[]): Promise<Map<string, Presence>> {
    return this.store.read(userIds);
  }

  /**
   * After the sockets have closed, before pub/sub closes: the store's updates are finished and this
   * instance leaves it, its users going offline unless another instance holds them.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.inFlight);
    this.announce(await this.store.stop());
  }

  /** Sockets counted here (for tests that every path counts a closed socket out). */
  socketCount(): number {
    return this.sockets.size();
  }

  private update(result: Promise<PresenceChange | null>) {
    const done = result.then(
      (change) => {
        if (change) this.announce([change]);
      },
      (err: unknown) => this.logger.warn({ err }, 'presence update failed'),
    );
    this.inFlight.add(done);
    void done.finally(() => this.inFlight.delete(done));
  }

  private announce(changes: readonly PresenceChange[]) {
    for (const change of changes) this.pubsub.publish('presence', 'all', change);
  }
}
