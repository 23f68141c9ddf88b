import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.js';
import { finishPage, type PageRequest, type PageResult } from '../../platform/db/pagination.js';
import { toUser, type User } from '../accounts/users.repository.js';
import { messageColumnsSql, toMessage, type Message, type MessageColumnsRow } from './messages.repository.js';

// Pages of history: a room's top-level messages (Room.messages) or a root's thread
// (Message.replies), in chronological order, keyed by message id.

export type HistoryPage = PageResult<Message> & { senders: Map<string, User> };

/** Where a page is read from: each is a range scan on its own partial index (migration 0005). */
export type HistoryScope = 'room' | 'thread';

const SCOPE_FILTER = {
  room: sql`m.room_id = p.parent_id and m.thread_root_id is null`,
  thread: sql`m.thread_root_id = p.parent_id`,
};

type HistoryRow = MessageColumnsRow & SenderColumns & { parent_id: string };

/**
 * The same page for each of several rooms or threads, in one statement (a lateral join: one range
 * scan per parent, whatever the depth): `rooms { messages }` costs one statement, not one per room.
 * Senders are read alongside: a message list nearly always shows who wrote each message. The
 * caller has checked membership.
 */
export async function listHistory(
  db: Db,
  scope: HistoryScope,
  parentIds: readonly string[],
  page: PageRequest<string>,
): Promise<Map<string, HistoryPage>> {
  const after = page.after === null ? sql`` : sql`and m.id > ${page.after}`;
  const before = page.before === null ? sql`` : sql`and m.id < ${page.before}`;
  const direction = page.fromEnd ? sql`desc` : sql`asc`;
  const { rows } = await sql<HistoryRow>`
    select page.*, ${senderColumnsSql('u')}
    from unnest(${[...parentIds]}::bigint[]) as p(parent_id)
    cross join lateral (
      select p.parent_id, ${messageColumnsSql('m')}
      from messages m
      where ${SCOPE_FILTER[scope]} ${after} ${before}
      order by m.id ${direction}
      limit ${page.limit + 1}
    ) page
    join users u on u.id = page.sender_id
    order by page.id ${direction}
  `.execute(db);
  const byParent = new Map<string, HistoryRow[]>(parentIds.map((id) => [id, []]));
  for (const row of rows) byParent.get(String(row.parent_id))?.push(row);
  const pages = new Map<string, HistoryPage>();
  for (const [parentId, parentRows] of byParent) {
    pages.set(parentId, { ...finishPage(parentRows.map(toMessage), page), senders: sendersOf(parentRows) });
  }
  return pages;
}

/** One room's page of top-level messages. */
export async function listMessages(db: Db, roomId: string, page: PageRequest<string>): Promise<HistoryPage> {
  return (await listHistory(db, 'room', [roomId], page)).get(roomId)!;
}

/** The columns of a message's sender, read alongside it (history pages, search results). */
export interface SenderColumns {
  sender_id: string;
  sender_username: string;
  sender_display_name: string;
  sender_created_at: Date;
  sender_deleted_at: Date | null;
}

/** Selects SenderColumns (but sender_id, a message column) from the users row aliased `alias`. */
export const senderColumnsSql = (alias: string) =>
  sql`${sql.ref(`${alias}.username`)} as sender_username, ${sql.ref(`${alias}.display_name`)} as sender_display_name,
    ${sql.ref(`${alias}.created_at`)} as sender_created_at, ${sql.ref(`${alias}.deleted_at`)} as sender_deleted_at`;

/** The distinct senders of rows read with their sender's columns. */
export function sendersOf(rows: readonly SenderColumns[]): Map<string, User> {
  const senders = new Map<string, User>();
  for (const row of rows) {
    if (senders.has(row.sender_id)) continue;
    senders.set(
      row.sender_id,
      toUser({
        id: row.sender_id,
        username: row.sender_username,
        display_name: row.sender_display_name,
        created_at: row.sender_created_at,
        deleted_at: row.sender_deleted_at,
      }),
    );
  }
  return senders;
}
