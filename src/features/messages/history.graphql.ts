import DataLoader from 'dataloader';
import { attached } from '../../platform/attached.js';
import type { PageRequest } from '../../platform/db/pagination.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { builder } from '../../graphql/builder.js';
import { MessageRef, messageCursor, withSender } from '../../graphql/refs.js';
import { toConnection } from '../../graphql/pagination.js';
import { UserRef } from '../accounts/users.graphql.js';
import { listHistory, type HistoryPage, type HistoryScope } from './history.repository.js';

/** One connection type for a room's messages and a thread's (the contract names it MessageConnection). */
export const MessageConnection = builder.connectionObject(
  { type: MessageRef, name: 'MessageConnection', description: 'A page of messages, oldest first.' },
  { name: 'MessageEdge', description: 'A message and its cursor (the same as Message.cursor).' },
);

const HISTORY_LOADERS = Symbol('history page loaders');

/**
 * Per operation, scope and page request, the rooms (or threads) whose history is asked for are read
 * together: a list of rooms, or of messages each with its thread, costs one statement per level.
 */
function historyLoader(
  context: GraphQLContext,
  scope: HistoryScope,
  page: PageRequest<string>,
): DataLoader<string, HistoryPage> {
  const loaders = attached(context, HISTORY_LOADERS, () => new Map<string, DataLoader<string, HistoryPage>>());
  const key = `${scope}:${JSON.stringify(page)}`;
  let loader = loaders.get(key);
  if (!loader) {
    loader = new DataLoader(async (parentIds: readonly string[]) => {
      const pages = await listHistory(context.db, scope, parentIds, page);
      return parentIds.map((id) => pages.get(id)!);
    });
    loaders.set(key, loader);
  }
  return loader;
}

/**
 * A page of a room's or a thread's messages as a connection. `prefetched` is the same page when it
 * was read already (alongside the room's membership check).
 */
export async function historyConnection(
  context: GraphQLContext,
  scope: HistoryScope,
  parentId: string,
  page: PageRequest<string>,
  prefetched?: Promise<HistoryPage>,
) {
  const result = await (prefetched ?? historyLoader(context, scope, page).load(parentId));
  // `sender` then resolves without another query, and without waiting for the data loader.
  const users = UserRef.getDataloader(context);
  for (const sender of result.senders.values()) users.prime(sender.id, sender);
  for (const message of result.items) withSender(message, result.senders.get(message.senderId));
  return toConnection(page, result, messageCursor);
}
