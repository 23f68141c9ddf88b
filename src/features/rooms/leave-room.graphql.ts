import * as rooms from './rooms.service.js';
import type { SignedInContext } from '../../graphql/context.js';
import type { MutationRateLimit } from '../../security/mutation-limits.js';
import { builder } from '../../graphql/builder.js';
import { encodeGlobalId, parseGlobalId } from '../../graphql/global-id.js';

// Leaving a group room. leaveGroupRoom answers with the room's id, so a normalised cache can drop
// it; leaveRoom (the contract's name) answers only `true` and stays for the clients that use it.

const LEAVE_LIMIT = { rateLimit: 'write' satisfies MutationRateLimit };

const LeaveRoomPayload = builder.objectRef<{ roomId: string }>('LeaveRoomPayload').implement({
  description: 'A room you left.',
  fields: (t) => ({
    removedRoomId: t.id({
      description: 'The Room you left: drop it from `rooms` (it reads as NOT_FOUND to you now).',
      resolve: (left) => encodeGlobalId('Room', left.roomId),
    }),
  }),
});

async function leave(context: SignedInContext, rawRoomId: string): Promise<string> {
  const roomId = parseGlobalId(rawRoomId, 'Room', 'roomId');
  await rooms.leaveRoom(context, context.viewer.userId, roomId);
  return roomId;
}

builder.mutationFields((t) => ({
  leaveRoom: t.withAuth({ authenticated: true }).boolean({
    description: 'Leaves a group room (direct rooms cannot be left: FORBIDDEN). Answers true.',
    args: { roomId: t.arg.id({ required: true, description: 'A room you are a member of.' }) },
    extensions: LEAVE_LIMIT,
    deprecationReason: 'Use leaveGroupRoom: it returns the id of the room left.',
    resolve: async (_root, args, context) => {
      await leave(context, args.roomId);
      return true;
    },
  }),
  leaveGroupRoom: t.withAuth({ authenticated: true }).field({
    type: LeaveRoomPayload,
    description:
      'Leaves a group room: NOT_FOUND unless you are a member, FORBIDDEN for a direct room. An OWNER who leaves ' +
      'hands the room to the oldest ADMIN, else the oldest member. Your subscriptions to it end.',
    args: { roomId: t.arg.id({ required: true, description: 'A room you are a member of.' }) },
    extensions: LEAVE_LIMIT,
    resolve: async (_root, args, context) => ({ roomId: await leave(context, args.roomId) }),
  }),
}));
