import { getArgumentValues, getNamedType, isObjectType, Kind, type FieldNode, type GraphQLResolveInfo } from 'graphql';
import { attached } from '../../platform/attached.js';
import type { SignedInContext } from '../../graphql/context.js';
import { historyConnection, MessageConnection } from '../messages/history.graphql.js';
import { listMessages, type HistoryPage } from '../messages/history.repository.js';
import { ROOM_START_ID } from '../messages/messages.repository.js';
import type { PageRequest } from '../../platform/db/pagination.js';
import * as rooms from './rooms.service.js';
import * as roomsRepository from './rooms.repository.js';
import type { Room } from './rooms.repository.js';
import type { MutationRateLimit } from '../../security/mutation-limits.js';
import { builder } from '../../graphql/builder.js';
import { viewerSpecific } from '../../graphql/viewer-specific.js';
import { parseGlobalId } from '../../graphql/global-id.js';
import { MessageRef, RoomRef } from '../../graphql/refs.js';
import { encodeCursor, parseIdKey, toConnection, toPageRequest } from '../../graphql/pagination.js';
import { UserRef } from '../accounts/users.graphql.js';

const RoomKind = builder.enumType('RoomKind', {
  description: 'Whether a room is between two friends or a named group.',
  values: {
    DIRECT: { description: 'Two friends; the same room every time (openDirectRoom); no name, cannot be left.' },
    GROUP: { description: 'A named room of up to many members with roles (createRoom).' },
  } as const,
});

const roomCursor = (room: Room) => encodeCursor('room', room.activitySeq);

/** A page of messages read while the room's membership check ran, kept on the room it belongs to. */
const PREFETCHED_PAGE = Symbol('prefetched messages page');

