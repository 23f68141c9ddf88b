import type { ReadReceipt, RoomTopics } from './room-events.js';
import type { PubSub } from '../../platform/broker/pubsub.js';

/** How long read positions gather per room before one message carries them all. */
export const READ_RECEIPT_WINDOW_MS = 250;

/**
 * Coalesces read receipts per room on this instance: every marker that moves within one window
 * goes out in one `READ` signal on the room's channel (a member's furthest position replaces their
 * earlier one), so a room whose 1,000 members read at once costs a few publishes, not 1,000, and
 * each subscriber handles a batch per window. Never stored as an event: a receipt missed during a
 * Redis outage is read again from RoomMember.lastReadMessage.
 */
export class ReadReceiptPublisher {
  private readonly pending = new Map<string, Map<string, ReadReceipt>>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly pubsub: PubSub<RoomTopics>,
    private readonly windowMs = READ_RECEIPT_WINDOW_MS,
  ) {}

  /** Queues a member's new read position for the room's next signal. */
  record(receipt: ReadReceipt): void {
    let room = this.pending.get(receipt.roomId);
    if (!room) this.pending.set(receipt.roomId, (room = new Map()));
    // Calls that moved the marker may finish out of order: the furthest position wins.
    const queued = room.get(receipt.userId);
    if (!queued || BigInt(queued.messageId) < BigInt(receipt.messageId)) room.set(receipt.userId, receipt);
    this.timer ??= setTimeout(() => this.flush(), this.windowMs);
  }

  /** Publishes every queued position now (each window, and at shutdown). */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    for (const [roomId, receipts] of this.pending) {
      this.pubsub.publish('room', roomId, { kind: 'READ', receipts: [...receipts.values()] });
    }
    this.pending.clear();
  }
}
