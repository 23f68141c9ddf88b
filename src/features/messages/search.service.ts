import type { Db } from '../../platform/db/database.js';
import type { PageRequest } from '../../platform/db/pagination.js';
import { requireMembership } from '../rooms/rooms.service.js';
import type { User } from '../accounts/users.repository.js';
import type { Message } from './messages.repository.js';
import { highlight, parseSearchQuery } from './search-query.js';
import * as repository from './search.repository.js';
import type { SearchKey } from './search.repository.js';

// The rules of search: only messages of rooms the viewer is a member of (a room named that they are
// not in is NOT_FOUND), never deleted ones, most relevant first, then newest.

export type { SearchKey } from './search.repository.js';

export interface SearchResultItem {
  message: Message;
  /** Where the next page starts after this hit (see SearchKey). */
  key: SearchKey;
  /** The body, HTML-escaped, with what the query matched wrapped in <mark>…</mark>. */
  highlight: string;
}

export interface SearchResult {
  items: SearchResultItem[];
  hasMore: boolean;
  /** The hits' senders, read with them. */
  senders: Map<string, User>;
}

/**
 * A page of the viewer's messages matching `query` (BAD_USER_INPUT when it holds nothing to
 * search, see parseSearchQuery), in every room of theirs or in `roomId` alone.
 */
export async function searchMessages(
  db: Db,
  viewerId: string,
  query: string,
  roomId: string | null,
  page: Pick<PageRequest<SearchKey>, 'limit' | 'after'>,
): Promise<SearchResult> {
  const parsed = parseSearchQuery(query);
  // The search itself keeps to the viewer's rooms; the check only tells a room they are not in apart.
  const search = repository.searchMessages(db, { viewerId, roomId }, parsed, page);
  if (roomId !== null) {
    search.catch(() => {}); // reported below, once membership holds
    await requireMembership(db, viewerId, roomId);
  }
  const found = await search;
  return {
    items: found.items.map(({ message, rank }) => ({
      message,
      key: { rank, id: message.id },
      highlight: highlight(message.body, parsed.terms),
    })),
    hasMore: found.hasMore,
    senders: found.senders,
  };
}
