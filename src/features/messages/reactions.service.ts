import type { Db, Trx } from '../../platform/db/database.js';
import { badInput, conflict, forbidden, notFound } from '../../platform/errors.js';
import { publishRoomEvent } from '../rooms/room-events.js';
import { logMessageEvent } from '../rooms/room-events.repository.js';
import { DIRECT_ROOMS_ARE_FOR_FRIENDS } from '../rooms/rooms.service.js';
import type { AppPubSub } from '../topics.js';
import { parseEmoji } from './emoji.js';
import { lockRoomOf, type Message } from './messages.repository.js';
import * as repository from './reactions.repository.js';
import type { ReactionTarget } from './reactions.repository.js';

// The rules of reactions: a member reacts to a message of their room (a direct room only while its
// two members are friends) with one emoji or a :shortcode:, at most MAX_DISTINCT_EMOJIS distinct per
// message; a deleted message takes none. Each change is stored with its room event, then
// published: messageUpdated delivers the message, whose `reactions` are read as they are then.

export { MAX_DISTINCT_EMOJIS } from './reactions.repository.js';
export type { ReactionGroup, Reactor, ReactorKey } from './reactions.repository.js';

export interface ReactionDeps {
  db: Db;
  pubsub: AppPubSub;
}

/** Adds the viewer's reaction; adding it again changes nothing and announces nothing. */
export function addReaction(deps: ReactionDeps, viewerId: string, messageId: string, emoji: string): Promise<Message> {
  const value = parseEmoji(emoji);
  return changeReaction(deps, viewerId, messageId, value, async (trx, target) => {
    if (!target.hasEmoji && target.distinctEmojis >= repository.MAX_DISTINCT_EMOJIS) {
      throw badInput(
        'emoji',
        `A message may carry at most ${repository.MAX_DISTINCT_EMOJIS} different reactions: add one of those instead.`,
      );
    }
    return repository.insertReaction(trx, messageId, value, viewerId);
  });
}

/** Takes the viewer's reaction back; taking back one that is not there changes nothing. */
export function removeReaction(
  deps: ReactionDeps,
  viewerId: string,
  messageId: string,
  emoji: string,
): Promise<Message> {
  const value = parseEmoji(emoji);
  return changeReaction(deps, viewerId, messageId, value, (trx) =>
    repository.deleteReaction(trx, messageId, value, viewerId),
  );
}

/**
 * One reaction change, in a transaction that first locks the message's room row (see
 * lockRoomOf, with the viewer as member), then checks the rules on what it reads under that lock: a member (else
 * NOT_FOUND, the message does not exist for them), a room they may send to (else FORBIDDEN), a
 * live message (else CONFLICT). `apply` says whether it changed anything; if it did, the
 * MESSAGE_REACTED event is logged in the same transaction and published after the commit.
 */
async function changeReaction(
  { db, pubsub }: ReactionDeps,
  viewerId: string,
  messageId: string,
  emoji: string,
  apply: (trx: Trx, target: ReactionTarget) => Promise<boolean>,
): Promise<Message> {
  const done = await db.transaction().execute(async (trx) => {
    if ((await lockRoomOf(trx, messageId, viewerId)) === null) throw notFound('Message');
    const target = await repository.findReactionTarget(trx, viewerId, messageId, emoji);
    // Left the room while waiting for the lock: gone for them too.
    if (!target) throw notFound('Message');
    if (!target.sendable) throw forbidden(DIRECT_ROOMS_ARE_FOR_FRIENDS);
    if (target.message.deletedAt) throw conflict('A deleted message cannot be reacted to.');
    if (!(await apply(trx, target))) return { message: target.message, seq: null };
    return {
      message: target.message,
      seq: await logMessageEvent(trx, target.message.roomId, messageId, 'MESSAGE_REACTED'),
    };
  });
  if (done.seq !== null) {
    publishRoomEvent(pubsub, done.message.roomId, { seq: done.seq, kind: 'MESSAGE_REACTED', message: done.message });
  }
  return done.message;
}

/** The reaction groups of messages, for the viewer (reactedByMe); the caller has checked membership. */
export const listReactionGroups = repository.listReactionGroups;
/** Pages of users of reaction groups; the caller has checked membership. */
export const listReactors = repository.listReactors;
export const groupKey = repository.groupKey;
