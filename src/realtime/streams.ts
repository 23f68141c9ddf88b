import type { Db } from '../platform/db/database.js';
import { findResumePoint, readMessagesFromSeq, type Message } from '../features/messages/messages.service.js';
import { requireSendable } from '../features/rooms/rooms.service.js';
import { badInput, notFound } from '../platform/errors.js';
import { fromWireMessage, type PubSub, type TopicEvents } from '../platform/broker/pubsub.js';
import { LiveStream, type StreamControl, type StreamSetup } from './live-stream.js';
import type { InboxEvent, InboxHub, InboxSink } from './inbox-hub.js';
import type { FeedListener, RoomFeeds } from './room-feeds.js';
import type { SubscriptionQuota } from './subscription-quota.js';

interface StreamDeps {
  db: Db;
  pubsub: PubSub;
  roomFeeds: RoomFeeds;
  subscriptionQuota: SubscriptionQuota;
}

/**
 * Just what a stream uses: a stream lives as long as its subscription, and holding the whole
 * request context would keep that request's caches alive with it.
 */
const streamDeps = ({ db, pubsub, roomFeeds, subscriptionQuota }: StreamDeps): StreamDeps => ({
  db,
  pubsub,
  roomFeeds,
  subscriptionQuota,
});

/**
 * A room stream's setup holding one of the viewer's slots for the room (subscription-quota.ts)
 * from before it subscribes until it ends, however it ends: a failed setup gives it back at once.
 */
function inRoomSlot<T>(
  deps: StreamDeps,
  viewerId: string,
  roomId: string,
  setup: (stream: StreamControl<T>) => Promise<StreamSetup>,
): (stream: StreamControl<T>) => Promise<StreamSetup> {
  return async (stream) => {
    const release = deps.subscriptionQuota.acquire(viewerId, roomId);
    try {
      const done = await setup(stream);
      return { ...done, unsubscribe: [...done.unsubscribe, release] };
    } catch (err) {
      release();
      throw err;
    }
  };
}

/**
 * Subscribes to several channels at once. If one fails (Redis unreachable), those that succeeded
 * are undone before the failure is thrown: a stream left half subscribed would keep its channels,
 * and itself with them, for good.
 */
async function subscribeAll(subscriptions: Array<Promise<() => void>>): Promise<Array<() => void>> {
  const settled = await Promise.allSettled(subscriptions);
  const offs = settled.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const failed = settled.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failed) {
    for (const off of offs) off();
    throw failed.reason;
  }
  return offs;
}

/** Ends the stream when `viewerId` leaves (or is removed from) the room, or its direct room closes. */
function endOnRemoval(deps: StreamDeps, roomId: string, viewerId: string, stream: { stop(): void }) {
  return deps.pubsub.subscribe('room.members', roomId, (event) => {
    const ends = event.type === 'REMOVED' || event.type === 'SUSPENDED';
    if (ends && event.userIds.includes(viewerId)) stream.stop();
  });
}

/**
 * New messages of a room, in order, each exactly once, for a member (NOT_FOUND otherwise). With
 * `afterId` (a message of the room), first replays what the room received after it, then
 * continues live. Live messages come from the room's shared feed (room-feeds.ts), already in seq
 * order with gaps filled; joining it comes before the replay query, so nothing committed in
 * between is missed, and repeats are dropped by seq. The feed also ends the stream when the viewer
 * leaves the room.
 */
export function messageAddedStream(
  deps: StreamDeps,
  viewerId: string,
  roomId: string,
  afterId: string | null,
): LiveStream<Message> {
  deps = streamDeps(deps); // not the whole request context: a stream outlives its request
  const { db, roomFeeds } = deps;
  return new LiveStream<Message>(
    inRoomSlot(deps, viewerId, roomId, async (stream) => {
      const listener = new MessageAddedListener(db, viewerId, roomId, stream);
      const firstSeq = await roomFeeds.join(roomId, listener);
      return {
        unsubscribe: [() => roomFeeds.leave(roomId, listener)],
        // Checked here, with the feed already live, so a member removed a moment later still sees
        // the stream end.
        start: () => listener.start(afterId, firstSeq),
      };
    }),
  );
}

/**
 * One messageAdded subscriber on its room's feed: its state is fields rather than closures, since
 * a server holds one per subscription (tens of thousands of them).
 */
class MessageAddedListener implements FeedListener {
  /** The seq this subscriber gets next: everything before it was delivered or precedes its start. */
  private nextSeq = 0;

  constructor(
    private readonly db: Db,
    readonly viewerId: string,
    private readonly roomId: string,
    private readonly stream: StreamControl<Message>,
  ) {}

