import DataLoader from 'dataloader';
import type { Logger } from 'pino';
import type { Db } from '../platform/db/database.js';
import { fromWire, type ReadSignal, type RoomEvent, type TypingSignal } from '../features/rooms/room-events.js';
import { getRoomEventTips, readRoomEvents } from '../features/rooms/room-events.repository.js';
import type { AppPubSub } from '../features/topics.js';

/** How long a hub waits for an event that others overtook before reading it from the database. */
export const GAP_WAIT_MS = 50;

/** Hubs reading what a Redis outage kept from them at the same time (a few of the pool's 20). */
const RECONNECT_CATCH_UP_CONCURRENCY = 4;

/** One subscriber of a room's events on this instance (a stream, or a user's inbox). */
export interface RoomListener {
  /** The member it delivers to: the hub ends the listener when they leave or are removed. */
  readonly viewerId: string;
  /** Every room event from where the listener joined: each once, in seq order. */
  event(event: RoomEvent): void;
  /** Typing signals as they arrive: never stored, so outside the seq order (room-events.ts). */
  typing?(signal: TypingSignal): void;
  /** Read receipts as they arrive, coalesced per room: outside the seq order like typing. */
  read?(signal: ReadSignal): void;
  /**
   * No more events: the viewer left the room (no error), or the hub could not recover a missing
   * event (the database was unreachable).
   */
  end(error?: unknown): void;
  /**
   * True to go on through a direct room's suspension (its members stopped being friends): the
   * inbox keeps following the room, which comes back to life if they become friends again.
   */
  readonly followsSuspendedRooms?: boolean;
}

interface Hub {
  roomId: string;
  listeners: Set<RoomListener>;
  /** Settles once the hub knows where the room stands (pub/sub live, tip read). */
  ready: Promise<void>;
  /** The seq the hub emits next; every event before it was emitted or committed before the hub began. */
  nextSeq: number;
  initialized: boolean;
  /** Events that arrived ahead of a missing one, by seq, waiting for it. */
  early: Map<number, RoomEvent>;
  gapTimer: NodeJS.Timeout | undefined;
  catchingUp: boolean;
  /** Read to the room's end once more when the running catch-up is done. */
  catchUpAgain: boolean;
  closed: boolean;
  unsubscribe: (() => void) | undefined;
}

/**
 * One ordered hub of a room's events per instance, shared by every subscription to that room
 * here (messageAdded, messageUpdated, typing, inboxes): one pub/sub channel per room, not per
 * subscriber or per kind. Events may arrive out of order (concurrent writes publish a moment
 * apart) or not at all (a Redis outage); the hub puts them in the room's gap-free event seq order,
 * waits GAP_WAIT_MS for a missing one, then reads it from the room event log once for everyone,
 * so each listener gets every event once, in order; after a Redis outage every hub reads what
 * happened meanwhile. A removal of a member ends that member's listeners at its place in the
 * order, so nothing after it reaches them.
 */
export class RoomHubs {
  private readonly hubs = new Map<string, Hub>();
  /**
   * Hubs opened together (an inbox joining all its user's rooms) read their tips in one
   * statement: hundreds of rooms must not queue hundreds of reads on the pool.
   */
  private readonly tips = new DataLoader<string, number>(
    async (roomIds) => {
      const tips = await getRoomEventTips(this.db, roomIds);
      return roomIds.map((id) => tips.get(id) ?? 0);
    },
    { cache: false, maxBatchSize: 1_000 },
  );

  constructor(
    private readonly db: Db,
    private readonly pubsub: AppPubSub,
    private readonly logger: Logger,
  ) {
    // Events of the time Redis was away reached no hub: read them now rather than when the
    // room's next event reveals the gap (which may be never).
    pubsub.onReconnect(() => void this.catchUpAll());
  }

  /** Hubs open now: one per room with listeners on this instance. */
  get size(): number {
    return this.hubs.size;
  }

  /**
   * Starts calling `listener` with the room's events from the returned seq on, contiguously;
   * every event before it was committed before this call returned, so a replay that reads to the
   * end of the room after joining leaves no gap. `leave` stops it.
   */
  async join(roomId: string, listener: RoomListener): Promise<number> {
    let hub = this.hubs.get(roomId);
    if (!hub || hub.closed) this.hubs.set(roomId, (hub = this.open(roomId)));
    hub.listeners.add(listener);
    try {
      await hub.ready;
    } catch (err) {
      this.leave(roomId, listener);
      throw err;
    }
    return hub.nextSeq;
  }

  leave(roomId: string, listener: RoomListener): void {
    const hub = this.hubs.get(roomId);
    if (hub?.listeners.delete(listener) && hub.listeners.size === 0) this.close(hub);
  }

  /**
   * Every hub reads what it missed, RECONNECT_CATCH_UP_CONCURRENCY at a time: an instance with
   * thousands of rooms must not queue thousands of reads on its pool at once, where they would
   * time out waiting for a connection.
   */
  private async catchUpAll() {
    const hubs = [...this.hubs.values()];
    const next = async (): Promise<void> => {
      for (let hub = hubs.pop(); hub; hub = hubs.pop()) {
        if (!hub.initialized || hub.closed) continue;
        // One already running may have read past its end before the outage's last events.
        if (hub.catchingUp) hub.catchUpAgain = true;
        else await this.catchUp(hub);
      }
    };
    await Promise.all(Array.from({ length: RECONNECT_CATCH_UP_CONCURRENCY }, next));
  }

