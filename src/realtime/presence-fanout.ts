import { LRUCache } from 'lru-cache';
import type { Logger } from 'pino';
import type { Db } from '../platform/db/database.js';
import { PubSubUnavailableError } from '../platform/broker/pubsub.js';
import type { AppPubSub } from '../features/topics.js';
import type { Presence, PresenceChange } from '../features/presence/presence-store.js';
import { presencePeersAmong } from '../features/presence/presence.repository.js';
import { LiveStream } from './live-stream.js';
import type { SubscriptionQuota } from './subscription-quota.js';

/** What a `presence` subscriber receives. */
export interface PresenceEvent {
  userId: string;
  presence: Presence;
}

/** Where one presence subscription's events go. */
export interface PresenceSink {
  push(event: PresenceEvent): void;
  /** Who may see a change could not be read: the subscription ends, and its client subscribes again. */
  fail(error: unknown): void;
}

/** Changes waiting for their audience to be read, at most; beyond, changes are dropped (and logged). */
const MAX_PENDING_CHANGES = 10_000;
/** Users whose latest change version is remembered, to drop a change overtaken by a later one. */
const VERSIONS_REMEMBERED = 100_000;

/** This instance's subscription to the `presence` topic, held while it has subscribers. */
interface Channel {
  /** Settles once the subscription is live (or failed). */
  ready: Promise<void>;
  unsubscribe: (() => void) | null;
  closed: boolean;
}

interface PendingChange {
  event: PresenceEvent;
  /** Set once read: the local subscribers who may see it. */
  audience: Set<string> | null;
  failure: { error: unknown; candidates: string[] } | null;
}

/**
 * The `presence` subscribers of this instance, by viewer. The instance listens to the `presence`
 * topic (every change, from every instance) only while it has subscribers. Each change costs one
 * statement, whatever the number of subscribers: which of the viewers subscribed here may see
 * that user. Changes reach the subscribers in the order they were heard, and every subscriber gets
 * the same event object, so the result is executed once for all of them that share a document
 * (shared-execution.ts).
 */
export class PresenceFanout {
  private readonly subscribers = new Map<string, Set<PresenceSink>>();
  private readonly pending: PendingChange[] = [];
  private readonly versions = new LRUCache<string, number>({ max: VERSIONS_REMEMBERED });
  private channel: Channel | null = null;

  constructor(
    private readonly db: Db,
    private readonly pubsub: AppPubSub,
    private readonly logger: Logger,
  ) {
    // Changes published while Redis was away reached nobody: the subscriptions end (clients are
    // told to subscribe again, and read presence afresh) rather than show a stale state for good.
    pubsub.onReconnect(() => this.failAll(new PubSubUnavailableError('presence changes may have been missed')));
  }

  /**
   * Adds a subscriber; resolves once it hears every change published from then on, with the
   * function that removes it (idempotent). Rejects, having removed it, if the topic cannot be heard.
   */
  async attach(viewerId: string, sink: PresenceSink): Promise<() => void> {
    let sinks = this.subscribers.get(viewerId);
    if (!sinks) this.subscribers.set(viewerId, (sinks = new Set()));
    sinks.add(sink);
    const detach = () => {
      if (!sinks.delete(sink)) return;
      if (sinks.size === 0 && this.subscribers.get(viewerId) === sinks) this.subscribers.delete(viewerId);
      if (this.subscribers.size === 0) this.closeChannel();
    };
    try {
      await this.openChannel();
    } catch (err) {
      detach();
      throw err;
    }
    return detach;
  }

