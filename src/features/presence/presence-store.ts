/** Whether a user holds a socket anywhere, and since when they do not. */
export interface Presence {
  online: boolean;
  /** When the user last went offline; null while online, or when they were never seen offline. */
  lastSeenAt: Date | null;
}

/**
 * A user came online or went offline everywhere: what the `presence` topic carries (keyed 'all',
 * so every instance hears every change). `version` grows with each change of one user, across
 * instances: a change overtaken by a later one on its way (published by another instance) is
 * recognised and dropped.
 */
export interface PresenceChange {
  userId: string;
  online: boolean;
  /** Milliseconds since the epoch when offline; null when online. */
  lastSeenAt: number | null;
  version: number;
}

/** What a store calls back with while it runs (see PresenceStore.start). */
export interface PresenceStoreHooks {
  /** The users holding at least one socket on this instance, now. */
  localUsers: () => string[];
  /** Changes the store found by itself: another instance's users gone with it, a re-registration. */
  onChanges: (changes: PresenceChange[]) => void;
}

/**
 * Where presence lives: which instances hold each user, and when each was last seen. It is told
 * only of a user's first socket and last socket on this instance (realtime/presence-hub.ts counts
 * the rest), in the order they happen; it answers with the change everyone must hear, if any.
 * Nothing here writes to PostgreSQL: connections come and go far too often for that.
 */
export interface PresenceStore {
  start(hooks: PresenceStoreHooks): Promise<void>;
  /** The user's first socket on this instance; the change when they were offline everywhere. */
  connect(userId: string): Promise<PresenceChange | null>;
  /** The user's last socket on this instance closed; the change when no instance holds them now. */
  disconnect(userId: string): Promise<PresenceChange | null>;
  /** The presence of each of `userIds` (every one of them has an entry). */
  read(userIds: readonly string[]): Promise<Map<string, Presence>>;
  /** This instance leaves: the changes of the users it alone held (to publish before pub/sub closes). */
  stop(): Promise<PresenceChange[]>;
}

/**
 * Presence for a single instance (no REDIS_URL): the users with a socket here are those online.
 * What it remembers lasts as long as the process.
 */
export class MemoryPresenceStore implements PresenceStore {
  private readonly online = new Set<string>();
  private readonly lastSeen = new Map<string, number>();
  private version = 0;

  async start(): Promise<void> {}

  async connect(userId: string): Promise<PresenceChange | null> {
    if (this.online.has(userId)) return null;
    this.online.add(userId);
    return { userId, online: true, lastSeenAt: null, version: ++this.version };
  }

  async disconnect(userId: string): Promise<PresenceChange | null> {
    if (!this.online.delete(userId)) return null;
    const lastSeenAt = Date.now();
    this.lastSeen.set(userId, lastSeenAt);
    return { userId, online: false, lastSeenAt, version: ++this.version };
  }

  async read(userIds: readonly string[]): Promise<Map<string, Presence>> {
    const presence = new Map<string, Presence>();
    for (const userId of userIds) {
      const online = this.online.has(userId);
      const seen = this.lastSeen.get(userId);
      presence.set(userId, { online, lastSeenAt: online || seen === undefined ? null : new Date(seen) });
    }
    return presence;
  }

  /** The whole deployment stops with this instance: nobody is left to tell. */
  async stop(): Promise<PresenceChange[]> {
    return [];
  }
}
