import DataLoader from 'dataloader';
import type { Logger } from 'pino';
import type { Db } from '../platform/db/database.js';
import { getRoomTipSeqs, readMessagesFromSeq, type Message } from '../features/messages/messages.service.js';
import { fromWireMessage, type PubSub } from '../platform/broker/pubsub.js';

/** How long a feed waits for an event that others overtook before reading it from the database. */
export const GAP_WAIT_MS = 50;

/** Feeds reading what a Redis outage kept from them at the same time (a few of the pool's 20). */
const RECONNECT_CATCH_UP_CONCURRENCY = 4;

export interface FeedListener {
  /** The member it delivers to: the feed ends the listener when they leave the room. */
  readonly viewerId: string;
  message(message: Message): void;
  /**
   * No more messages: the viewer left the room (no error), or the feed could not recover a
   * missing message (the database was unreachable).
   */
  end(error?: unknown): void;
  /**
   * True to go on through a direct room's suspension (its members stopped being friends): the
   * inbox keeps following the room, which comes back to life if they become friends again.
   */
  readonly followsSuspendedRooms?: boolean;
}

interface Feed {
  roomId: string;
  listeners: Set<FeedListener>;
  /** Settles once the feed knows where the room stands (pub/sub live, tip read). */
  ready: Promise<void>;
  /** The seq the feed emits next; every message before it has been emitted or was committed before the feed began. */
  nextSeq: number;
  initialized: boolean;
  /** Events that arrived ahead of a missing one, by seq, waiting for it. */
  early: Map<number, Message>;
  gapTimer: NodeJS.Timeout | undefined;
  catchingUp: boolean;
  /** Read to the room's end once more when the running catch-up is done. */
  catchUpAgain: boolean;
  closed: boolean;
  unsubscribe: Array<() => void>;
}

/**
 * One ordered feed of new messages per room and instance, shared by every subscription to that
 * room here: one pub/sub subscription per room, not per subscriber. Events may arrive out of
 * order (concurrent sends publish a moment apart) or not at all (a Redis outage); the feed puts
 * them in the room's gap-free seq order, waits GAP_WAIT_MS for a missing one, then reads it from
 * the database once for everyone, so each listener gets every message once, in order; after a
 * Redis outage every feed reads what was sent meanwhile. The feed
 * also ends the listeners of members who leave, from one membership subscription per room.
 */
export class RoomFeeds {
  private readonly feeds = new Map<string, Feed>();
  /**
   * Feeds opened together (an inbox joining all its user's rooms) read their tips in one
   * statement: hundreds of rooms must not queue hundreds of reads on the pool.
   */
  private readonly tips = new DataLoader<string, number>(
    async (roomIds) => {
      const tips = await getRoomTipSeqs(this.db, roomIds);
      return roomIds.map((id) => tips.get(id) ?? 0);
    },
    { cache: false, maxBatchSize: 1_000 },
  );

  constructor(
    private readonly db: Db,
    private readonly pubsub: PubSub,
    private readonly logger: Logger,
  ) {
    // Messages sent while Redis was away reached no feed: read them now rather than when the
    // room's next message reveals the gap (which may be never).
    pubsub.onReconnect(() => void this.catchUpAll());
  }

  /** Feeds open now: one per room with subscribers on this instance. */
  get size(): number {
    return this.feeds.size;
  }

  /**
   * Every feed reads what it missed, RECONNECT_CATCH_UP_CONCURRENCY at a time: an instance with
   * thousands of rooms must not queue thousands of reads on its pool at once, where they would
   * time out waiting for a connection.
   */
  private async catchUpAll() {
    const feeds = [...this.feeds.values()];
    const next = async (): Promise<void> => {
      for (let feed = feeds.pop(); feed; feed = feeds.pop()) {
        if (!feed.initialized || feed.closed) continue;
        // One already running may have read past its end before the outage's last messages.
        if (feed.catchingUp) feed.catchUpAgain = true;
        else await this.catchUp(feed);
      }
    };
    await Promise.all(Array.from({ length: RECONNECT_CATCH_UP_CONCURRENCY }, next));
  }

  /**
   * Starts calling `listener` with the room's messages from the returned seq on, contiguously;
   * every message before it was committed before this call returned, so a replay that reads to
   * the end of the room after joining leaves no gap. A removal of `listener.viewerId` from the
   * room from now on ends it. `leave` stops it.
   */
  async join(roomId: string, listener: FeedListener): Promise<number> {
    let feed = this.feeds.get(roomId);
    if (!feed || feed.closed) this.feeds.set(roomId, (feed = this.open(roomId)));
    feed.listeners.add(listener);
    try {
      await feed.ready;
    } catch (err) {
      this.leave(roomId, listener);
      throw err;
    }
    return feed.nextSeq;
  }

