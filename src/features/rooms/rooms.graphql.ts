import DataLoader from 'dataloader';
import { getArgumentValues, getNamedType, isObjectType, Kind, type FieldNode, type GraphQLResolveInfo } from 'graphql';
import { attached } from '../../platform/attached.js';
import { requireViewerId, type GraphQLContext } from '../../graphql/context.js';
import { listMessages, listMessagesOfRooms } from '../messages/messages.service.js';
import type { PageRequest } from '../../platform/db/pagination.js';
import * as rooms from './rooms.service.js';
import type { Room } from './rooms.service.js';
import * as events from '../../realtime/events.js';
import type { MutationRateLimit } from '../../security/mutation-limits.js';
import { builder } from '../../graphql/builder.js';
import { parseGlobalId } from '../../graphql/global-id.js';
import { MessageRef, messageCursor, RoomRef, withSender } from '../../graphql/refs.js';
import { encodeCursor, parseIdKey, toConnection, toPageRequest } from '../../graphql/pagination.js';
import { UserRef } from '../accounts/users.graphql.js';

const RoomKind = builder.enumType('RoomKind', { values: ['DIRECT', 'GROUP'] as const });

const roomCursor = (room: Room) => encodeCursor('room', room.activitySeq);

/** A page of messages read while the room's membership check ran, kept on the room it belongs to. */
const PREFETCHED_PAGE = Symbol('prefetched messages page');

interface PrefetchedPage {
  page: PageRequest<string>;
  result: ReturnType<typeof listMessages>;
}

/**
 * The page of `messages` a `room` selection asks for directly (one such field, without
 * directives), so that `room(id)` can read it alongside the membership check: one round trip of
 * waiting instead of two. Null when there is none, or when it is anything less simple.
 */
function selectedMessagesPage(info: GraphQLResolveInfo): PageRequest<string> | null {
  let selected: FieldNode | null = null;
  for (const fieldNode of info.fieldNodes) {
    for (const selection of fieldNode.selectionSet?.selections ?? []) {
      if (selection.kind !== Kind.FIELD || selection.name.value !== 'messages') continue;
      if (selected || selection.directives?.length) return null;
      selected = selection;
    }
  }
  const roomType = getNamedType(info.returnType);
  const field = selected && isObjectType(roomType) ? roomType.getFields().messages : undefined;
  if (!selected || !field) return null;
  try {
    return toPageRequest(getArgumentValues(field, selected, info.variableValues), 'msg', parseIdKey);
  } catch {
    return null; // bad arguments: the field itself reports them
  }
}

/** Field by field, so that a field added to PageRequest later takes part. */
const samePage = (a: PageRequest<string>, b: PageRequest<string>) =>
  (Object.keys({ ...a, ...b }) as Array<keyof PageRequest<string>>).every((key) => a[key] === b[key]);

/** The room if the viewer is a member (else NOT_FOUND), with the selected page of messages read meanwhile. */
async function loadRoom(context: GraphQLContext, roomId: string, info: GraphQLResolveInfo): Promise<Room> {
  const viewerId = requireViewerId(context);
  const page = selectedMessagesPage(info);
  const membership = rooms.requireMembership(context.db, viewerId, roomId);
  if (!page) return membership;
  // Started second: with one connection (PGlite) the membership check still goes first.
  const result = listMessages(context.db, roomId, page);
  // Used only once membership holds; a failure then surfaces from the messages field.
  result.catch(() => {});
  const room = await membership;
  attached<PrefetchedPage>(room, PREFETCHED_PAGE, () => ({ page, result }));
  return room;
}

const HISTORY_LOADERS = Symbol('history page loaders');
type HistoryPage = Awaited<ReturnType<typeof listMessages>>;

/**
 * Per operation and page request, the rooms whose history is asked for are read together: a list
 * of rooms (or of messages, each with its room) costs one statement per level, not one per room.
 */
function historyLoader(context: GraphQLContext, page: PageRequest<string>): DataLoader<string, HistoryPage> {
  const loaders = attached(context, HISTORY_LOADERS, () => new Map<string, DataLoader<string, HistoryPage>>());
  const key = JSON.stringify(page);
  let loader = loaders.get(key);
  if (!loader) {
    loader = new DataLoader(async (roomIds: readonly string[]) => {
      const pages = await listMessagesOfRooms(context.db, roomIds, page);
      return roomIds.map((id) => pages.get(id)!);
    });
    loaders.set(key, loader);
  }
  return loader;
}

RoomRef.implement({
  fields: (t) => ({
    kind: t.field({ type: RoomKind, resolve: (room) => room.kind }),
    name: t.exposeString('name', { nullable: true, description: 'Null for direct rooms.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    members: t.loadableList({
      type: UserRef,
      // Counted as a typical room's worth; the response size cap bounds the rare huge room.
      extensions: { listSize: 20 },
      load: async (roomIds: string[], context) => {
        const members = await rooms.getMemberIds(context.db, roomIds);
        return roomIds.map((id) => members.get(id) ?? []);
      },
      resolve: (room) => room.id,
    }),
    lastMessage: t.field({ type: MessageRef, nullable: true, resolve: (room) => room.lastMessageId }),
    unreadCount: t.loadable({
      type: 'Int',
      description: "Others' messages after your read marker; your own never count.",
      load: async (roomIds: string[], context) => {
        const counts = await rooms.getUnreadCounts(context.db, requireViewerId(context), roomIds);
        return roomIds.map((id) => counts.get(id) ?? 0);
      },
      resolve: (room) => room.id,
    }),
    messages: t.connection(
      {
        type: MessageRef,
        description:
          'Chronological. `first`/`after` pages forward from the oldest, `last`/`before` back from the newest.',
        resolve: async (room, args, context) => {
          const page = toPageRequest(args, 'msg', parseIdKey);
          const prefetched = (room as { [PREFETCHED_PAGE]?: PrefetchedPage })[PREFETCHED_PAGE];
          const result = await (prefetched && samePage(prefetched.page, page)
            ? prefetched.result
            : historyLoader(context, page).load(room.id));
          // `sender` then resolves without another query, and without waiting for the data loader.
          const users = UserRef.getDataloader(context);
          for (const sender of result.senders.values()) users.prime(sender.id, sender);
          for (const message of result.items) withSender(message, result.senders.get(message.senderId));
          return toConnection(page, result, messageCursor);
        },
      },
      { name: 'MessageConnection' },
      { name: 'MessageEdge' },
    ),
  }),
});

