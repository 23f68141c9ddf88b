import type { Db } from '../platform/db/database.js';
import type { Message } from '../features/messages/messages.repository.js';
import { isMessageEvent, type RoomEvent } from '../features/rooms/room-events.js';
import { listRoomMutes } from '../features/rooms/mutes.repository.js';
import type { AppPubSub, TopicEvents } from '../features/topics.js';
import type { RoomHubs, RoomListener } from './room-hub.js';
import { attached } from '../platform/attached.js';

/** `muted`: the viewer's mute of the room when the event happened (clients decide about notifications). */
export type InboxEvent =
  | { kind: 'MESSAGE_ADDED' | 'MENTIONED'; roomId: string; message: Message; muted: boolean }
  | { kind: 'ROOM_ADDED' | 'ROOM_REMOVED' | 'ROOM_UPDATED'; roomId: string; message: null; muted: boolean };

/** Room events that other members' inboxes hear of as ROOM_UPDATED (the joiners and leavers get ROOM_ADDED/REMOVED). */
const ROOM_UPDATES = new Set(['MEMBERS_ADDED', 'MEMBERS_REMOVED', 'ROLE_CHANGED', 'ROOM_UPDATED']);

/** Inboxes reading their room lists at once after a Redis outage (a few of the pool's connections). */
const REFRESH_CONCURRENCY = 4;

/** Where one inbox subscription's events go. */
export interface InboxSink {
  push(event: InboxEvent): void;
  /** The inbox can no longer be kept complete (a room's missing messages could not be read). */
  fail(error: unknown): void;
}

/** A user's inbox on this instance: followed once, shared by all of that user's inbox subscriptions. */
interface UserInbox {
  userId: string;
  sinks: Set<InboxSink>;
  rooms: Map<string, InboxRoomListener>;
  /** Settles once the inbox follows the user's room list and every room in it. */
  ready: Promise<void>;
  unsubscribe: Array<() => void>;
  closed: boolean;
}

/** Per kind of item, the symbols its muted and unmuted variants are kept under on a room event. */
const ITEM_KEYS = {
  MESSAGE_ADDED: [Symbol('inbox.messageAdded'), Symbol('inbox.messageAdded.muted')],
  MENTIONED: [Symbol('inbox.mentioned'), Symbol('inbox.mentioned.muted')],
  ROOM_UPDATED: [Symbol('inbox.roomUpdated'), Symbol('inbox.roomUpdated.muted')],
} as const;

/**
 * The inbox item of `kind` about a room event: one object per kind and mute for every inbox on
 * this instance, so that inbox subscriptions of one document share its execution and its frame
 * (realtime/shared-execution.ts keeps them on the event) instead of each executing its own; a
 * viewer-dependent document's per-subscriber executions share the item's per-event loaders.
 */
function inboxItem(
  event: RoomEvent,
  kind: keyof typeof ITEM_KEYS,
  roomId: string,
  message: Message | null,
  muted: boolean,
): InboxEvent {
  return attached(event, ITEM_KEYS[kind][muted ? 1 : 0], () =>
    message
      ? { kind: kind as 'MESSAGE_ADDED', roomId, message, muted }
      : { kind: kind as 'ROOM_UPDATED', roomId, message: null, muted },
  );
}

/** One room of a user's inbox, on that room's hub (ordered, gaps filled). */
class InboxRoomListener implements RoomListener {
  readonly followsSuspendedRooms = true;
  /** Events heard before the room's ROOM_ADDED went out, delivered right after it. */
  private held: RoomEvent[] | null = null;
  /** Settles once the listener is on the room's hub. */
  joined: Promise<void> = Promise.resolve();

  constructor(
    private readonly inbox: UserInbox,
    private readonly roomId: string,
    /** The user's mute of the room (ms since the epoch), kept current by MUTED on their topic. */
    public mutedUntil: number | null,
  ) {}

  get viewerId(): string {
    return this.inbox.userId;
  }

  get muted(): boolean {
    return this.mutedUntil !== null && this.mutedUntil > Date.now();
  }

  /** Holds this room's events until `release`: ROOM_ADDED comes first, then its messages. */
  hold(): void {
    this.held = [];
  }

