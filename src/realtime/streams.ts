import type { Db } from '../platform/db/database.js';
import { findResumePoint, readMessagesFromSeq, type Message } from '../features/messages/messages.repository.js';
import {
  isMessageEvent,
  type MembershipEvent,
  type ReadReceipt,
  type ReadSignal,
  type RoomEvent,
  type TypingSignal,
} from '../features/rooms/room-events.js';
import { requireSendable } from '../features/rooms/rooms.service.js';
import { badInput, notFound } from '../platform/errors.js';
import { LiveStream, type StreamControl, type StreamSetup } from './live-stream.js';
import type { InboxEvent, InboxHub, InboxSink } from './inbox-hub.js';
import type { RoomHubs, RoomListener } from './room-hub.js';
import type { SubscriptionQuota } from './subscription-quota.js';

interface StreamDeps {
  db: Db;
  roomHubs: RoomHubs;
  subscriptionQuota: SubscriptionQuota;
}

/**
 * Just what a stream uses: a stream lives as long as its subscription, and holding the whole
 * request context would keep that request's caches alive with it.
 */
const streamDeps = ({ db, roomHubs, subscriptionQuota }: StreamDeps): StreamDeps => ({
  db,
  roomHubs,
  subscriptionQuota,
});

/**
 * One subscriber of a room's hub: a stream of a member. It holds one of the viewer's slots for the
 * room (subscription-quota.ts) from before it joins until it ends, however it ends, and checks
 * membership once joined, so a member removed a moment later still sees the stream end (the hub
 * ends it at the removal). State lives in fields rather than closures: a server holds one per
 * subscription, tens of thousands of them.
 */
abstract class RoomStream<T> implements RoomListener {
  constructor(
    protected readonly db: Db,
    readonly viewerId: string,
    protected readonly roomId: string,
    protected readonly stream: StreamControl<T>,
  ) {}

  abstract event(event: RoomEvent): void;

  end(error?: unknown): void {
    this.stream.stop(error);
  }

  /** Lets go of what the listener holds besides its hub place (timers); called however it ends. */
  release(): void {}

  /** Runs before any event: the membership check, and for a resume, the replay. */
  async start(_firstSeq: number): Promise<void> {
    await requireSendable(this.db, this.viewerId, this.roomId);
  }

  /** The LiveStream of a listener made by `make`, on the room's hub. */
  static open<T>(
    deps: StreamDeps,
    viewerId: string,
    roomId: string,
    /** Given `db` from the narrowed deps: a closure over the caller's own `deps` would keep the request context. */
    make: (stream: StreamControl<T>, db: Db) => RoomStream<T>,
  ): LiveStream<T> {
    deps = streamDeps(deps); // not the whole request context: a stream outlives its request
    return new LiveStream<T>(async (stream): Promise<StreamSetup> => {
      const release = deps.subscriptionQuota.acquire(viewerId, roomId);
      try {
        const listener = make(stream, deps.db);
        const firstSeq = await deps.roomHubs.join(roomId, listener);
        return {
          unsubscribe: [() => deps.roomHubs.leave(roomId, listener), () => listener.release(), release],
          start: () => listener.start(firstSeq),
        };
      } catch (err) {
        release();
        throw err;
      }
    });
  }
}

/**
 * New messages of a room, in order, each exactly once, for a member (NOT_FOUND otherwise). With
 * `afterId` (a message of the room), first replays what the room received after it, then
 * continues live. Live messages come from the room's hub, already in order with gaps filled;
 * joining it comes before the replay query, so nothing committed in between is missed, and
 * repeats are dropped by the message's seq.
 */
export function messageAddedStream(
  deps: StreamDeps,
  viewerId: string,
  roomId: string,
  afterId: string | null,
): LiveStream<Message> {
  return RoomStream.open<Message>(
    deps,
    viewerId,
    roomId,
    (stream, db) => new MessageAddedListener(db, viewerId, roomId, stream, afterId),
  );
}

class MessageAddedListener extends RoomStream<Message> {
  /** The message seq this subscriber gets next (null: whatever comes first). */
  private nextSeq: number | null = null;

  constructor(
    db: Db,
    viewerId: string,
    roomId: string,
    stream: StreamControl<Message>,
    private readonly afterId: string | null,
  ) {
    super(db, viewerId, roomId, stream);
  }

  override async start(): Promise<void> {
    const { db, viewerId, roomId, afterId } = this;
    await requireSendable(db, viewerId, roomId);
    if (afterId === null) return;
    const resume = await findResumePoint(db, viewerId, roomId, afterId);
    if (!resume) throw notFound('Room');
    if (resume.afterSeq === null) throw badInput('after', 'after is not a message of this room.');
    this.nextSeq = resume.afterSeq + 1;
    await this.catchUp(this.nextSeq);
  }

  event(event: RoomEvent): void {
    if (event.kind === 'MESSAGE_ADDED') this.stream.run(() => this.deliver(event.message));
  }

  private deliver(message: Message): Promise<void> | void {
    const next = this.nextSeq ?? message.seq;
    if (message.seq < next) return; // already delivered by the replay
    if (message.seq === next) {
      this.stream.push(message);
      this.nextSeq = message.seq + 1;
      return;
    }
    // The hub is contiguous from where this stream joined it, so this should not happen; if it
    // does, the database has what is missing.
    return this.catchUp(next);
  }

  /** Reads what the stream has not had yet from the database (the replay). */
  private async catchUp(fromSeq: number) {
    for await (const batch of readMessagesFromSeq(this.db, this.roomId, fromSeq)) {
      if (this.stream.isEnded()) return; // the subscriber has gone: read no further
      for (const message of batch) {
        this.stream.push(message);
        this.nextSeq = message.seq + 1;
      }
      await this.stream.drained(); // read the next batch once this one has gone out
    }
  }
}