  /** A change heard on the topic: told to the subscribers here who may see its user. */
  private deliver(change: PresenceChange): void {
    if (!this.isLatest(change)) return;
    const candidates = [...this.subscribers.keys()].filter((id) => id !== change.userId);
    if (candidates.length === 0) return;
    if (this.pending.length >= MAX_PENDING_CHANGES) {
      this.logger.warn({ userId: change.userId }, 'presence change dropped: too many waiting for the database');
      return;
    }
    const { userId, online, lastSeenAt } = change;
    const event = { userId, presence: { online, lastSeenAt: lastSeenAt === null ? null : new Date(lastSeenAt) } };
    const entry: PendingChange = { event, audience: null, failure: null };
    this.pending.push(entry);
    presencePeersAmong(this.db, userId, candidates)
      .then(
        (audience) => void (entry.audience = audience),
        (error: unknown) => void (entry.failure = { error, candidates }),
      )
      .finally(() => this.flush());
  }

  /** Subscribers in all, for tests that every path removes them. */
  size(): number {
    let total = 0;
    for (const sinks of this.subscribers.values()) total += sinks.size;
    return total;
  }

  private openChannel(): Promise<void> {
    if (this.channel) return this.channel.ready;
    const channel: Channel = { ready: Promise.resolve(), unsubscribe: null, closed: false };
    // A channel closed and opened again quickly has two handlers for a moment: only the current one delivers.
    const onChange = (change: PresenceChange) => {
      if (this.channel === channel) this.deliver(change);
    };
    channel.ready = this.pubsub.subscribe('presence', 'all', onChange).then(
      (unsubscribe) => {
        if (channel.closed) unsubscribe();
        else channel.unsubscribe = unsubscribe;
      },
      (err: unknown) => {
        if (this.channel === channel) this.channel = null;
        throw err;
      },
    );
    this.channel = channel;
    return channel.ready;
  }

  private closeChannel() {
    const channel = this.channel;
    if (!channel) return;
    this.channel = null;
    channel.closed = true;
    channel.unsubscribe?.();
  }

  private failAll(error: unknown) {
    for (const viewerId of [...this.subscribers.keys()]) this.each(viewerId, (sink) => sink.fail(error));
  }

  /** Delivers the changes at the head of the queue whose audience is known. */
  private flush() {
    for (let head = this.pending[0]; head && (head.audience || head.failure); head = this.pending[0]) {
      this.pending.shift();
      if (head.failure) {
        this.logger.warn({ err: head.failure.error }, 'could not read who sees a presence change');
        for (const id of head.failure.candidates) this.each(id, (sink) => sink.fail(head.failure!.error));
        continue;
      }
      for (const id of head.audience!) this.each(id, (sink) => sink.push(head.event));
    }
  }

  private each(viewerId: string, act: (sink: PresenceSink) => void) {
    const sinks = this.subscribers.get(viewerId);
    if (sinks) for (const sink of [...sinks]) act(sink);
  }

  /** False for a change older than one already heard for its user (overtaken on its way). */
  private isLatest({ userId, version }: PresenceChange): boolean {
    const latest = this.versions.get(userId);
    if (latest !== undefined && latest >= version) return false;
    this.versions.set(userId, version);
    return true;
  }
}

/** The slot a presence subscription takes in SubscriptionQuota, in place of a room id. */
const PRESENCE_QUOTA_KEY = 'presence';

/**
 * Presence changes of the viewer's friends and room-mates, from now on. Holds one of the viewer's
 * subscription slots (subscription-quota.ts) and its place among the subscribers until it ends,
 * however it ends.
 */
export function presenceStream(
  fanout: PresenceFanout,
  subscriptionQuota: SubscriptionQuota,
  viewerId: string,
): LiveStream<PresenceEvent> {
  return new LiveStream<PresenceEvent>(async (stream) => {
    const release = subscriptionQuota.acquire(viewerId, PRESENCE_QUOTA_KEY);
    try {
      const detach = await fanout.attach(viewerId, {
        push: (event) => stream.run(() => stream.push(event)),
        fail: (error) => stream.stop(error),
      });
      return { unsubscribe: [detach, release], start: async () => {} };
    } catch (err) {
      release();
      throw err;
    }
  });
}