  release(): void {
    const held = this.held ?? [];
    this.held = null;
    for (const event of held) this.event(event);
  }

  event(event: RoomEvent): void {
    if (this.held) {
      this.held.push(event);
      return;
    }
    const { inbox, muted } = this;
    if (!isMessageEvent(event)) {
      // Those who joined or left hear ROOM_ADDED/REMOVED from their room list; everyone else, the
      // one who renamed the room or whose role changed included, hears ROOM_UPDATED.
      const joinedOrLeft = event.kind === 'MEMBERS_ADDED' || event.kind === 'MEMBERS_REMOVED';
      if (ROOM_UPDATES.has(event.kind) && !(joinedOrLeft && event.userIds.includes(inbox.userId))) {
        const item = inboxItem(event, 'ROOM_UPDATED', this.roomId, null, muted);
        for (const sink of inbox.sinks) sink.push(item);
      }
      return;
    }
    if (event.kind === 'MESSAGE_ADDED') {
      const item = inboxItem(event, 'MESSAGE_ADDED', this.roomId, event.message, muted);
      for (const sink of inbox.sinks) sink.push(item);
    }
    if (event.mentioned?.includes(inbox.userId)) {
      const item = inboxItem(event, 'MENTIONED', this.roomId, event.message, muted);
      for (const sink of inbox.sinks) sink.push(item);
    }
  }

  end(error?: unknown): void {
    if (this.inbox.rooms.get(this.roomId) === this) this.inbox.rooms.delete(this.roomId);
    // Left or removed (no error): ROOM_REMOVED comes from the room list. An error means messages
    // may be missing: the subscriptions end, and clients resubscribe.
    if (error !== undefined) for (const sink of [...this.inbox.sinks]) sink.fail(error);
  }
}

/**
 * Inboxes by user on this instance. However many inbox subscriptions a user holds, the instance
 * follows their room list once and joins each of their rooms' feeds once (hubs that the room's streams
 * subscribers share too): an inbox subscription costs a set entry, not a channel per room.
 */
export class InboxHub {
  private readonly inboxes = new Map<string, UserInbox>();

  constructor(
    private readonly db: Db,
    private readonly pubsub: AppPubSub,
    private readonly roomHubs: RoomHubs,
  ) {
    // Rooms joined or left while Redis was away were announced to nobody: read the lists again.
    pubsub.onReconnect(() => void this.refreshAll());
  }

  /** Every open inbox compares its rooms with the database, a few at a time (like the hubs' catch-up). */
  private async refreshAll() {
    const inboxes = [...this.inboxes.values()];
    const next = async (): Promise<void> => {
      for (let inbox = inboxes.pop(); inbox; inbox = inboxes.pop()) {
        await this.refresh(inbox).catch((err: unknown) => {
          for (const sink of [...inbox.sinks]) sink.fail(err);
        });
      }
    };
    await Promise.all(Array.from({ length: REFRESH_CONCURRENCY }, next));
  }

  /** Follows the rooms the user joined and lets go of those they left, announcing each. */
  private async refresh(inbox: UserInbox) {
    if (inbox.closed) return;
    const current = await listRoomMutes(this.db, inbox.userId);
    for (const roomId of [...inbox.rooms.keys()]) {
      if (!current.has(roomId)) this.roomsChanged(inbox, { type: 'REMOVED', roomId });
    }
    for (const [roomId, mutedUntil] of current) {
      const listener = inbox.rooms.get(roomId);
      if (listener) listener.mutedUntil = mutedUntil;
      else this.roomsChanged(inbox, { type: 'ADDED', roomId });
    }
  }

  /**
   * Adds `sink` to the user's inbox; resolves once the inbox follows every room of the user (so
   * no message sent from then on is missed) with the function that removes it again. Rejects
   * (having removed it) if the inbox could not be set up.
   */
  async attach(userId: string, sink: InboxSink): Promise<() => void> {
    let inbox = this.inboxes.get(userId);
    if (!inbox) this.inboxes.set(userId, (inbox = this.open(userId)));
    inbox.sinks.add(sink);
    const detach = () => this.detach(inbox, sink);
    try {
      await inbox.ready;
    } catch (err) {
      detach();
      throw err;
    }
    return detach;
  }