  private open(roomId: string): Hub {
    const hub: Hub = {
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
      unsubscribe: undefined,
    };
    hub.ready = (async () => {
      try {
        // Subscribe before reading the tip, so nothing committed in between is missed.
        hub.unsubscribe = await this.pubsub.subscribe('room', roomId, (wire) => this.receive(hub, fromWire(wire)));
        if (hub.closed) return this.close(hub); // everyone left meanwhile: let go of them
        hub.nextSeq = (await this.tips.load(roomId)) + 1;
        hub.initialized = true;
        this.flushEarly(hub);
      } catch (err) {
        this.close(hub);
        throw err;
      }
    })();
    return hub;
  }

  private receive(hub: Hub, event: RoomEvent | TypingSignal | ReadSignal) {
    if (event.kind === 'TYPING') {
      if (hub.initialized) for (const listener of hub.listeners) listener.typing?.(event);
      return;
    }
    if (event.kind === 'READ') {
      if (hub.initialized) for (const listener of hub.listeners) listener.read?.(event);
      return;
    }
    if (event.seq < hub.nextSeq && hub.initialized) return; // already emitted (or caught up)
    if (event.seq === hub.nextSeq && hub.early.size === 0 && !hub.catchingUp) {
      // The usual case: the next event in order.
      hub.nextSeq += 1;
      return this.emit(hub, event);
    }
    hub.early.set(event.seq, event);
    if (hub.initialized) this.flushEarly(hub);
  }

  private emit(hub: Hub, event: RoomEvent) {
    if (event.kind === 'MEMBERS_REMOVED' || event.kind === 'DIRECT_ROOM_SUSPENDED') this.endRemoved(hub, event);
    for (const listener of hub.listeners) listener.event(event);
  }

  private endRemoved(hub: Hub, event: { kind: string; userIds: readonly string[] }) {
    for (const listener of hub.listeners) {
      if (!event.userIds.includes(listener.viewerId)) continue;
      if (event.kind === 'DIRECT_ROOM_SUSPENDED' && listener.followsSuspendedRooms) continue;
      this.leave(hub.roomId, listener);
      listener.end();
    }
  }

  private flushEarly(hub: Hub) {
    for (const seq of hub.early.keys()) if (seq < hub.nextSeq) hub.early.delete(seq);
    if (hub.catchingUp) return;
    for (let event = hub.early.get(hub.nextSeq); event; event = hub.early.get(hub.nextSeq)) {
      hub.early.delete(hub.nextSeq);
      hub.nextSeq += 1;
      this.emit(hub, event);
    }
    if (hub.early.size > 0 && !hub.gapTimer) {
      hub.gapTimer = setTimeout(() => {
        hub.gapTimer = undefined;
        if (hub.early.size > 0 && !hub.closed) void this.catchUp(hub);
      }, GAP_WAIT_MS);
    }
  }

  /** Reads the events the hub is missing from the room event log, once for all its listeners. */
  private async catchUp(hub: Hub): Promise<void> {
    hub.catchingUp = true;
    try {
      for await (const batch of readRoomEvents(this.db, hub.roomId, hub.nextSeq)) {
        for (const event of batch) {
          if (hub.closed) return;
          if (event.seq < hub.nextSeq) continue; // emitted meanwhile
          if (event.seq > hub.nextSeq) this.skipHole(hub, event.seq);
          hub.nextSeq += 1;
          // The live copy when there is one: subscribers share work kept on the event object.
          this.emit(hub, hub.early.get(event.seq) ?? event);
        }
      }
      // Events that came live but are no longer in the log (deleted with their message since).
      const firstEarly = Math.min(...hub.early.keys());
      if (firstEarly > hub.nextSeq && Number.isFinite(firstEarly)) this.skipHole(hub, firstEarly);
    } catch (err) {
      this.logger.warn({ err, roomId: hub.roomId }, 'room hub could not read missing events');
      const listeners = [...hub.listeners];
      this.close(hub);
      for (const listener of listeners) listener.end(err);
      return;
    } finally {
      hub.catchingUp = false;
    }
    if (hub.catchUpAgain && !hub.closed) {
      hub.catchUpAgain = false;
      return this.catchUp(hub);
    }
    this.flushEarly(hub);
  }

  /**
   * The log has no events from nextSeq up to `seq` (rows deleted with their message, by a cascade):
   * they will never come, so the hub goes on from `seq` rather than wait for them for good.
   */
  private skipHole(hub: Hub, seq: number) {
    this.logger.warn(
      { roomId: hub.roomId, from: hub.nextSeq, to: seq - 1 },
      'room events missing from the log: skipped',
    );
    hub.nextSeq = seq;
  }

  /** Also releases a pub/sub subscription that arrives after the hub closed (it may, while opening). */
  private close(hub: Hub) {
    hub.unsubscribe?.();
    hub.unsubscribe = undefined;
    if (hub.closed) return;
    hub.closed = true;
    clearTimeout(hub.gapTimer);
    hub.listeners.clear();
    if (this.hubs.get(hub.roomId) === hub) this.hubs.delete(hub.roomId);
  }
}
