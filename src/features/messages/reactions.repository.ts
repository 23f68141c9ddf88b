import { sql } from 'kysely';
import type { Db, Trx } from '../../platform/db/database.js';
import { finishPage, type PageRequest, type PageResult } from '../../platform/db/pagination.js';
import { toUser, type User, type UserColumns } from '../accounts/users.repository.js';
import { messageColumnsSql, toMessage, type Message, type MessageColumnsRow } from './messages.repository.js';

// Reactions in the database: one row per (message, emoji, user), table `reactions` (migration 0005).
// Writers take the room row's lock first (lockRoomOf in messages.repository.ts), then read and
// write under it.

/** Most distinct emojis one message carries; the 21st is refused. */
export const MAX_DISTINCT_EMOJIS = 20;

/** Everyone who reacted to a message with one emoji. */
export interface ReactionGroup {
  messageId: string;
  emoji: string;
  count: number;
  /** Whether the viewer the groups were read for is among them. */
  reactedByMe: boolean;
}

/** One reaction of a group's users page: the user, and the position (the cursor) of their reaction. */
export interface Reactor {
  user: User;
  key: ReactorKey;
}

/** Where a reaction stands in its group: when it was made (ISO, microseconds), then the user id. */
export interface ReactorKey {
  reactedAt: string;
  userId: string;
}

/** What a reaction change checks, read under the room lock. */
export interface ReactionTarget {
  message: Message;
  /** A group room, or a direct room whose two members are friends (as for sending). */
  sendable: boolean;
  distinctEmojis: number;
  /** Whether anyone has reacted with this emoji yet. */
  hasEmoji: boolean;
}

/**
 * The message (if the viewer is a member of its room) and its reactions as they stand. Run after
 * lockRoomOf, as a statement of its own: it sees every change committed before the lock.
 */
export async function findReactionTarget(
  trx: Trx,
  viewerId: string,
  messageId: string,
  emoji: string,
): Promise<ReactionTarget | null> {
  const { rows } = await sql<MessageColumnsRow & { sendable: boolean; distinct_emojis: number; has_emoji: boolean }>`
    select ${messageColumnsSql('m')},
      (r.kind = 'GROUP' or exists (
        select 1 from room_members peer
        join friendships f on f.friend_id = peer.user_id and f.user_id = ${viewerId}
        where peer.room_id = r.id
      )) as sendable,
      (select count(distinct x.emoji) from reactions x where x.message_id = m.id)::int as distinct_emojis,
      exists (select 1 from reactions x where x.message_id = m.id and x.emoji = ${emoji}) as has_emoji
    from messages m
    join rooms r on r.id = m.room_id
    join room_members rm on rm.room_id = m.room_id and rm.user_id = ${viewerId}
    where m.id = ${messageId}
  `.execute(trx);
  const row = rows[0];
  if (!row) return null;
  return {
    message: toMessage(row),
    sendable: Boolean(row.sendable),
    distinctEmojis: Number(row.distinct_emojis),
    hasEmoji: Boolean(row.has_emoji),
  };
}

/**
 * Adds the user's reaction; false when it was there already. Stamped with the clock (not the
 * transaction's start), so reactions made one after another under the room lock keep their order.
 */
export async function insertReaction(trx: Trx, messageId: string, emoji: string, userId: string): Promise<boolean> {
  const row = await trx
    .insertInto('reactions')
    .values({ message_id: messageId, emoji, user_id: userId, created_at: sql<Date>`clock_timestamp()` })
    .onConflict((conflict) => conflict.doNothing())
    .returning('user_id')
    .executeTakeFirst();
  return row !== undefined;
}

/** Takes the user's reaction back; false when there was none. */
export async function deleteReaction(trx: Trx, messageId: string, emoji: string, userId: string): Promise<boolean> {
  const row = await trx
    .deleteFrom('reactions')
    .where('message_id', '=', messageId)
    .where('emoji', '=', emoji)
    .where('user_id', '=', userId)
    .returning('user_id')
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * The reaction groups of each of `messageIds`, in one statement (a batch loader's query): most used
 * first, then the one reacted with first. A deleted message (a tombstone) shows none.
 */
export async function listReactionGroups(
  db: Db,
  viewerId: string | null,
  messageIds: readonly string[],
): Promise<Map<string, ReactionGroup[]>> {
  const { rows } = await sql<{ message_id: string; emoji: string; count: number; reacted_by_me: boolean }>`
    select r.message_id, r.emoji, count(*)::int as count,
      coalesce(bool_or(r.user_id = ${viewerId}::bigint), false) as reacted_by_me
    from reactions r
    join messages m on m.id = r.message_id and m.deleted_at is null
    where r.message_id = any(${[...messageIds]}::bigint[])
    group by r.message_id, r.emoji
    order by r.message_id, count(*) desc, min(r.created_at), r.emoji
  `.execute(db);
  const groups = new Map<string, ReactionGroup[]>();
  for (const row of rows) {
    const messageId = String(row.message_id);
    const list = groups.get(messageId) ?? [];
    list.push({ messageId, emoji: row.emoji, count: Number(row.count), reactedByMe: Boolean(row.reacted_by_me) });
    groups.set(messageId, list);
  }
  return groups;
}

/** A group's key among others: message id (digits) and emoji. */
export const groupKey = (messageId: string, emoji: string) => `${messageId}:${emoji}`;

type ReactorRow = UserColumns & { message_id: string; emoji: string; reacted_at: string };

/**
 * The same page of users for each of several groups, in one statement (a lateral join: one range
 * of the primary key per group), in the order they reacted, keyed by groupKey. Forward pages only.
 */
export async function listReactors(
  db: Db,
  groups: ReadonlyArray<{ messageId: string; emoji: string }>,
  page: PageRequest<ReactorKey>,
): Promise<Map<string, PageResult<Reactor>>> {
  const after =
    page.after === null
      ? sql``
      : sql`and (r.created_at, r.user_id) > (${page.after.reactedAt}::timestamptz, ${page.after.userId}::bigint)`;
  const { rows } = await sql<ReactorRow>`
    select page.message_id, page.emoji, page.reacted_at, u.id, u.username, u.display_name, u.created_at, u.deleted_at
    from unnest(${groups.map((g) => g.messageId)}::bigint[], ${groups.map((g) => g.emoji)}::text[])
      as g(message_id, emoji)
    cross join lateral (
      select r.message_id, r.emoji, r.user_id, r.created_at,
        to_char(r.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as reacted_at
      from reactions r
      where r.message_id = g.message_id and r.emoji = g.emoji ${after}
      order by r.created_at, r.user_id
      limit ${page.limit + 1}
    ) page
    join users u on u.id = page.user_id
    order by page.message_id, page.emoji, page.created_at, page.user_id
  `.execute(db);
  const byGroup = new Map<string, Reactor[]>(groups.map((g) => [groupKey(g.messageId, g.emoji), []]));
  for (const row of rows) {
    byGroup.get(groupKey(String(row.message_id), row.emoji))?.push({
      user: toUser(row),
      key: { reactedAt: row.reacted_at, userId: String(row.id) },
    });
  }
  const pages = new Map<string, PageResult<Reactor>>();
  for (const [key, reactors] of byGroup) pages.set(key, finishPage(reactors, page));
  return pages;
}
