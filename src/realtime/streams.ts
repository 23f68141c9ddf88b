import type { Db } from '../db/database.js';
import { findResumePoint, readMessagesFromSeq, type Message } from '../domain/messages.js';
import { isMember } from '../domain/rooms.js';
import { badInput, notFound } from '../errors.js';
import { fromWireMessage, type PubSub, type TopicEvents } from '../pubsub.js';
import { LiveStream } from './live-stream.js';
import type { RoomFeeds } from './room-feeds.js';

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

/** Ends the stream when `viewerId` leaves (or is removed from) the room. */
function endOnRemoval(deps: StreamDeps, roomId: string, viewerId: string, stream: { stop(): void }) {
  return deps.pubsub.subscribe('room.members', roomId, (event) => {
    if (event.type === 'REMOVED' && event.userIds.includes(viewerId)) stream.stop();
  });
}

/**
 * New messages of a room, in order, each exactly once, for a member (NOT_FOUND otherwise). With
 * `afterId` (a message of the room), first replays what the room received after it, then
 * continues live. Live messages come from the room's shared feed
 * (room-feeds.ts), already in seq order with gaps filled; joining it comes before the replay
 * query, so nothing committed in between is missed, and repeats are dropped by seq.
 */
export function messageAddedStream(
  deps: StreamDeps,
  viewerId: string,
  roomId: string,
  afterId: string | null,
): AsyncIterableIterator<Message> {
  deps = streamDeps(deps);
  return new LiveStream<Message>(async (stream) => {
    let nextSeq = 0;
    /** Reads what the stream has not had yet from the database (the replay). */
    const catchUp = async () => {
      for await (const batch of readMessagesFromSeq(deps.db, roomId, nextSeq)) {
        if (stream.isEnded()) return; // the subscriber has gone: read no further
        for (const message of batch) {
          stream.push(message);
          nextSeq = message.seq + 1;
        }
        await stream.drained(); // read the next batch once this one has gone out
      }
    };
    const deliver = (message: Message) => {
      if (message.seq < nextSeq) return; // already delivered by the replay
      if (message.seq === nextSeq) {
        stream.push(message);
        nextSeq += 1;
        return;
      }
      // The feed is contiguous from where this stream joined it, so this should not happen;
      // if it does, the database has what is missing.
      return catchUp();
    };
    const feed = await deps.roomFeeds.join(roomId, {
      message: (message) => stream.run(() => deliver(message)),
      fail: (err) => stream.stop(err),
    });
    const unsubscribe = [feed.leave];
    try {
      unsubscribe.push(await endOnRemoval(deps, roomId, viewerId, stream));
    } catch (err) {
      feed.leave();
      throw err;
    }
    return {
      unsubscribe,
      start: async () => {
        // Checked here, with the feed and the removal listener already live, so a member removed
        // a moment later still sees the stream end.
        if (afterId === null) {
          if (!(await isMember(deps.db, viewerId, roomId))) throw notFound('Room');
          nextSeq = feed.firstSeq;
        } else {
          const resume = await findResumePoint(deps.db, viewerId, roomId, afterId);
          if (!resume) throw notFound('Room');
          if (resume.afterSeq === null) throw badInput('after', 'after is not a message of this room.');
          nextSeq = resume.afterSeq + 1;
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
  return new LiveStream<Message>(async (stream) => {
    const unsubscribe = [
      await deps.pubsub.subscribe('room.messages', roomId, (event) => {
        if (event.type !== 'ADDED') stream.run(() => stream.push(fromWireMessage(event.message)));
      }),
      await endOnRemoval(deps, roomId, viewerId, stream),
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
    const unsubscribe = [
      await deps.pubsub.subscribe('room.typing', roomId, onTyping),
      await deps.pubsub.subscribe('room.messages', roomId, (event) => {
        if (event.type === 'ADDED') lapse(event.message.senderId);
      }),
      await endOnRemoval(deps, roomId, viewerId, stream),
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
  return new LiveStream<InboxEvent>(async (stream) => {
    const rooms = new Map<string, Promise<() => void>>();
    const follow = (roomId: string) => {
      if (rooms.has(roomId)) return;
      rooms.set(
        roomId,
        deps.pubsub.subscribe('room.messages', roomId, (event) => {
          if (event.type === 'ADDED') {
            const message = fromWireMessage(event.message);
            stream.run(() => stream.push({ kind: 'MESSAGE_ADDED', roomId, message }));
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
    return {
      unsubscribe,
      start: async () => {
        for (const roomId of await listRoomIds()) follow(roomId);
        await Promise.all(rooms.values());
      },
    };
  });
}
