import type { Db } from '../db/database.js';
import { getRoomTipSeq, listMessagesFromSeq, type Message } from '../domain/messages.js';
import { isMember } from '../domain/rooms.js';
import { notFound } from '../errors.js';
import { fromWireMessage, type PubSub, type TopicEvents } from '../pubsub.js';
import { LiveStream } from './live-stream.js';

interface StreamDeps {
  db: Db;
  pubsub: PubSub;
}

/**
 * Just what a stream uses: a stream lives as long as its subscription, and holding the whole
 * request context would keep that request's caches alive with it.
 */
const streamDeps = ({ db, pubsub }: StreamDeps): StreamDeps => ({ db, pubsub });

const REPLAY_BATCH = 100;
/** How long a stream waits for an event that others overtook before reading it from the database. */
const GAP_WAIT_MS = 50;

/** Ends the stream when `viewerId` leaves (or is removed from) the room. */
function endOnRemoval(deps: StreamDeps, roomId: string, viewerId: string, stop: () => void) {
  return deps.pubsub.subscribe('room.members', roomId, (event) => {
    if (event.type === 'REMOVED' && event.userIds.includes(viewerId)) stop();
  });
}

/**
 * New messages of a room, in order, each exactly once. With `afterSeq`, first replays what the
 * room received after it, then continues live. Live events are checked against the room's
 * gap-free seq: events that overtook an earlier one wait for it briefly (GAP_WAIT_MS), then the
 * stream reads the missing messages from the database (an event lost in a Redis outage, say);
 * repeats are dropped.
 * Subscribing comes before the replay query, so nothing committed in between is missed.
 */
export function messageAddedStream(
  deps: StreamDeps,
  viewerId: string,
  roomId: string,
  afterSeq: number | null,
): AsyncIterableIterator<Message> {
  deps = streamDeps(deps);
  return new LiveStream<Message>(async ({ push, stop, run, drained }) => {
    let nextSeq = 0;
    // Events that arrived ahead of a missing one, by seq, waiting for it.
    const early = new Map<number, Message>();
    let gapTimer: NodeJS.Timeout | undefined;
    const catchUp = async () => {
      for (;;) {
        const batch = await listMessagesFromSeq(deps.db, roomId, nextSeq, REPLAY_BATCH);
        for (const message of batch) {
          push(message);
          nextSeq = message.seq + 1;
        }
        if (batch.length < REPLAY_BATCH) break;
        await drained(); // read the next batch once this one has gone out
      }
      for (const seq of early.keys()) if (seq < nextSeq) early.delete(seq);
    };
    const flushEarly = () => {
      for (let message = early.get(nextSeq); message; message = early.get(nextSeq)) {
        early.delete(nextSeq);
        push(message);
        nextSeq += 1;
      }
    };
    const deliverLive = (message: Message) => {
      if (message.seq < nextSeq) return; // already delivered by the replay or a catch-up
      if (message.seq === nextSeq && early.size === 0) {
        // The usual case: the next event in order, delivered without further bookkeeping.
        push(message);
        nextSeq += 1;
        return;
      }
      early.set(message.seq, message);
      flushEarly();
      // Concurrent sends often publish a moment out of order: wait briefly for the missing event
      // before paying a database read for it (per subscriber, so this matters at fan-out).
      if (early.size > 0 && !gapTimer) {
        gapTimer = setTimeout(
          () =>
            run(async () => {
              gapTimer = undefined;
              if (early.size > 0) {
                await catchUp();
                flushEarly();
              }
            }),
          GAP_WAIT_MS,
        );
      }
    };

    const unsubscribe = [
      await deps.pubsub.subscribe('room.messages', roomId, (event) => {
        if (event.type === 'ADDED') {
          const message = fromWireMessage(event.message);
          run(() => deliverLive(message));
        }
      }),
      await endOnRemoval(deps, roomId, viewerId, () => stop()),
      () => clearTimeout(gapTimer),
    ];
    return {
      unsubscribe,
      start: async () => {
        // Membership may have ended between the resolver's check and the subscription going live.
        if (!(await isMember(deps.db, viewerId, roomId))) throw notFound('Room');
        if (afterSeq === null) {
          nextSeq = (await getRoomTipSeq(deps.db, roomId)) + 1;
        } else {
          nextSeq = afterSeq + 1;
          await catchUp();
        }
      },
    };
  });
}

