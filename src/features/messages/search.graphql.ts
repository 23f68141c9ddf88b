import { builder } from '../../graphql/builder.js';
import { parseGlobalId } from '../../graphql/global-id.js';
import { encodeCursor, parseIdKey, toPageRequest } from '../../graphql/pagination.js';
import { MessageRef, withSender } from '../../graphql/refs.js';
import type { FieldCostExtensions } from '../../security/query-limits.js';
import { UserRef } from '../accounts/users.graphql.js';
import type { Message } from './messages.repository.js';
import { MAX_BODY_LENGTH } from './messages.service.js';
import * as search from './search.service.js';
import type { SearchKey } from './search.service.js';

interface SearchEdge {
  cursor: string;
  node: Message;
  highlight: string;
}

/**
 * What one search costs besides its results, in the units of FieldCostExtensions: it reads and
 * ranks every match in the viewer's rooms, where a page of history is one index range (10).
 */
const SEARCH_STATEMENT_COST = 1_000;

const MessageSearchEdge = builder.objectRef<SearchEdge>('MessageSearchEdge').implement({
  description: 'A message that matched, and where it matched.',
  fields: (t) => ({
    cursor: t.exposeString('cursor', { description: 'Pass as `after` for the next page.' }),
    node: t.field({ type: MessageRef, description: 'The message.', resolve: (edge) => edge.node }),
    highlight: t.exposeString('highlight', {
      description: 'The body, HTML-escaped, with each matched part wrapped in <mark>…</mark>.',
      // The body's characters (see Message.body's cost), some escaped, plus the marks.
      extensions: { cost: 2 * Math.ceil(MAX_BODY_LENGTH / 100) } satisfies FieldCostExtensions,
    }),
  }),
});

const MessageSearchConnection = builder.connectionObject(
  { type: MessageRef, name: 'MessageSearchConnection', description: 'A page of search results, most relevant first.' },
  MessageSearchEdge,
);

/** `<rank>:<id>`: the rank as the search printed it (see SearchKey), and the message's row id. */
function parseSearchKey(key: string): SearchKey | null {
  const match = /^(\d+(?:\.\d+)?(?:e[+-]?\d+)?):(\d+)$/.exec(key);
  const id = match && parseIdKey(match[2]!);
  if (!match || !id) return null;
  // Within `real`'s range: anything else would fail the cast in SQL instead of being refused here.
  const rank = Number(match[1]);
  return rank === 0 || (rank >= 1e-37 && rank <= 3.4e38) ? { rank: match[1]!, id } : null;
}

const searchCursor = (key: SearchKey) => encodeCursor('search', `${key.rank}:${key.id}`);

builder.queryField('searchMessages', (t) =>
  t.withAuth({ authenticated: true }).field({
    type: MessageSearchConnection,
    description:
      'Messages of your rooms (or of `roomId`) matching `query`: words by prefix (`hel` finds "Hello"), ' +
      'Korean, Japanese and Chinese by fragment (`안녕` finds "안녕하세요"); every part must match. Most ' +
      'relevant first, then newest; deleted messages never. 1–200 characters with a letter or digit.',
    args: {
      query: t.arg.string({ required: true, description: '1–200 characters, with at least one letter or digit.' }),
      roomId: t.arg.id({ description: 'Search this room only (NOT_FOUND unless you are a member).' }),
      first: t.arg.int({ description: 'At most this many results (0–100, default 20).' }),
      after: t.arg.string({ description: 'An edge cursor of a previous page.' }),
    },
    extensions: { statementCost: SEARCH_STATEMENT_COST } satisfies FieldCostExtensions,
    resolve: async (_root, args, context) => {
      const roomId = args.roomId == null ? null : parseGlobalId(args.roomId, 'Room', 'roomId');
      const page = toPageRequest({ first: args.first, after: args.after }, 'search', parseSearchKey);
      const result = await search.searchMessages(context.db, context.viewer.userId, args.query, roomId, page);
      // `sender` then resolves without another query.
      const users = UserRef.getDataloader(context);
      for (const sender of result.senders.values()) users.prime(sender.id, sender);
      const edges = result.items.map((item) => ({
        cursor: searchCursor(item.key),
        node: withSender(item.message, result.senders.get(item.message.senderId)),
        highlight: item.highlight,
      }));
      return {
        edges,
        pageInfo: {
          startCursor: edges[0]?.cursor ?? null,
          endCursor: edges.at(-1)?.cursor ?? null,
          hasNextPage: result.hasMore,
          hasPreviousPage: page.after !== null,
        },
      };
    },
  }),
);
