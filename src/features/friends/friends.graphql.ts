import * as friends from './friends.service.js';
import { signedIn, type GraphQLContext } from '../../graphql/context.js';
import { eventScopedLoader, loadAll } from '../../graphql/event-scope.js';
import * as friendsRepository from './friends.repository.js';
import type { FriendRequest, FriendshipStatus } from './friends.repository.js';
import type { User } from '../accounts/users.repository.js';
import type { MutationRateLimit } from '../../security/mutation-limits.js';
import { builder } from '../../graphql/builder.js';
import { viewerSpecific } from '../../graphql/viewer-specific.js';
import { parseGlobalId } from '../../graphql/global-id.js';
import { encodeCursor, parseIdKey, toConnection, toPageRequest } from '../../graphql/pagination.js';
import { UserRef } from '../accounts/users.graphql.js';

const FriendshipStatusRef = builder.enumType('FriendshipStatus', {
  description: "The signed-in user's relation to another user.",
  values: {
    NONE: { description: 'No relation (also what a user who was blocked sees of the blocker).' },
    REQUEST_SENT: { description: 'The viewer asked this user to be friends; the request is pending.' },
    REQUEST_RECEIVED: { description: 'This user asked the viewer to be friends; the request is pending.' },
    FRIENDS: { description: 'You are friends: you can open a direct room and add each other to groups.' },
    BLOCKED: { description: 'The viewer blocked this user.' },
    SELF: { description: 'This user is the viewer.' },
  } as const satisfies Record<FriendshipStatus, { description?: string }>,
});

interface ViewerAndUser {
  viewerId: string;
  userId: string;
}

const EVENT_FRIENDSHIPS = Symbol('friendships read for an event');

/** The subscribers' relations to the users of one event: one statement per user (the sender, mostly). */
async function friendshipsOfPairs(context: GraphQLContext, pairs: readonly ViewerAndUser[]) {
  const viewersByUser = new Map<string, string[]>();
  for (const { viewerId, userId } of pairs) {
    const viewers = viewersByUser.get(userId);
    if (viewers) viewers.push(viewerId);
    else viewersByUser.set(userId, [viewerId]);
  }
  const byUser = new Map(
    await Promise.all(
      [...viewersByUser].map(
        async ([userId, viewerIds]) =>
          [userId, await friendsRepository.friendshipStatusesTowards(context.db, viewerIds, userId)] as const,
      ),
    ),
  );
  return pairs.map(({ viewerId, userId }) => byUser.get(userId)?.get(viewerId) ?? 'NONE');
}

builder.objectField(UserRef, 'friendship', (t) =>
  t.loadable({
    type: FriendshipStatusRef,
    description:
      'How the signed-in user relates to this user. NONE when nobody is signed in, and for a deleted account.',
    extensions: viewerSpecific,
    // One query for every user in the response, cached for the operation.
    load: async (ids: string[], context): Promise<FriendshipStatus[]> => {
      if (!context.viewer) return ids.map(() => 'NONE');
      const viewerId = context.viewer.userId;
      const shared = eventScopedLoader(
        context,
        EVENT_FRIENDSHIPS,
        (pairs: readonly ViewerAndUser[]) => friendshipsOfPairs(context, pairs),
        (pair) => `${pair.viewerId}:${pair.userId}`,
      );
      if (shared)
        return loadAll(
          shared,
          ids.map((userId) => ({ viewerId, userId })),
        );
      const statuses = await friendsRepository.friendshipStatuses(context.db, viewerId, ids);
      return ids.map((id) => statuses.get(id) ?? 'NONE');
    },
    resolve: (user: User) => user.id,
  }),
);

