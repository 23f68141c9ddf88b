import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.js';
import { finishPage, type PageRequest, type PageResult } from '../../platform/db/pagination.js';
import type { User } from '../accounts/users.repository.js';
import { senderColumnsSql, sendersOf, type SenderColumns } from './history.repository.js';
import { messageColumnsSql, toMessage, type Message, type MessageColumnsRow } from './messages.repository.js';
import type { SearchQuery } from './search-query.js';

// Message search over `messages.search_vector` (migration 0005: words, and two-character pieces
// of Korean, Japanese and Chinese runs), ranked by ts_rank, found through the GIN index of
// chat_search_index (migration 0006: the vector's lexemes' prefixes and the message's room).

/**
 * Where a page of results starts: after the hit with this rank and id. `rank` is ts_rank's `real`
 * printed as a float8 (at least 15 significant digits whatever `extra_float_digits` says, where a
 * `real` may print with 6), and is compared `::real`, which gives back that very `real`: compared
 * as a float8 or a rounded decimal instead, hits of equal rank would be skipped or repeated.
 */
export interface SearchKey {
  rank: string;
  id: string;
}

export interface SearchHit {
  message: Message;
  rank: string;
}

export type SearchPage = PageResult<SearchHit> & { senders: Map<string, User> };

export interface SearchScope {
  viewerId: string;
  /** Only this room (still only if the viewer is a member of it). */
  roomId: string | null;
}

type SearchRow = MessageColumnsRow & SenderColumns & { rank_text: string };

/** Longest prefix chat_search_index keeps of a lexeme (migration 0006). */
const INDEXED_PREFIX = 12;

/**
 * What chat_search_index must hold for a message to match `query`: each term's indexed prefix (a
 * word's first characters; a piece of a spaceless script as it is, or its one character), all of
 * them. Terms are letters and digits only (parseSearchQuery), so they need no quoting.
 */
export function indexQuery(query: SearchQuery): string {
  return query.terms
    .flatMap(({ text, spaceless }) => {
      const chars = [...text];
      if (!spaceless || chars.length === 1) return [chars.slice(0, INDEXED_PREFIX).join('')];
      return chars.slice(0, -1).map((char, i) => `${char}${chars[i + 1]}`);
    })
    .map((lexeme) => `'${lexeme}'`)
    .join(' & ');
}

/**
 * Live messages matching `query` in rooms the viewer is a member of, most relevant first, then
 * newest: a keyset page on (rank, id), with each hit's sender. The index is asked for the terms
 * and any of the viewer's rooms (their `#<id>` lexemes), so it reads only matches in those rooms;
 * `search_vector` and membership then decide.
 */
export async function searchMessages(
  db: Db,
  scope: SearchScope,
  query: SearchQuery,
  page: Pick<PageRequest<SearchKey>, 'limit' | 'after'>,
): Promise<SearchPage> {
  const inRoom = scope.roomId === null ? sql`` : sql`and rm.room_id = ${scope.roomId}`;
  const after =
    page.after === null
      ? sql``
      : sql`where (hits.rank, hits.id) < (${page.after.rank}::real, ${page.after.id}::bigint)`;
  const { rows } = await sql<SearchRow>`
    with viewer_rooms as (
      select rm.room_id from room_members rm where rm.user_id = ${scope.viewerId} ${inRoom}
    ),
    scope as (
      select string_agg(quote_literal('#' || room_id), ' | ')::tsquery as rooms from viewer_rooms
    ),
    hits as (
      select ${messageColumnsSql('m')}, ts_rank(m.search_vector, q.query) as rank
      from to_tsquery('simple', ${query.tsquery}) as q(query), scope, messages m
      where chat_search_index(m.search_vector, m.room_id) @@ (${indexQuery(query)}::tsquery && scope.rooms)
        and m.search_vector @@ q.query and m.deleted_at is null
        and m.room_id in (select room_id from viewer_rooms)
    )
    select hits.*, hits.rank::float8::text as rank_text, ${senderColumnsSql('u')}
    from hits join users u on u.id = hits.sender_id
    ${after}
    order by hits.rank desc, hits.id desc
    limit ${page.limit + 1}
  `.execute(db);
  const { items, hasMore } = finishPage(rows, { ...page, before: null, fromEnd: false });
  return {
    items: items.map((row) => ({ message: toMessage(row), rank: row.rank_text })),
    hasMore,
    senders: sendersOf(items),
  };
}
