import DataLoader from 'dataloader';
import { attached } from '../../platform/attached.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { builder } from '../../graphql/builder.js';
import { viewerSpecific } from '../../graphql/viewer-specific.js';
import { MessageRef, RoomRef } from '../../graphql/refs.js';
import { encodeCursor, toConnection, toPageRequest } from '../../graphql/pagination.js';
import { UserRef } from '../accounts/users.graphql.js';
import { getActiveMutes } from './mutes.repository.js';
import {
  getMemberships,
  getViewerRoles,
  listMemberships,
  type MembershipKey,
  type RoomMembership,
} from './memberships.repository.js';
import type { RoomRole } from './roles.js';

// Rooms as groups of people: roles, memberships with read positions, the viewer's mute.

export const RoomRoleEnum = builder.enumType('RoomRole', {
  description: "A member's role in a group room (both members of a direct room are MEMBER).",
  values: {
    OWNER: { description: 'Exactly one per group room: adds and removes anyone, edits the room, sets roles.' },
    ADMIN: { description: 'Adds and removes plain members, edits the name and topic.' },
    MEMBER: { description: 'Reads and writes.' },
  } as const,
});

/**
 * A member as RoomMember shows them: a whole membership, or a read receipt (role and join time
 * are then read when asked for, batched per operation).
 */
export type RoomMemberSource = Pick<RoomMembership, 'roomId' | 'userId'> &
  Partial<RoomMembership> & { lastReadMessageId: string | null; lastReadAt: Date | null };

const MEMBERSHIP_LOADER = Symbol('membership loader');

/** This operation's loader of memberships by "roomId:userId". */
const membershipLoader = (context: GraphQLContext) =>
  attached(
    context,
    MEMBERSHIP_LOADER,
    () =>
      new DataLoader(async (keys: readonly string[]) => {
        const pairs = keys.map((key) => {
          const [roomId, userId] = key.split(':') as [string, string];
          return { roomId, userId };
        });
        const found = new Map(
          (await getMemberships(context.db, pairs)).map((row) => [`${row.roomId}:${row.userId}`, row]),
        );
        return keys.map((key) => found.get(key) ?? null);
      }),
  );

async function fullMembership(member: RoomMemberSource, context: GraphQLContext): Promise<RoomMembership | null> {
  if (member.role !== undefined && member.joinedAt !== undefined) return member as RoomMembership;
  return membershipLoader(context).load(`${member.roomId}:${member.userId}`);
}

export const RoomMemberRef = builder.objectRef<RoomMemberSource>('RoomMember').implement({
  description: 'A member of a room: who, their role, since when, and how far they have read.',
  fields: (t) => ({
    user: t.field({ type: UserRef, description: 'The member.', resolve: (member) => member.userId }),
    role: t.field({
      type: RoomRoleEnum,
      description: 'Their role in the room (MEMBER once they have left).',
      // A member who left since the event reads as a plain member.
      resolve: async (member, _args, context) => (await fullMembership(member, context))?.role ?? 'MEMBER',
    }),
    joinedAt: t.field({
      type: 'DateTime',
      description: 'When they joined or were added.',
      resolve: async (member, _args, context) => (await fullMembership(member, context))?.joinedAt ?? new Date(0),
    }),
    lastReadMessage: t.field({
      type: MessageRef,
      nullable: true,
      description: 'The latest message this member has read (read receipts); null until they read one.',
      resolve: (member) => member.lastReadMessageId,
    }),
    lastReadAt: t.expose('lastReadAt', { type: 'DateTime', nullable: true, description: 'When they read it.' }),
  }),
});

const membershipCursor = (key: MembershipKey) => encodeCursor('member', `${key.joinedMicros}.${key.userId}`);

const parseMembershipKey = (key: string): MembershipKey | null => {
  const match = /^(\d{1,20})\.([1-9]\d{0,17})$/.exec(key);
  return match ? { joinedMicros: match[1]!, userId: match[2]! } : null;
};

builder.objectFields(RoomRef, (t) => ({
  topic: t.exposeString('topic', { nullable: true, description: 'What the room is about; null when unset.' }),
  myRole: t.withAuth({ authenticated: true }).loadable({
    type: RoomRoleEnum,
    description: "The viewer's role in this room.",
    extensions: viewerSpecific,
    load: async (roomIds: string[], context): Promise<RoomRole[]> => {
      const roles = await getViewerRoles(context.db, context.viewer.userId, roomIds);
      return roomIds.map((id) => roles.get(id) ?? 'MEMBER');
    },
    resolve: (room) => room.id,
  }),
  mutedUntil: t.withAuth({ authenticated: true }).loadable({
    type: 'DateTime',
    nullable: true,
    description: "The viewer's mute of this room (muteRoom); null when not muted.",
    extensions: viewerSpecific,
    load: async (roomIds: string[], context) => {
      const mutes = await getActiveMutes(context.db, context.viewer.userId, roomIds);
      return roomIds.map((id) => mutes.get(id) ?? null);
    },
    resolve: (room) => room.id,
  }),
  memberships: t.connection(
    {
      type: RoomMemberRef,
      description: 'The members with their roles and read positions, in join order.',
      resolve: async (room, args, context) => {
        const page = toPageRequest(args, 'member', parseMembershipKey);
        const result = await listMemberships(context.db, room.id, page);
        return toConnection(page, result, (member) => membershipCursor(member.key));
      },
    },
    { name: 'RoomMemberConnection', description: 'A page of members, in join order.' },
    { name: 'RoomMemberEdge', description: 'A member and their cursor.' },
  ),
}));