/** Changes to a room's messages (edits, deletions, reactions, pins), live, for as long as the viewer is a member. */
export function messageUpdatedStream(deps: StreamDeps, viewerId: string, roomId: string): LiveStream<Message> {
  return RoomStream.open<Message>(
    deps,
    viewerId,
    roomId,
    (stream, db) => new MessageUpdatedListener(db, viewerId, roomId, stream),
  );
}

class MessageUpdatedListener extends RoomStream<Message> {
  event(event: RoomEvent): void {
    if (isMessageEvent(event) && event.kind !== 'MESSAGE_ADDED') this.stream.run(() => this.stream.push(event.message));
  }
}

export interface TypingEvent {
  roomId: string;
  userId: string;
  typing: boolean;
  expiresAt: Date | null;
}

/**
 * Who is typing in a room, except the viewer. Each typing signal lasts until its expiry; the
 * stream itself reports `typing: false` when it lapses, or when that user's message arrives.
 */
export function typingStream(deps: StreamDeps, viewerId: string, roomId: string): LiveStream<TypingEvent> {
  return RoomStream.open<TypingEvent>(
    deps,
    viewerId,
    roomId,
    (stream, db) => new TypingListener(db, viewerId, roomId, stream),
  );
}

class TypingListener extends RoomStream<TypingEvent> {
  /** Who is typing: when their signal was sent, and the timer that lapses it. */
  private readonly typists = new Map<string, { sentAt: number; timer: NodeJS.Timeout }>();
  /**
   * Per user, the time a signal must be newer than: their latest message, or the signal that
   * lapsed. A signal kept through a Redis outage may arrive after the message it preceded, and
   * arrives more than once (pubsub.ts resends it): both are dropped.
   */
  private readonly staleBefore = new Map<string, number>();

  typing(signal: TypingSignal): void {
    const { userId, sentAt, expiresAt } = signal;
    if (userId === this.viewerId || expiresAt <= Date.now()) return;
    if (sentAt <= (this.typists.get(userId)?.sentAt ?? this.staleBefore.get(userId) ?? 0)) return;
    clearTimeout(this.typists.get(userId)?.timer);
    const timer = setTimeout(() => this.lapse(userId), expiresAt - Date.now());
    this.typists.set(userId, { sentAt, timer });
    const event = { roomId: this.roomId, userId, typing: true, expiresAt: new Date(expiresAt) };
    this.stream.run(() => this.stream.push(event));
  }

  event(event: RoomEvent): void {
    if (event.kind !== 'MESSAGE_ADDED') return;
    const { senderId } = event.message;
    const sentAt = event.message.createdAt.getTime();
    this.staleBefore.set(senderId, Math.max(this.staleBefore.get(senderId) ?? 0, sentAt));
    // Not a signal sent after the message (it reached us first while the message waited on a gap).
    if ((this.typists.get(senderId)?.sentAt ?? 0) <= sentAt) this.lapse(senderId);
  }

  private lapse(userId: string) {
    const typist = this.typists.get(userId);
    if (!typist) return;
    clearTimeout(typist.timer);
    this.typists.delete(userId);
    this.staleBefore.set(userId, Math.max(this.staleBefore.get(userId) ?? 0, typist.sentAt));
    this.stream.run(() => this.stream.push({ roomId: this.roomId, userId, typing: false, expiresAt: null }));
  }

  override release(): void {
    for (const { timer } of this.typists.values()) clearTimeout(timer);
    this.typists.clear();
  }
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

/** Other members' read positions as they move, in batches per room (read-receipts.ts), for as long as the viewer is a member. */
export function readReceiptsStream(deps: StreamDeps, viewerId: string, roomId: string): LiveStream<ReadReceipt> {
  return RoomStream.open<ReadReceipt>(
    deps,
    viewerId,
    roomId,
    (stream, db) => new ReadReceiptsListener(db, viewerId, roomId, stream),
  );
}

class ReadReceiptsListener extends RoomStream<ReadReceipt> {
  /**
   * The position last delivered per member. Instances gather and publish on timers of their own,
   * so a member's later position can overtake an earlier one between instances: that one is
   * dropped, and a member's position only ever moves forward here, as it does in the database.
   */
  private readonly delivered = new Map<string, bigint>();

  event(): void {}

  read(signal: ReadSignal): void {
    // The receipt objects are the same for every subscriber here, so their execution is shared.
    for (const receipt of signal.receipts) {
      if (receipt.userId === this.viewerId) continue;
      const position = BigInt(receipt.messageId);
      if (position <= (this.delivered.get(receipt.userId) ?? 0n)) continue;
      this.delivered.set(receipt.userId, position);
      this.stream.run(() => this.stream.push(receipt));
    }
  }
}

/** Changes to a room's members, roles, name or topic, in the room's order, for as long as the viewer is a member. */
export function roomUpdatedStream(deps: StreamDeps, viewerId: string, roomId: string): LiveStream<MembershipEvent> {
  return RoomStream.open<MembershipEvent>(
    deps,
    viewerId,
    roomId,
    (stream, db) => new RoomUpdatedListener(db, viewerId, roomId, stream),
  );
}

class RoomUpdatedListener extends RoomStream<MembershipEvent> {
  event(event: RoomEvent): void {
    if (!isMessageEvent(event) && event.kind !== 'DIRECT_ROOM_SUSPENDED') {
      this.stream.run(() => this.stream.push(event));
    }
  }
}
