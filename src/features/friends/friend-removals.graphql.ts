import * as friends from './friends.service.js';
import * as friendsRepository from './friends.repository.js';
import type { SignedInContext } from '../../graphql/context.js';
import { notFound } from '../../platform/errors.js';
import { builder } from '../../graphql/builder.js';
import { encodeGlobalId, parseGlobalId } from '../../graphql/global-id.js';
import { UserRef } from '../accounts/users.graphql.js';
import { FRIEND_REMOVAL_LIMIT } from './friends.graphql.js';

// Ending a request or a friendship, answered with what changed so a normalised cache (Apollo, urql,
// Relay) updates itself: the successors of declineFriendRequest, cancelFriendRequest and
// removeFriend, which answer only `true`.

interface RemovedRequest {
  requestId: string;
  otherUserId: string;
}

const FriendRequestRemovedPayload = builder.objectRef<RemovedRequest>('FriendRequestRemovedPayload').implement({
  description: 'A pending friend request that is gone.',
  fields: (t) => ({
    removedRequestId: t.id({
      description: 'The FriendRequest removed: drop it from incomingFriendRequests/outgoingFriendRequests.',
      resolve: (removed) => encodeGlobalId('FriendRequest', removed.requestId),
    }),
    user: t.field({
      type: UserRef,
      description: 'The other user of the request, their `friendship` as it is now (NONE).',
      resolve: (removed) => removed.otherUserId,
    }),
  }),
});

const UnfriendPayload = builder.objectRef<{ userId: string }>('UnfriendPayload').implement({
  description: 'A friendship that ended.',
  fields: (t) => ({
    user: t.field({
      type: UserRef,
      description: 'The former friend, `friendship` now NONE: drop them from your friends list.',
      resolve: (ended) => ended.userId,
    }),
  }),
});

/** Removes a request the viewer may remove (`role`), first reading who the other user is. */
async function removeRequest(
  { db, viewer }: SignedInContext,
  rawRequestId: string,
  remove: typeof friends.declineFriendRequest,
): Promise<RemovedRequest> {
  const requestId = parseGlobalId(rawRequestId, 'FriendRequest', 'requestId');
  const [request] = await friendsRepository.getFriendRequestsForViewer(db, viewer.userId, [requestId]);
  if (!request) throw notFound('Friend request');
  await remove(db, viewer.userId, requestId);
  return { requestId, otherUserId: request.fromUserId === viewer.userId ? request.toUserId : request.fromUserId };
}

builder.mutationFields((t) => ({
  rejectFriendRequest: t.withAuth({ authenticated: true }).field({
    type: FriendRequestRemovedPayload,
    description: 'The recipient declines a request, or its sender withdraws it (NOT_FOUND for anyone else).',
    args: { requestId: t.arg.id({ required: true, description: 'A pending FriendRequest you sent or received.' }) },
    extensions: FRIEND_REMOVAL_LIMIT,
    resolve: (_root, args, context) => removeRequest(context, args.requestId, friends.declineFriendRequest),
  }),
  withdrawFriendRequest: t.withAuth({ authenticated: true }).field({
    type: FriendRequestRemovedPayload,
    description: 'The sender withdraws their own pending request (NOT_FOUND for anyone else).',
    args: { requestId: t.arg.id({ required: true, description: 'A pending FriendRequest you sent.' }) },
    extensions: FRIEND_REMOVAL_LIMIT,
    resolve: (_root, args, context) => removeRequest(context, args.requestId, friends.cancelFriendRequest),
  }),
  unfriend: t.withAuth({ authenticated: true }).field({
    type: UnfriendPayload,
    description:
      'Ends a friendship, for both users (NOT_FOUND when you are not friends); their direct room stays readable.',
    args: { userId: t.arg.id({ required: true, description: 'A friend of yours.' }) },
    extensions: FRIEND_REMOVAL_LIMIT,
    resolve: async (_root, args, context) => {
      const userId = parseGlobalId(args.userId, 'User', 'userId');
      await friends.removeFriend(context, context.viewer.userId, userId);
      return { userId };
    },
  }),
}));
