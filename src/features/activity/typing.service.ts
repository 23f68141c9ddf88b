import type { Db } from '../../platform/db/database.js';
import type { KeyedThrottle } from '../../platform/keyed-throttle.js';
import { publishTyping } from '../rooms/room-events.js';
import { requireSendable } from '../rooms/rooms.service.js';
import type { AppPubSub } from '../topics.js';

export interface TypingDeps {
  db: Db;
  pubsub: AppPubSub;
  /** One typing signal per user and room per interval reaches pub/sub. */
  typingThrottle: KeyedThrottle;
}

/** A member says they are typing; signals closer than the throttle's interval are coalesced. */
export async function sendTyping({ db, pubsub, typingThrottle }: TypingDeps, viewerId: string, roomId: string) {
  // Before the throttle, so a non-member or a closed direct room is refused on every call.
  await requireSendable(db, viewerId, roomId);
  if (typingThrottle.allow(`${viewerId}:${roomId}`)) publishTyping(pubsub, roomId, viewerId);
}