builder.queryField('rooms', (t) =>
  t.connection(
    {
      type: RoomRef,
      description: "The viewer's rooms, most recent activity first.",
      authScopes: { authenticated: true },
      resolve: async (_root, args, context) => {
        const page = toPageRequest(args, 'room', parseIdKey);
        return toConnection(page, await rooms.listRooms(context.db, requireViewerId(context), page), roomCursor);
      },
    },
    { name: 'RoomConnection' },
    { name: 'RoomEdge' },
  ),
);

builder.queryField('room', (t) =>
  t.field({
    type: RoomRef,
    nullable: true,
    description: 'NOT_FOUND unless the viewer is a member.',
    authScopes: { authenticated: true },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, context, info) => loadRoom(context, parseGlobalId(args.id, 'Room', 'id'), info),
  }),
);

const CreateRoomInput = builder.inputType('CreateRoomInput', {
  fields: (t) => ({
    name: t.string({ required: true, description: '1–100 characters.' }),
    memberIds: t.idList({ required: true, description: 'Friends of the creator, at most 100.' }),
  }),
});

const parseUserIds = (ids: readonly string[], field: string) => ids.map((id) => parseGlobalId(id, 'User', field));

builder.mutationFields((t) => ({
  openDirectRoom: t.field({
    type: RoomRef,
    description: 'The direct room with a friend; the same room every time.',
    authScopes: { authenticated: true },
    args: { userId: t.arg.id({ required: true }) },
    resolve: async (_root, args, context) => {
      const opened = await rooms.openDirectRoom(
        context.db,
        requireViewerId(context),
        parseGlobalId(args.userId, 'User', 'userId'),
      );
      if (opened.created) events.membersAdded(context.pubsub, opened.room.id, opened.memberIds);
      return opened.room;
    },
  }),
  createRoom: t.field({
    type: RoomRef,
    description: 'A group room of the creator and some of their friends.',
    authScopes: { authenticated: true },
    args: { input: t.arg({ type: CreateRoomInput, required: true }) },
    extensions: { rateLimit: 'createRoom' satisfies MutationRateLimit },
    resolve: async (_root, { input }, context) => {
      // A list over the cap is refused by the domain before any id is decoded.
      const memberIds =
        input.memberIds.length > rooms.MAX_MEMBERS_PER_CALL
          ? input.memberIds
          : parseUserIds(input.memberIds, 'memberIds');
      const created = await rooms.createRoom(
        context.db,
        requireViewerId(context),
        { name: input.name, memberIds },
        context.config.roomCaps,
      );
      events.membersAdded(context.pubsub, created.room.id, created.memberIds);
      return created.room;
    },
  }),
  addRoomMembers: t.field({
    type: RoomRef,
    description: 'Any member of a group room may add their own friends.',
    authScopes: { authenticated: true },
    args: { roomId: t.arg.id({ required: true }), userIds: t.arg.idList({ required: true }) },
    extensions: { rateLimit: 'roomMembers' satisfies MutationRateLimit },
    resolve: async (_root, args, context) => {
      const roomId = parseGlobalId(args.roomId, 'Room', 'roomId');
      const userIds =
        args.userIds.length > rooms.MAX_MEMBERS_PER_CALL ? args.userIds : parseUserIds(args.userIds, 'userIds');
      const viewerId = requireViewerId(context);
      const result = await rooms.addRoomMembers(context.db, viewerId, roomId, userIds, context.config.roomCaps);
      events.membersAdded(context.pubsub, roomId, result.addedUserIds);
      return result.room;
    },
  }),
  leaveRoom: t.boolean({
    description: 'Leaves a group room (direct rooms cannot be left).',
    authScopes: { authenticated: true },
    args: { roomId: t.arg.id({ required: true }) },
    resolve: async (_root, args, context) => {
      const viewerId = requireViewerId(context);
      const roomId = parseGlobalId(args.roomId, 'Room', 'roomId');
      await rooms.leaveRoom(context.db, viewerId, roomId);
      events.membersRemoved(context.pubsub, roomId, [viewerId]);
      return true;
    },
  }),
  markRoomRead: t.field({
    type: RoomRef,
    description: 'Moves the read marker to messageId, or to the latest message; never backwards.',
    authScopes: { authenticated: true },
    args: { roomId: t.arg.id({ required: true }), messageId: t.arg.id() },
    resolve: (_root, args, context) =>
      rooms.markRoomRead(
        context.db,
        requireViewerId(context),
        parseGlobalId(args.roomId, 'Room', 'roomId'),
        args.messageId ? parseGlobalId(args.messageId, 'Message', 'messageId') : null,
      ),
  }),
}));