  leave(roomId: string, listener: FeedListener): void {
    const feed = this.feeds.get(roomId);
    if (feed?.listeners.delete(listener) && feed.listeners.size === 0) this.close(feed);
  }

  private open(roomId: string): Feed {
    const feed: Feed = {
      roomId,
      listeners: new Set(),
      ready: Promise.resolve(),
      nextSeq: 0,
      initialized: false,
      early: new Map(),
      gapTimer: undefined,
      catchingUp: false,
      catchUpAgain: false,
      closed: false,
      unsubscribe: [],
    };
    feed.ready = (async () => {
      try {
        // Subscribe before reading the tip, so nothing committed in between is missed.
        const subscriptions = [
          this.pubsub.subscribe('room.messages', roomId, (event) => {
            if (event.type === 'ADDED') this.receive(feed, fromWireMessage(event.message));
          }),
          this.pubsub.subscribe('room.members', roomId, (event) => {
            if (event.type !== 'ADDED') this.endRemoved(feed, { type: event.type, userIds: event.userIds });
          }),
        ];
        const settled = await Promise.allSettled(subscriptions);
        for (const result of settled) if (result.status === 'fulfilled') feed.unsubscribe.push(result.value);
        const failed = settled.find((result) => result.status === 'rejected');
        if (failed) throw failed.reason;
        if (feed.closed) return this.close(feed); // everyone left meanwhile: let go of them
        feed.nextSeq = (await this.tips.load(roomId)) + 1;
        feed.initialized = true;
        this.flushEarly(feed);
      } catch (err) {
        this.close(feed);
        throw err;
      }
    })();
    return feed;
  }

  private receive(feed: Feed, message: Message) {
    if (message.seq < feed.nextSeq && feed.initialized) return; // already emitted (or caught up)
    if (message.seq === feed.nextSeq && feed.early.size === 0 && !feed.catchingUp) {
      // The usual case: the next message in order.
      feed.nextSeq += 1;
      return this.emit(feed, message);
    }
    feed.early.set(message.seq, message);
    if (feed.initialized) this.flushEarly(feed);
  }

  private endRemoved(feed: Feed, event: { type: 'REMOVED' | 'SUSPENDED'; userIds: readonly string[] }) {
    for (const listener of feed.listeners) {
      if (!event.userIds.includes(listener.viewerId)) continue;
      if (event.type === 'SUSPENDED' && listener.followsSuspendedRooms) continue;
      this.leave(feed.roomId, listener);
      listener.end();
    }
  }

  private emit(feed: Feed, message: Message) {
    for (const listener of feed.listeners) listener.message(message);
  }

  private flushEarly(feed: Feed) {
    for (const seq of feed.early.keys()) if (seq < feed.nextSeq) feed.early.delete(seq);
    if (feed.catchingUp) return;
    for (let message = feed.early.get(feed.nextSeq); message; message = feed.early.get(feed.nextSeq)) {
      feed.early.delete(feed.nextSeq);
      feed.nextSeq += 1;
      this.emit(feed, message);
    }
    if (feed.early.size > 0 && !feed.gapTimer) {
      feed.gapTimer = setTimeout(() => {
        feed.gapTimer = undefined;
        if (feed.early.size > 0 && !feed.closed) void this.catchUp(feed);
      }, GAP_WAIT_MS);
    }
  }

  /** Reads the messages the feed is missing from the database, once for all its listeners. */
  private async catchUp(feed: Feed): Promise<void> {
    feed.catchingUp = true;
    try {
      for await (const batch of readMessagesFromSeq(this.db, feed.roomId, feed.nextSeq)) {
        for (const message of batch) {
          if (feed.closed) return;
          if (message.seq !== feed.nextSeq) continue; // emitted meanwhile
          feed.nextSeq += 1;
          this.emit(feed, feed.early.get(message.seq) ?? message);
        }
      }
    } catch (err) {
      this.logger.warn({ err, roomId: feed.roomId }, 'room feed could not read missing messages');
      const listeners = [...feed.listeners];
      this.close(feed);
      for (const listener of listeners) listener.end(err);
      return;
    } finally {
      feed.catchingUp = false;
    }
    if (feed.catchUpAgain && !feed.closed) {
      feed.catchUpAgain = false;
      return this.catchUp(feed);
    }
    this.flushEarly(feed);
  }

  /** Also releases pub/sub subscriptions that arrive after the feed closed (they may, while opening). */
  private close(feed: Feed) {
    for (const off of feed.unsubscribe.splice(0)) off();
    if (feed.closed) return;
    feed.closed = true;
    clearTimeout(feed.gapTimer);
    feed.listeners.clear();
    if (this.feeds.get(feed.roomId) === feed) this.feeds.delete(feed.roomId);
  }
}