interface PrefetchedPage {
  page: PageRequest<string>;
  result: Promise<HistoryPage>;
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
async function loadRoom(context: SignedInContext, roomId: string, info: GraphQLResolveInfo): Promise<Room> {
  const viewerId = context.viewer.userId;
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

RoomRef.implement({
  description: 'A chat room: direct (two friends) or group. Visible to its members only.',
  fields: (t) => ({
    kind: t.field({ type: RoomKind, description: 'DIRECT or GROUP.', resolve: (room) => room.kind }),
    name: t.exposeString('name', { nullable: true, description: 'Null for direct rooms.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the room was created.' }),
    members: t.loadableList({
      type: UserRef,
      description: 'Everyone in the room (see memberships for roles and paging).',
      // Counted as a typical room's worth; the response size cap bounds the rare huge room.
      extensions: { listSize: 20 },
      load: async (roomIds: string[], context) => {
        const members = await roomsRepository.getMemberIds(context.db, roomIds);
        return roomIds.map((id) => members.get(id) ?? []);
      },
      resolve: (room) => room.id,
    }),
    lastMessage: t.field({
      type: MessageRef,
      nullable: true,
      description: 'The newest message (its tombstone if deleted); null in an empty room.',
      resolve: (room) => room.lastMessageId,
    }),
    headCursor: t.string({
      description:
        'Position of the newest message, or of the start of an empty room: subscribe to messageAdded(after:) ' +
        'with it and no message sent after this read is missed.',
      resolve: (room) => encodeCursor('msg', room.lastMessageId ?? ROOM_START_ID),
    }),
    unreadCount: t.withAuth({ authenticated: true }).loadable({
      type: 'Int',
      description: "Others' messages after your read marker; your own never count.",
      extensions: viewerSpecific,
      load: async (roomIds: string[], context) => {
        const counts = await roomsRepository.getUnreadCounts(context.db, context.viewer.userId, roomIds);
        return roomIds.map((id) => counts.get(id) ?? 0);
      },
      resolve: (room) => room.id,
    }),
    messages: t.connection(
      {
        type: MessageRef,
        description:
          'Top-level messages, chronological (thread messages are in Message.replies). `first`/`after` pages ' +
          'forward from the oldest, `last`/`before` back from the newest.',
        resolve: (room, args, context) => {
          const page = toPageRequest(args, 'msg', parseIdKey);
          const prefetched = (room as { [PREFETCHED_PAGE]?: PrefetchedPage })[PREFETCHED_PAGE];
          const result = prefetched && samePage(prefetched.page, page) ? prefetched.result : undefined;
          return historyConnection(context, 'room', room.id, page, result);
        },
      },
      MessageConnection,
    ),
  }),
});

builder.queryField('rooms', (t) =>
  t.withAuth({ authenticated: true }).connection(
    {
      type: RoomRef,
      description: "The viewer's rooms, most recent activity first.",
      resolve: async (_root, args, context) => {
        const page = toPageRequest(args, 'room', parseIdKey);
        return toConnection(page, await roomsRepository.listRooms(context.db, context.viewer.userId, page), roomCursor);
      },
    },
    { name: 'RoomConnection', description: 'A page of your rooms, most recent activity first.' },
    { name: 'RoomEdge', description: 'A room and its cursor.' },
  ),
);

builder.queryField('room', (t) =>
  t.withAuth({ authenticated: true }).field({
    type: RoomRef,
    nullable: true,
    description: 'NOT_FOUND unless the viewer is a member.',
    args: { id: t.arg.id({ required: true, description: 'A Room id.' }) },
    resolve: (_root, args, context, info) => loadRoom(context, parseGlobalId(args.id, 'Room', 'id'), info),
  }),
);

const CreateRoomInput = builder.inputType('CreateRoomInput', {
  description: 'A new group room.',
  fields: (t) => ({
    name: t.string({ required: true, description: '1–100 characters.' }),
    memberIds: t.idList({ required: true, description: 'Friends of the creator, at most 100.' }),
  }),
});

const parseUserIds = (ids: readonly string[], field: string) => ids.map((id) => parseGlobalId(id, 'User', field));

builder.mutationFields((t) => ({
  openDirectRoom: t.withAuth({ authenticated: true }).field({
    type: RoomRef,
    description: 'The direct room with a friend; the same room every time.',
    args: { userId: t.arg.id({ required: true, description: 'A friend of yours.' }) },
    resolve: async (_root, args, context) => {
      return rooms.openDirectRoom(context, context.viewer.userId, parseGlobalId(args.userId, 'User', 'userId'));
    },
  }),
  createRoom: t.withAuth({ authenticated: true }).field({
    type: RoomRef,
    description: 'A group room of the creator and some of their friends.',
    args: { input: t.arg({ type: CreateRoomInput, required: true, description: 'Its name and first members.' }) },
    extensions: { rateLimit: 'createRoom' satisfies MutationRateLimit },
    resolve: async (_root, { input }, context) => {
      // A list over the cap is refused by the domain before any id is decoded.
      const memberIds =
        input.memberIds.length > rooms.MAX_MEMBERS_PER_CALL
          ? input.memberIds
          : parseUserIds(input.memberIds, 'memberIds');
      return rooms.createRoom(context, context.viewer.userId, { name: input.name, memberIds }, context.config.roomCaps);
    },
  }),
  addRoomMembers: t.withAuth({ authenticated: true }).field({
    type: RoomRef,
    description: 'The OWNER and ADMINs of a group room add their own friends (FORBIDDEN for other members).',
    args: {
      roomId: t.arg.id({ required: true, description: 'A room you are a member of.' }),
      userIds: t.arg.idList({ required: true, description: 'Friends of yours, at most 100 per call.' }),
    },
    extensions: { rateLimit: 'roomMembers' satisfies MutationRateLimit },
    resolve: async (_root, args, context) => {
      const roomId = parseGlobalId(args.roomId, 'Room', 'roomId');
      const userIds =
        args.userIds.length > rooms.MAX_MEMBERS_PER_CALL ? args.userIds : parseUserIds(args.userIds, 'userIds');
      const viewerId = context.viewer.userId;
      return rooms.addRoomMembers(context, viewerId, roomId, userIds, context.config.roomCaps);
    },
  }),
  markRoomRead: t.withAuth({ authenticated: true }).field({
    type: RoomRef,
    description: 'Moves the read marker to messageId, or to the latest message; never backwards.',
    args: {
      roomId: t.arg.id({ required: true, description: 'A room you are a member of.' }),
      messageId: t.arg.id({ description: 'A message of the room; leave out for the latest.' }),
    },
    resolve: (_root, args, context) =>
      rooms.markRoomRead(
        context,
        context.viewer.userId,
        parseGlobalId(args.roomId, 'Room', 'roomId'),
        args.messageId != null ? parseGlobalId(args.messageId, 'Message', 'messageId') : null,
      ),
  }),
}));
