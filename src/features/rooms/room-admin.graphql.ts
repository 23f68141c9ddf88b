import { builder } from '../../graphql/builder.js';
import { parseGlobalId } from '../../graphql/global-id.js';
import { requireRoomMember, RoomRef } from '../../graphql/refs.js';
import { listening } from '../../realtime/live-stream.js';
import { readReceiptsStream, roomUpdatedStream } from '../../realtime/streams.js';
import type { MutationRateLimit } from '../../security/mutation-limits.js';
import type { MembershipEvent, ReadReceipt } from './room-events.js';
import { UserRef } from '../accounts/users.graphql.js';
import { RoomMemberRef, RoomRoleEnum, type RoomMemberSource } from './memberships.graphql.js';
import * as admin from './room-admin.service.js';
import { muteRoom } from './mutes.service.js';

// Administration of group rooms by their OWNER and ADMINs, each member's mute, and read receipts.

const UpdateRoomInput = builder.inputType('UpdateRoomInput', {
  description: "Changes to a group room's name and topic.",
  fields: (t) => ({
    roomId: t.id({ required: true, description: 'A group room where you are OWNER or ADMIN.' }),
    name: t.string({ description: '1–100 characters; leave out to keep the name.' }),
    topic: t.string({ description: 'At most 500 characters; null or empty clears it; leave out to keep it.' }),
  }),
});

const roomAndUser = (args: { roomId: string; userId: string }) => ({
  roomId: parseGlobalId(args.roomId, 'Room', 'roomId'),
  userId: parseGlobalId(args.userId, 'User', 'userId'),
});

builder.mutationFields((t) => ({
  updateRoom: t.withAuth({ authenticated: true }).field({
    type: RoomRef,
    description: 'Renames a group room and/or sets its topic: the OWNER and ADMINs (FORBIDDEN for others).',
    args: { input: t.arg({ type: UpdateRoomInput, required: true, description: 'The room and what changes.' }) },
    extensions: { rateLimit: 'roomAdmin' satisfies MutationRateLimit },
    resolve: (_root, { input }, context) => {
      const roomId = parseGlobalId(input.roomId, 'Room', 'roomId');
      const details: { name?: string | null; topic?: string | null } = {};
      if (input.name !== undefined) details.name = input.name;
      if (input.topic !== undefined) details.topic = input.topic;
      return admin.updateRoom(context, context.viewer.userId, roomId, details);
    },
  }),
  removeRoomMember: t.withAuth({ authenticated: true }).field({
    type: RoomRef,
    description:
      'Removes a member from a group room: the OWNER anyone, an ADMIN plain members. Their subscriptions to the room end at once.',
    args: {
      roomId: t.arg.id({ required: true, description: 'A room you are a member of.' }),
      userId: t.arg.id({ required: true, description: 'A member to remove.' }),
    },
    extensions: { rateLimit: 'roomAdmin' satisfies MutationRateLimit },
    resolve: (_root, args, context) => {
      const { roomId, userId } = roomAndUser(args);
      return admin.removeRoomMember(context, context.viewer.userId, roomId, userId);
    },
  }),
  setRoomMemberRole: t.withAuth({ authenticated: true }).field({
    type: RoomRef,
    description:
      "The OWNER sets a member's role; making another member OWNER hands the room over (the old OWNER becomes ADMIN).",
    args: {
      roomId: t.arg.id({ required: true, description: 'A room you are a member of.' }),
      userId: t.arg.id({ required: true, description: 'A member of the room.' }),
      role: t.arg({ type: RoomRoleEnum, required: true, description: 'The new role; OWNER hands the room over.' }),
    },
    extensions: { rateLimit: 'roomAdmin' satisfies MutationRateLimit },
    resolve: (_root, args, context) => {
      const { roomId, userId } = roomAndUser(args);
      return admin.setRoomMemberRole(context, context.viewer.userId, roomId, userId, args.role);
    },
  }),
  muteRoom: t.withAuth({ authenticated: true }).field({
    type: RoomRef,
    description:
      'Mutes the room for you until `until` (null unmutes). Unread counts go on; inbox events carry `muted: true`.',
    args: {
      roomId: t.arg.id({ required: true, description: 'A room you are a member of.' }),
      until: t.arg({ type: 'DateTime', description: 'A future instant (BAD_USER_INPUT otherwise); null unmutes.' }),
    },
    extensions: { rateLimit: 'mute' satisfies MutationRateLimit },
    resolve: (_root, args, context) =>
      muteRoom(context, context.viewer.userId, parseGlobalId(args.roomId, 'Room', 'roomId'), args.until ?? null),
  }),
}));

const receiptMember = (receipt: ReadReceipt): RoomMemberSource => ({
  roomId: receipt.roomId,
  userId: receipt.userId,
  lastReadMessageId: receipt.messageId,
  lastReadAt: new Date(receipt.readAt),
});

builder.subscriptionField('readReceipts', (t) =>
  t.withAuth({ authenticated: true }).field({
    type: RoomMemberRef,
    description:
      "Other members' read positions as they move (markRoomRead), coalesced per room about four times a second. Members only.",
    args: { roomId: t.arg.id({ required: true, description: 'A room you are a member of.' }) },
    subscribe: async (_root, args, context) => {
      const { viewerId, roomId } = await requireRoomMember(context, args.roomId);
      return listening(readReceiptsStream(context, viewerId, roomId), context.signal);
    },
    resolve: (receipt: ReadReceipt) => receiptMember(receipt),
  }),
);

const RoomUpdateKind = builder.enumType('RoomUpdateKind', {
  description: 'What changed in a room (RoomUpdate.kind).',
  values: {
    MEMBERS_ADDED: { description: 'These users joined or were added.' },
    MEMBERS_REMOVED: { description: 'These users left or were removed.' },
    ROLE_CHANGED: { description: "These members' roles changed (see RoomMember.role)." },
    ROOM_UPDATED: { description: 'The name or topic changed; users: who changed it.' },
  } as const,
});

type RoomUpdate = MembershipEvent & { roomId: string; kind: Exclude<MembershipEvent['kind'], 'DIRECT_ROOM_SUSPENDED'> };

const RoomUpdateRef = builder.objectRef<RoomUpdate>('RoomUpdate').implement({
  description: "A change to a room's members, roles, name or topic.",
  fields: (t) => ({
    kind: t.field({ type: RoomUpdateKind, description: 'What changed.', resolve: (update) => update.kind }),
    room: t.field({ type: RoomRef, description: 'The room as it is now.', resolve: (update) => update.roomId }),
    users: t.field({
      type: [UserRef],
      description: 'Whom it is about (at most 100: a call adds at most that many).',
      extensions: { listSize: 5 },
      resolve: (update) => update.userIds,
    }),
  }),
});

builder.subscriptionField('roomUpdated', (t) =>
  t.withAuth({ authenticated: true }).field({
    type: RoomUpdateRef,
    description:
      "Changes to a room's members, roles, name and topic, in the room's order. Members only; ends when the viewer leaves or is removed.",
    args: { roomId: t.arg.id({ required: true, description: 'A room you are a member of.' }) },
    subscribe: async (_root, args, context) => {
      const { viewerId, roomId } = await requireRoomMember(context, args.roomId);
      return listening(roomUpdatedStream(context, viewerId, roomId), context.signal);
    },
    resolve: (event: MembershipEvent, args) =>
      ({ ...event, roomId: parseGlobalId(args.roomId, 'Room', 'roomId') }) as RoomUpdate,
  }),
);