export const FriendRequestRef = builder.loadableNode('FriendRequest', {
  description: 'A pending friend request. Only its sender and its recipient can see it.',
  id: { resolve: (request: FriendRequest) => request.id },
  load: (ids: string[], context): Promise<FriendRequest[]> =>
    context.viewer
      ? friendsRepository.getFriendRequestsForViewer(context.db, context.viewer.userId, ids)
      : Promise.resolve([]),
  sort: (request: FriendRequest) => request.id,
  fields: (t) => ({
    from: t.field({ type: UserRef, description: 'Who asked.', resolve: (request) => request.fromUserId }),
    to: t.field({ type: UserRef, description: 'Who was asked.', resolve: (request) => request.toUserId }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was sent.' }),
  }),
});

/** The budget of ending a request or a friendship: the deprecated mutations and their successors alike. */
export const FRIEND_REMOVAL_LIMIT = { rateLimit: 'write' satisfies MutationRateLimit };

/** A page of users (friends, search results, who reacted with an emoji). */
export const UserConnection = builder.connectionObject(
  { type: UserRef, name: 'UserConnection', description: 'A page of users, in the order the field describes.' },
  { name: 'UserEdge', description: 'A user and their cursor.' },
);

/** Search cursors carry a username: 1–32 of a–z, 0–9 and _. */
const parseUsernameKey = (key: string): string | null => (/^[a-z0-9_]{1,32}$/.test(key) ? key : null);

builder.queryFields((t) => ({
  friends: t.connection(
    {
      authScopes: { authenticated: true },
      type: UserRef,
      description: "The signed-in user's friends, in a stable order (by id).",
      resolve: async (_root, args, context) => {
        const { db, viewer } = signedIn(context);
        const page = toPageRequest(args, 'friend', parseIdKey);
        const result = await friendsRepository.listFriends(db, viewer.userId, page);
        return toConnection(page, result, (user) => encodeCursor('friend', user.id));
      },
    },
    UserConnection,
  ),
  searchUsers: t.connection(
    {
      authScopes: { authenticated: true },
      type: UserRef,
      description:
        'Users whose username or display name starts with `query` (1–64 characters, any case), by username. ' +
        'Leaves out the signed-in user and users who blocked them.',
      args: { query: t.arg.string({ required: true, description: 'The start of a username or display name.' }) },
      resolve: async (_root, args, context) => {
        const { db, viewer } = signedIn(context);
        const page = toPageRequest(args, 'search', parseUsernameKey);
        const result = await friends.searchUsers(db, viewer.userId, args.query, page);
        return toConnection(page, result, (user) => encodeCursor('search', user.username));
      },
    },
    UserConnection,
  ),
  incomingFriendRequests: t.withAuth({ authenticated: true }).field({
    type: [FriendRequestRef],
    description: `Pending requests to the signed-in user, newest first (at most ${friendsRepository.MAX_PENDING_REQUESTS_LISTED}).`,
    resolve: (_root, _args, { db, viewer }) => friendsRepository.listIncomingFriendRequests(db, viewer.userId),
  }),
  outgoingFriendRequests: t.withAuth({ authenticated: true }).field({
    type: [FriendRequestRef],
    description: `Pending requests the signed-in user sent, newest first (at most ${friendsRepository.MAX_PENDING_REQUESTS_LISTED}).`,
    resolve: (_root, _args, { db, viewer }) => friendsRepository.listOutgoingFriendRequests(db, viewer.userId),
  }),
}));

builder.mutationFields((t) => ({
  sendFriendRequest: t.withAuth({ authenticated: true }).field({
    type: FriendRequestRef,
    description:
      'Asks a user to be friends; sending it again returns the pending request. If they already asked you, ' +
      'you become friends at once and their request is returned.',
    args: { userId: t.arg.id({ required: true, description: 'The user to ask (not yourself, nor across a block).' }) },
    extensions: { rateLimit: 'friendRequest' satisfies MutationRateLimit },
    resolve: async (_root, args, { db, viewer }) => {
      const targetId = parseGlobalId(String(args.userId), 'User', 'userId');
      return friends.sendFriendRequest(db, viewer.userId, targetId);
    },
  }),
  acceptFriendRequest: t.withAuth({ authenticated: true }).field({
    type: UserRef,
    description: 'The recipient accepts a request; returns the new friend.',
    args: { requestId: t.arg.id({ required: true, description: 'A pending FriendRequest sent to you.' }) },
    resolve: (_root, args, { db, viewer }) =>
      friends.acceptFriendRequest(
        db,
        viewer.userId,
        parseGlobalId(String(args.requestId), 'FriendRequest', 'requestId'),
      ),
  }),
  declineFriendRequest: t.withAuth({ authenticated: true }).boolean({
    description: 'The recipient declines a request, or its sender withdraws it. Answers true.',
    args: { requestId: t.arg.id({ required: true, description: 'A pending FriendRequest you sent or received.' }) },
    extensions: FRIEND_REMOVAL_LIMIT,
    deprecationReason: 'Use rejectFriendRequest: it returns the removed request id and the other user.',
    resolve: (_root, args, { db, viewer }) =>
      friends.declineFriendRequest(
        db,
        viewer.userId,
        parseGlobalId(String(args.requestId), 'FriendRequest', 'requestId'),
      ),
  }),
  cancelFriendRequest: t.withAuth({ authenticated: true }).boolean({
    description: 'The sender withdraws their own pending request. Answers true.',
    args: { requestId: t.arg.id({ required: true, description: 'A pending FriendRequest you sent.' }) },
    extensions: FRIEND_REMOVAL_LIMIT,
    deprecationReason: 'Use withdrawFriendRequest: it returns the removed request id and the other user.',
    resolve: (_root, args, { db, viewer }) =>
      friends.cancelFriendRequest(
        db,
        viewer.userId,
        parseGlobalId(String(args.requestId), 'FriendRequest', 'requestId'),
      ),
  }),
}));

// Ending a relation: its direct room stops taking messages (friends.service.ts).
builder.mutationFields((t) => ({
  removeFriend: t.withAuth({ authenticated: true }).boolean({
    description: 'Ends a friendship, for both users. Answers true.',
    args: { userId: t.arg.id({ required: true, description: 'A friend of yours.' }) },
    extensions: FRIEND_REMOVAL_LIMIT,
    deprecationReason: 'Use unfriend: it returns the former friend, whose friendship is then NONE.',
    resolve: async (_root, args, context) => {
      const userId = parseGlobalId(String(args.userId), 'User', 'userId');
      return friends.removeFriend(context, context.viewer.userId, userId);
    },
  }),
  blockUser: t.withAuth({ authenticated: true }).field({
    type: UserRef,
    description:
      'Blocks a user: ends any friendship, drops pending requests both ways, and stops new ones. ' +
      'The blocked user is not told.',
    args: { userId: t.arg.id({ required: true, description: 'The user to block (not yourself).' }) },
    resolve: (_root, args, context) =>
      friends.blockUser(context, context.viewer.userId, parseGlobalId(String(args.userId), 'User', 'userId')),
  }),
  unblockUser: t.withAuth({ authenticated: true }).field({
    type: UserRef,
    description: 'Lifts a block (a no-op when there is none). Friendship does not come back by itself.',
    args: { userId: t.arg.id({ required: true, description: 'A user you blocked.' }) },
    resolve: (_root, args, { db, viewer }) =>
      friends.unblockUser(db, viewer.userId, parseGlobalId(String(args.userId), 'User', 'userId')),
  }),
}));