/** Edits and deletions of a room's messages, live, for as long as the viewer is a member. */
export function messageUpdatedStream(
  deps: StreamDeps,
  viewerId: string,
  roomId: string,
): AsyncIterableIterator<Message> {
  deps = streamDeps(deps);
  return new LiveStream<Message>(async ({ push, stop, run }) => {
    const unsubscribe = [
      await deps.pubsub.subscribe('room.messages', roomId, (event) => {
        if (event.type !== 'ADDED') run(() => push(fromWireMessage(event.message)));
      }),
      await endOnRemoval(deps, roomId, viewerId, () => stop()),
    ];
    return {
      unsubscribe,
      start: async () => {
        if (!(await isMember(deps.db, viewerId, roomId))) throw notFound('Room');
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
export function typingStream(deps: StreamDeps, viewerId: string, roomId: string): AsyncIterableIterator<TypingEvent> {
  deps = streamDeps(deps);
  return new LiveStream<TypingEvent>(async ({ push, stop, run }) => {
    const timers = new Map<string, NodeJS.Timeout>();
    const lapse = (userId: string) => {
      const timer = timers.get(userId);
      if (!timer) return;
      clearTimeout(timer);
      timers.delete(userId);
      run(() => push({ roomId, userId, typing: false, expiresAt: null }));
    };
    const onTyping = (event: TopicEvents['room.typing']) => {
      if (event.userId === viewerId) return;
      clearTimeout(timers.get(event.userId));
      timers.set(
        event.userId,
        setTimeout(() => lapse(event.userId), TYPING_TTL_MS),
      );
      const expiresAt = new Date(Date.now() + TYPING_TTL_MS);
      run(() => push({ roomId, userId: event.userId, typing: true, expiresAt }));
    };
    const unsubscribe = [
      await deps.pubsub.subscribe('room.typing', roomId, onTyping),
      await deps.pubsub.subscribe('room.messages', roomId, (event) => {
        if (event.type === 'ADDED') lapse(event.message.senderId);
      }),
      await endOnRemoval(deps, roomId, viewerId, () => stop()),
      () => timers.forEach((timer) => clearTimeout(timer)),
    ];
    return {
      unsubscribe,
      start: async () => {
        if (!(await isMember(deps.db, viewerId, roomId))) throw notFound('Room');
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
): AsyncIterableIterator<InboxEvent> {
  deps = streamDeps(deps);
  return new LiveStream<InboxEvent>(async ({ push, run }) => {
    const rooms = new Map<string, Promise<() => void>>();
    const follow = (roomId: string) => {
      if (rooms.has(roomId)) return;
      rooms.set(
        roomId,
        deps.pubsub.subscribe('room.messages', roomId, (event) => {
          if (event.type === 'ADDED') {
            const message = fromWireMessage(event.message);
            run(() => push({ kind: 'MESSAGE_ADDED', roomId, message }));
          }
        }),
      );
    };
    const unfollow = (roomId: string) => {
      // A subscription that failed to start has nothing to undo (start() reports the failure).
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
        run(() =>
          push({
            kind: event.type === 'ADDED' ? 'ROOM_ADDED' : 'ROOM_REMOVED',
            roomId: event.roomId,
            message: null,
          }),
        );
      }),
      () => [...rooms.keys()].forEach(unfollow),
    ];
    return {
      unsubscribe,
      start: async () => {
        for (const roomId of await listRoomIds()) follow(roomId);
        await Promise.all(rooms.values());
      },
    };
  });
}
