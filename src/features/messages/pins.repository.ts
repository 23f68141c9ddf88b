import { sql, type ExpressionBuilder } from 'kysely';
import type { Database } from '../../platform/db/tables.js';
import type { Db, Trx } from '../../platform/db/database.js';
import {
  MESSAGE_COLUMNS,
  messageColumnsSql,
  toMessage,
  type Message,
  type MessageColumnsRow,
} from './messages.repository.js';

// Pinned messages: `messages.pinned_at` / `pinned_by` (migration 0005), read newest pin first
// through the partial index messages_pinned_idx (room_id, pinned_at desc).

/** Most messages a room keeps pinned; Room.pinnedMessages lists them all. */
export const MAX_PINS_PER_ROOM = 50;

/**
 * Pins a live message that is not pinned yet, in the caller's transaction (the row stays locked
 * until it commits). Null when nothing changed: the message is pinned already, or deleted.
 */
export async function setPinned(trx: Trx, messageId: string, pinnedBy: string): Promise<Message | null> {
  const row = await trx
    .updateTable('messages')
    .set({ pinned_at: sql<Date>`now()`, pinned_by: pinnedBy })
    .where('id', '=', messageId)
    .where('deleted_at', 'is', null)
    .where('pinned_at', 'is', null)
    .where(stillMember(pinnedBy))
    .returning(MESSAGE_COLUMNS)
    .executeTakeFirst();
  return row ? toMessage(row) : null;
}

/**
 * The viewer is a member of the message's room, read after the room row's lock (a statement of its
 * own): a member removed while this waited for it changes nothing.
 */
const stillMember = (viewerId: string) => (eb: ExpressionBuilder<Database, 'messages'>) =>
  eb.exists(
    eb
      .selectFrom('room_members')
      .select('room_members.user_id')
      .whereRef('room_members.room_id', '=', 'messages.room_id')
      .where('room_members.user_id', '=', viewerId),
  );

/** Unpins a pinned message in the caller's transaction; null when it was not pinned. */
export async function clearPinned(trx: Trx, messageId: string, viewerId: string): Promise<Message | null> {
  const row = await trx
    .updateTable('messages')
    .set({ pinned_at: null, pinned_by: null })
    .where('id', '=', messageId)
    .where('pinned_at', 'is not', null)
    .where(stillMember(viewerId))
    .returning(MESSAGE_COLUMNS)
    .executeTakeFirst();
  return row ? toMessage(row) : null;
}

/**
 * How many messages of the room are pinned. Run after taking the room row's lock, in the same
 * transaction: a statement of its own sees every pin committed before the lock was granted, and
 * pins committed later waited for it, so a count under the lock is exact.
 */
export async function countPinned(trx: Trx, roomId: string): Promise<number> {
  const row = await trx
    .selectFrom('messages')
    .select((eb) => eb.fn.countAll<string>().as('pinned'))
    .where('room_id', '=', roomId)
    .where('pinned_at', 'is not', null)
    .executeTakeFirstOrThrow();
  return Number(row.pinned);
}

/**
 * The pinned messages of each of `roomIds`, newest pin first, at most MAX_PINS_PER_ROOM each, in
 * one statement (a lateral join: one range scan of messages_pinned_idx per room). The caller has
 * checked membership.
 */
export async function listPinned(db: Db, roomIds: readonly string[]): Promise<Map<string, Message[]>> {
  const { rows } = await sql<MessageColumnsRow & { parent_id: string }>`
    select p.parent_id, pinned.*
    from unnest(${[...roomIds]}::bigint[]) as p(parent_id)
    cross join lateral (
      select ${messageColumnsSql('m')}
      from messages m
      where m.room_id = p.parent_id and m.pinned_at is not null
      order by m.pinned_at desc, m.id desc
      limit ${MAX_PINS_PER_ROOM}
    ) pinned
    order by p.parent_id, pinned.pinned_at desc, pinned.id desc
  `.execute(db);
  const byRoom = new Map<string, Message[]>(roomIds.map((id) => [id, []]));
  for (const row of rows) byRoom.get(String(row.parent_id))?.push(toMessage(row));
  return byRoom;
}