  async start(afterId: string | null, firstSeq: number): Promise<void> {
    const { db, viewerId, roomId } = this;
    await requireSendable(db, viewerId, roomId);
    if (afterId === null) {
      this.nextSeq = firstSeq;
      return;
    }
    const resume = await findResumePoint(db, viewerId, roomId, afterId);
    if (!resume) throw notFound('Room');
    if (resume.afterSeq === null) throw badInput('after', 'after is not a message of this room.');
    this.nextSeq = resume.afterSeq + 1;
    await this.catchUp();
  }

  message(message: Message): void {
    this.stream.run(() => this.deliver(message));
  }

  end(error?: unknown): void {
    this.stream.stop(error);
  }

  private deliver(message: Message): Promise<void> | void {
    if (message.seq < this.nextSeq) return; // already delivered by the replay
    if (message.seq === this.nextSeq) {
      this.stream.push(message);
      this.nextSeq += 1;
      return;
    }
    // The feed is contiguous from where this stream joined it, so this should not happen; if it
    // does, the database has what is missing.
    return this.catchUp();
  }

  /** Reads what the stream has not had yet from the database (the replay). */
  private async catchUp() {
    for await (const batch of readMessagesFromSeq(this.db, this.roomId, this.nextSeq)) {
      if (this.stream.isEnded()) return; // the subscriber has gone: read no further
      for (const message of batch) {
        this.stream.push(message);
        this.nextSeq = message.seq + 1;
      }
      await this.stream.drained(); // read the next batch once this one has gone out
    }
  }
}

/** Edits and deletions of a room's messages, live, for as long as the viewer is a member. */
export function messageUpdatedStream(deps: StreamDeps, viewerId: string, roomId: string): LiveStream<Message> {
  deps = streamDeps(deps);
  return new LiveStream<Message>(
    inRoomSlot(deps, viewerId, roomId, async (stream) => {
      const unsubscribe = await subscribeAll([
        deps.pubsub.subscribe('room.messages', roomId, (event) => {
          if (event.type !== 'ADDED') stream.run(() => stream.push(fromWireMessage(event.message)));
        }),
        endOnRemoval(deps, roomId, viewerId, stream),
      ]);
      return {
        unsubscribe,
        start: async () => {
          await requireSendable(deps.db, viewerId, roomId);
        },
      };
    }),
  );
}

export interface TypingEvent {
  roomId: string;
  userId: string;
  typing: boolean;
  expiresAt: Date | null;
}

/** How long a typing indicator lasts unless renewed. */
export const TYPING_TTL_MS = 5_000;

/**
 * Who is typing in a room, except the viewer. Each typing signal lasts TYPING_TTL_MS; the stream
 * itself reports `typing: false` when it lapses, or when that user's message arrives.
 */
export function typingStream(deps: StreamDeps, viewerId: string, roomId: string): LiveStream<TypingEvent> {
  deps = streamDeps(deps);
  return new LiveStream<TypingEvent>(
    inRoomSlot(deps, viewerId, roomId, async (stream) => {
      const timers = new Map<string, NodeJS.Timeout>();
      const lapse = (userId: string) => {
        const timer = timers.get(userId);
        if (!timer) return;
        clearTimeout(timer);
        timers.delete(userId);
        stream.run(() => stream.push({ roomId, userId, typing: false, expiresAt: null }));
      };
      const onTyping = (event: TopicEvents['room.typing']) => {
        if (event.userId === viewerId) return;
        clearTimeout(timers.get(event.userId));
        timers.set(
          event.userId,
          setTimeout(() => lapse(event.userId), TYPING_TTL_MS),
        );
        const expiresAt = new Date(Date.now() + TYPING_TTL_MS);
        stream.run(() => stream.push({ roomId, userId: event.userId, typing: true, expiresAt }));
      };
      const unsubscribe = await subscribeAll([
        deps.pubsub.subscribe('room.typing', roomId, onTyping),
        deps.pubsub.subscribe('room.messages', roomId, (event) => {
          if (event.type === 'ADDED') lapse(event.message.senderId);
        }),
        endOnRemoval(deps, roomId, viewerId, stream),
      ]);
      unsubscribe.push(() => timers.forEach((timer) => clearTimeout(timer)));
      return {
        unsubscribe,
        start: async () => {
          await requireSendable(deps.db, viewerId, roomId);
        },
      };
    }),
  );
}

export type { InboxEvent } from './inbox-hub.js';

/**
 * The viewer's activity across all their rooms: new messages anywhere (each room in order), rooms
 * joined and left. The instance follows the user's rooms once for all their inbox subscriptions
 * (inbox-hub.ts); the stream is handed out once that covers every room.
 */
export function inboxStream(inboxHub: InboxHub, viewerId: string): LiveStream<InboxEvent> {
  return new LiveStream<InboxEvent>(async (stream) => {
    const sink: InboxSink = {
      push: (event) => stream.run(() => stream.push(event)),
      fail: (error) => stream.stop(error),
    };
    const detach = await inboxHub.attach(viewerId, sink);
    return { unsubscribe: [detach], start: async () => {} };
  });
}
