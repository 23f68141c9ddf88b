import type { Redis } from 'ioredis';

/** What a bench message needs besides the fields every fresh message has alike. */
export interface BenchMessage {
  id: string;
  roomId: string;
  senderId: string;
  /** The message's seq in its room. */
  seq: number;
  body: string;
}

/**
 * Publishes a MESSAGE_ADDED room event straight onto the server's Redis channel for the room, in
 * the envelope sendMessage publishes (`{ deploymentId, event }`, numbered with the room's `eventSeq`):
 * the server then does only the delivery, not the send.
 */
export function publishMessageAdded(
  redis: Redis,
  channel: string,
  deploymentId: string,
  eventSeq: number,
  message: BenchMessage,
): void {
  const full = {
    ...message,
    clientId: null,
    createdAt: new Date().toISOString(),
    editedAt: null,
    deletedAt: null,
    replyToId: null,
    threadRootId: null,
    replyCount: 0,
    lastReplyAt: null,
    pinnedAt: null,
  };
  void redis.publish(
    channel,
    JSON.stringify({ deploymentId, event: { seq: eventSeq, kind: 'MESSAGE_ADDED', message: full } }),
  );
}
