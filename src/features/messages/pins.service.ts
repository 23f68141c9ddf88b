import type { Db } from '../../platform/db/database.js';
import { badInput, conflict, notFound } from '../../platform/errors.js';
import { publishRoomEvent } from '../rooms/room-events.js';
import { logMessageEvent } from '../rooms/room-events.repository.js';
import { lockRoomOf } from './messages.repository.js';
import { requireSendable } from '../rooms/rooms.service.js';
import type { AppPubSub } from '../topics.js';
import { getMessagesForMember, type Message } from './messages.repository.js';
import * as repository from './pins.repository.js';

// The rules of pins: any member of a room pins and unpins its messages (a direct room only while
// its two members are friends), at most MAX_PINS_PER_ROOM at a time. Each change is stored with its
// room event, then published: messageUpdated delivers it with `pinnedAt` set or null.

export { MAX_PINS_PER_ROOM } from './pins.repository.js';

export interface PinDeps {
  db: Db;
  pubsub: AppPubSub;
}

/**
 * The message if the viewer may pin or unpin it: a message of a room they are in (else NOT_FOUND),
 * a room they may send to (a direct room of friends, else FORBIDDEN), and not deleted (CONFLICT).
 */
async function requirePinnable(db: Db, viewerId: string, messageId: string): Promise<Message> {
  const [message] = await getMessagesForMember(db, viewerId, [messageId]);
  if (!message) throw notFound('Message');
  await requireSendable(db, viewerId, message.roomId);
  if (message.deletedAt) throw conflict('A deleted message cannot be pinned or unpinned.');
  return message;
}

/** The message as it is now, when a change turned out to change nothing (done already, or deleted meanwhile). */
async function unchanged(db: Db, viewerId: string, messageId: string): Promise<Message> {
  const [message] = await getMessagesForMember(db, viewerId, [messageId]);
  if (!message) throw notFound('Message');
  if (message.deletedAt) throw conflict('A deleted message cannot be pinned or unpinned.');
  return message;
}

/**
 * Pins a message of the viewer's room; pinning a pinned message changes nothing and announces
 * nothing. The 51st pin of a room is BAD_USER_INPUT. Race-free: the pin is counted after the room
 * row's lock is taken, so concurrent pins cannot pass the cap together.
 */
export async function pinMessage({ db, pubsub }: PinDeps, viewerId: string, messageId: string): Promise<Message> {
  const message = await requirePinnable(db, viewerId, messageId);
  if (message.pinnedAt) return message;
  const pinned = await db.transaction().execute(async (trx) => {
    // The room row first, then the message row: the order every writer of a room takes them in
    // (a reply into a thread locks the room, then its root).
    await lockRoomOf(trx, messageId);
    const changed = await repository.setPinned(trx, messageId, viewerId);
    if (!changed) return null;
    const seq = await logMessageEvent(trx, changed.roomId, messageId, 'MESSAGE_PINNED');
    if ((await repository.countPinned(trx, changed.roomId)) > repository.MAX_PINS_PER_ROOM) {
      throw badInput(
        'messageId',
        `A room may have at most ${repository.MAX_PINS_PER_ROOM} pinned messages: unpin one first.`,
      );
    }
    return { message: changed, seq };
  });
  if (!pinned) return unchanged(db, viewerId, messageId);
  publishRoomEvent(pubsub, pinned.message.roomId, { seq: pinned.seq, kind: 'MESSAGE_PINNED', message: pinned.message });
  return pinned.message;
}

/** Unpins a message of the viewer's room; unpinning one that is not pinned changes nothing. */
export async function unpinMessage({ db, pubsub }: PinDeps, viewerId: string, messageId: string): Promise<Message> {
  const message = await requirePinnable(db, viewerId, messageId);
  if (!message.pinnedAt) return message;
  const unpinned = await db.transaction().execute(async (trx) => {
    await lockRoomOf(trx, messageId);
    const changed = await repository.clearPinned(trx, messageId, viewerId);
    if (!changed) return null;
    return { message: changed, seq: await logMessageEvent(trx, changed.roomId, messageId, 'MESSAGE_UNPINNED') };
  });
  if (!unpinned) return unchanged(db, viewerId, messageId);
  publishRoomEvent(pubsub, unpinned.message.roomId, {
    seq: unpinned.seq,
    kind: 'MESSAGE_UNPINNED',
    message: unpinned.message,
  });
  return unpinned.message;
}

/** The pinned messages of each room, newest pin first (the caller has checked membership). */
export const listPinnedMessages = (db: Db, roomIds: readonly string[]) => repository.listPinned(db, roomIds);