  private detach(inbox: UserInbox, sink: InboxSink) {
    if (inbox.sinks.delete(sink) && inbox.sinks.size === 0) this.close(inbox);
  }

  private open(userId: string): UserInbox {
    const inbox: UserInbox = {
      userId,
      sinks: new Set(),
      rooms: new Map(),
      ready: Promise.resolve(),
      unsubscribe: [],
      closed: false,
    };
    inbox.ready = (async () => {
      try {
        // The room list first: a room joined while the list is read is followed either way.
        const off = await this.pubsub.subscribe('user.rooms', userId, (event) => this.roomsChanged(inbox, event));
        inbox.unsubscribe.push(off);
        if (inbox.closed) return this.close(inbox);
        const mutes = await listRoomMutes(this.db, userId);
        await Promise.all([...mutes].map(([roomId, mutedUntil]) => this.follow(inbox, roomId, mutedUntil)));
      } catch (err) {
        this.close(inbox);
        throw err;
      }
    })();
    return inbox;
  }

  private roomsChanged(inbox: UserInbox, event: TopicEvents['user.rooms']) {
    if (event.type === 'MUTED') {
      const listener = inbox.rooms.get(event.roomId);
      if (listener) listener.mutedUntil = event.mutedUntil;
      return;
    }
    if (event.type === 'ADDED') return void this.followAdded(inbox, event.roomId);
    const muted = inbox.rooms.get(event.roomId)?.muted ?? false;
    this.unfollow(inbox, event.roomId);
    for (const sink of inbox.sinks) sink.push({ kind: 'ROOM_REMOVED', roomId: event.roomId, message: null, muted });
  }

  /**
   * ROOM_ADDED goes out once the room's feed is followed: a client that sends on seeing it must
   * hear its message (announced earlier, the hub could read the room's tip after that message).
   */
  private async followAdded(inbox: UserInbox, roomId: string) {
    try {
      await this.follow(inbox, roomId, null, true);
    } catch (err) {
      for (const sink of [...inbox.sinks]) sink.fail(err);
      return;
    }
    const listener = inbox.rooms.get(roomId);
    if (!listener) return; // left again, or the inbox closed, while joining
    for (const sink of inbox.sinks) sink.push({ kind: 'ROOM_ADDED', roomId, message: null, muted: listener.muted });
    listener.release();
  }

  /** Joins the room's hub for the inbox; a room already followed (or still joining) is not joined twice. */
  private follow(inbox: UserInbox, roomId: string, mutedUntil: number | null, held = false): Promise<void> {
    if (inbox.closed) return Promise.resolve();
    const following = inbox.rooms.get(roomId);
    if (following) return following.joined;
    const listener = new InboxRoomListener(inbox, roomId, mutedUntil);
    if (held) listener.hold();
    inbox.rooms.set(roomId, listener);
    listener.joined = (async () => {
      try {
        await this.roomHubs.join(roomId, listener);
      } catch (err) {
        if (inbox.rooms.get(roomId) === listener) inbox.rooms.delete(roomId);
        throw err;
      }
      if (inbox.closed) this.roomHubs.leave(roomId, listener); // closed while joining
    })();
    return listener.joined;
  }

  private unfollow(inbox: UserInbox, roomId: string) {
    const listener = inbox.rooms.get(roomId);
    if (!listener) return;
    inbox.rooms.delete(roomId);
    this.roomHubs.leave(roomId, listener);
  }

  private close(inbox: UserInbox) {
    for (const off of inbox.unsubscribe.splice(0)) off();
    if (inbox.closed) return;
    inbox.closed = true;
    for (const roomId of [...inbox.rooms.keys()]) this.unfollow(inbox, roomId);
    if (this.inboxes.get(inbox.userId) === inbox) this.inboxes.delete(inbox.userId);
  }

  /** How many users' inboxes and room follows this instance holds (for tests of release). */
  size(): { users: number; rooms: number } {
    let rooms = 0;
    for (const inbox of this.inboxes.values()) rooms += inbox.rooms.size;
    return { users: this.inboxes.size, rooms };
  }
}
