import type { Db } from '../db/database.js';
import { findResumePoint, readMessagesFromSeq, type Message } from '../domain/messages.js';
import { requireSendable } from '../domain/rooms.js';
import { badInput, notFound } from '../errors.js';
import { fromWireMessage, type PubSub, type TopicEvents } from '../pubsub.js';
import { LiveStream, type StreamControl } from './live-stream.js';
import type { FeedListener, RoomFeeds } from './room-feeds.js';

interface StreamDeps {
  db: Db;
  pubsub: PubSub;
  roomFeeds: RoomFeeds;
}

/**
 * Just what a stream uses: a stream lives as long as its subscription, and holding the whole
 * request context would keep that request's caches alive with it.
 */
const streamDeps = ({ db, pubsub, roomFeeds }: StreamDeps): StreamDeps => ({ db, pubsub, roomFeeds });

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
  const { db, roomFeeds } = deps; // not the whole request context: a stream outlives its request
  return new LiveStream<Message>(async (stream) => {
    const listener = new MessageAddedListener(db, viewerId, roomId, stream);
    const firstSeq = await roomFeeds.join(roomId, listener);
    return {
      unsubscribe: [() => roomFeeds.leave(roomId, listener)],
      // Checked here, with the feed already live, so a member removed a moment later still sees
      // the stream end.
      start: () => listener.start(afterId, firstSeq),
    };
  });
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
  return new LiveStream<Message>(async (stream) => {
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
  });
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
  return new LiveStream<TypingEvent>(async (stream) => {
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
  });
}

export type InboxEvent =
  | { kind: 'MESSAGE_ADDED'; roomId: string; message: Message }
  | { kind: 'ROOM_ADDED' | 'ROOM_REMOVED'; roomId: string; message: null };

/**
 * The viewer's activity across all their rooms: new messages anywhere, rooms joined and left.
 * It follows every room the viewer is in, and picks up rooms added while it runs.
 */
export function inboxStream(
  deps: StreamDeps,
  viewerId: string,
  listRoomIds: () => Promise<string[]>,
): LiveStream<InboxEvent> {
  deps = streamDeps(deps);
  return new LiveStream<InboxEvent>(async (stream) => {
    const rooms = new Map<string, Promise<() => void>>();
    const follow = (roomId: string) => {
      if (rooms.has(roomId)) return;
      const followed = deps.pubsub.subscribe('room.messages', roomId, (event) => {
        if (event.type === 'ADDED') {
          const message = fromWireMessage(event.message);
          stream.run(() => stream.push({ kind: 'MESSAGE_ADDED', roomId, message }));
        }
      });
      // An inbox that cannot follow one of its rooms would miss its messages: it ends with the
      // failure (SERVICE_UNAVAILABLE), also for a room added while it runs, where nobody awaits this.
      followed.catch((err: unknown) => stream.stop(err));
      rooms.set(roomId, followed);
    };
    const unfollow = (roomId: string) => {
      // A subscription that failed to start has nothing to undo (the setup reports the failure).
      rooms.get(roomId)?.then(
        (off) => off(),
        () => {},
      );
      rooms.delete(roomId);
    };
    const unsubscribe = [
      await deps.pubsub.subscribe('user.rooms', viewerId, (event) => {
        if (event.type === 'ADDED') follow(event.roomId);
        else unfollow(event.roomId);
        stream.run(() =>
          stream.push({
            kind: event.type === 'ADDED' ? 'ROOM_ADDED' : 'ROOM_REMOVED',
            roomId: event.roomId,
            message: null,
          }),
        );
      }),
      () => [...rooms.keys()].forEach(unfollow),
    ];
    // Part of the setup, so the stream follows every room before it is handed out (see `listening`).
    try {
      for (const roomId of await listRoomIds()) follow(roomId);
      await Promise.all(rooms.values());
    } catch (err) {
      for (const off of unsubscribe) off();
      throw err;
    }
    return { unsubscribe, start: async () => {} };
  });
}
