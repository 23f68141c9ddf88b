import DataLoader from 'dataloader';
import { attached } from '../../platform/attached.js';
import type { PageRequest, PageResult } from '../../platform/db/pagination.js';
import type { MutationRateLimit } from '../../security/mutation-limits.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { builder } from '../../graphql/builder.js';
import { parseGlobalId } from '../../graphql/global-id.js';
import { encodeCursor, toConnection, toPageRequest } from '../../graphql/pagination.js';
import { MessageRef } from '../../graphql/refs.js';
import { viewerSpecific } from '../../graphql/viewer-specific.js';
import { UserRef } from '../accounts/users.graphql.js';
import { UserConnection } from '../friends/friends.graphql.js';
import * as reactions from './reactions.service.js';
import type { ReactionGroup, Reactor, ReactorKey } from './reactions.service.js';

const ReactionGroupRef = builder.objectRef<ReactionGroup>('ReactionGroup').implement({
  description: "Everyone who reacted to a message with one emoji (one of the message's `reactions`).",
  fields: (t) => ({
    emoji: t.exposeString('emoji', { description: 'One emoji (👍, 👩‍💻, 🇰🇷) or a :shortcode:.' }),
    count: t.exposeInt('count', { description: 'How many users reacted with it.' }),
    reactedByMe: t.exposeBoolean('reactedByMe', {
      description: 'Whether the signed-in user is one of them.',
      extensions: viewerSpecific,
    }),
    users: t.field({
      type: UserConnection,
      description: 'Who reacted with it, in the order they did.',
      args: {
        first: t.arg.int({ description: 'At most this many users (0–100, default 20).' }),
        after: t.arg.string({ description: 'An edge cursor of a previous page.' }),
      },
      resolve: async (group, args, context) => {
        const page = toPageRequest(args, 'reactor', parseReactorKey);
        const result = await reactorsLoader(context, page).load(reactions.groupKey(group.messageId, group.emoji));
        // `node` then resolves at once (the user was read with the page), without the user loader.
        const users = UserRef.getDataloader(context);
        for (const { user } of result.items) users.prime(user.id, user);
        const connection = toConnection(page, result, reactorCursor);
        return { ...connection, edges: connection.edges.map(({ cursor, node }) => ({ cursor, node: node.user })) };
      },
    }),
  }),
});

builder.objectField(MessageRef, 'reactions', (t) =>
  t.loadableList({
    type: ReactionGroupRef,
    description:
      'One group per emoji, most used first (ties: the one reacted with first); none on a deleted message. ' +
      `At most ${reactions.MAX_DISTINCT_EMOJIS}.`,
    extensions: { listSize: reactions.MAX_DISTINCT_EMOJIS },
    // One statement for every message of the response, cached for the operation.
    load: async (messageIds: string[], context) => {
      const groups = await reactions.listReactionGroups(context.db, context.viewer?.userId ?? null, messageIds);
      return messageIds.map((id) => groups.get(id) ?? []);
    },
    resolve: (message) => message.id,
  }),
);

const reactorCursor = ({ key }: Reactor) => encodeCursor('reactor', `${key.reactedAt}~${key.userId}`);

/** A reactor cursor's key: the reaction's time (ISO, microseconds, UTC) and the user id. */
function parseReactorKey(key: string): ReactorKey | null {
  const match = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z)~([1-9]\d{0,17})$/.exec(key);
  if (!match) return null;
  const [, reactedAt, userId] = match as unknown as [string, string, string];
  // A well-formed date that names no real instant (February 30th) would fail in the database.
  const date = new Date(reactedAt);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 19) !== reactedAt.slice(0, 19)) return null;
  return { reactedAt, userId };
}

const REACTOR_LOADERS = Symbol('reactor page loaders');

/**
 * Per operation and page request, the users of every reaction group asked for are read together:
 * a page of messages with their reactions and who made them costs one statement, not one per group.
 */
function reactorsLoader(
  context: GraphQLContext,
  page: PageRequest<ReactorKey>,
): DataLoader<string, PageResult<Reactor>> {
  const loaders = attached(context, REACTOR_LOADERS, () => new Map<string, DataLoader<string, PageResult<Reactor>>>());
  const key = JSON.stringify(page);
  let loader = loaders.get(key);
  if (!loader) {
    loader = new DataLoader(async (groupKeys: readonly string[]) => {
      const groups = groupKeys.map((groupKey) => {
        const at = groupKey.indexOf(':');
        return { messageId: groupKey.slice(0, at), emoji: groupKey.slice(at + 1) };
      });
      const pages = await reactions.listReactors(context.db, groups, page);
      return groupKeys.map((groupKey) => pages.get(groupKey)!);
    });
    loaders.set(key, loader);
  }
  return loader;
}

builder.mutationFields((t) => ({
  addReaction: t.withAuth({ authenticated: true }).field({
    type: MessageRef,
    description:
      'Reacts to a message of your room with one emoji or a :shortcode: (BAD_USER_INPUT otherwise, and for a ' +
      `${reactions.MAX_DISTINCT_EMOJIS + 1}st distinct one). Adding your reaction again changes nothing.`,
    args: {
      messageId: t.arg.id({ required: true, description: 'A message of a room you are a member of.' }),
      emoji: t.arg.string({
        required: true,
        description: 'One emoji grapheme, or a :shortcode: of 2–32 a–z 0–9 _ + -.',
      }),
    },
    extensions: { rateLimit: 'reaction' satisfies MutationRateLimit },
    resolve: (_root, args, context) => {
      const messageId = parseGlobalId(args.messageId, 'Message', 'messageId');
      return reactions.addReaction(context, context.viewer.userId, messageId, args.emoji);
    },
  }),
  removeReaction: t.withAuth({ authenticated: true }).field({
    type: MessageRef,
    description: 'Takes your reaction back; taking back one you did not make changes nothing.',
    args: {
      messageId: t.arg.id({ required: true, description: 'A message of a room you are a member of.' }),
      emoji: t.arg.string({
        required: true,
        description: 'One emoji grapheme, or a :shortcode: of 2–32 a–z 0–9 _ + -.',
      }),
    },
    extensions: { rateLimit: 'reaction' satisfies MutationRateLimit },
    resolve: (_root, args, context) => {
      const messageId = parseGlobalId(args.messageId, 'Message', 'messageId');
      return reactions.removeReaction(context, context.viewer.userId, messageId, args.emoji);
    },
  }),
}));
