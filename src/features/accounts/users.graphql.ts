import { DELETED_USER_DISPLAY_NAME, deletedUsername, getUsersByIds, type User } from './users.repository.js';
import { findUserByUsername } from './users.service.js';
import { builder } from '../../graphql/builder.js';
import { viewerSpecific } from '../../graphql/viewer-specific.js';
import { eventScopedLoader, loadAll } from '../../graphql/event-scope.js';

const EVENT_USERS = Symbol('users read for an event');

export const UserRef = builder.loadableNode('User', {
  description: `A person. A deleted account still appears where it took part (a sender, a member), with \`deletedAt\` set.`,
  id: { resolve: (user: User) => user.id },
  // Deleted accounts load too, as senders and members; \`node\` and look-ups leave them out (builder.ts).
  load: (ids: string[], context): Promise<User[]> => {
    // Subscribers executing one event on their own (a viewer-dependent selection) share one read.
    const shared = eventScopedLoader(context, EVENT_USERS, async (keys: readonly string[]) => {
      const users = new Map((await getUsersByIds(context.db, keys)).map((user) => [user.id, user]));
      return keys.map((id) => users.get(id) ?? null);
    });
    if (!shared) return getUsersByIds(context.db, ids);
    return loadAll(shared, ids).then((users) => users.filter((user): user is User => user !== null));
  },
  sort: (user: User) => user.id,
  fields: (t) => ({
    username: t.exposeString('username', {
      description: `\`${deletedUsername('<id>')}\` for a deleted account (its old name is never shown, nor free to take).`,
    }),
    displayName: t.exposeString('displayName', {
      description: `The name shown; "${DELETED_USER_DISPLAY_NAME}" for a deleted account.`,
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the account was created.' }),
    deletedAt: t.expose('deletedAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When the account was deleted; null for a live one.',
    }),
  }),
});

builder.queryField('me', (t) =>
  t.field({
    type: UserRef,
    nullable: true,
    description: 'The signed-in user; null without a token.',
    extensions: viewerSpecific,
    resolve: (_root, _args, context) => context.viewer?.userId ?? null,
  }),
);

builder.queryField('user', (t) =>
  t.withAuth({ authenticated: true }).field({
    type: UserRef,
    nullable: true,
    args: { username: t.arg.string({ required: true, description: 'Any case.' }) },
    description:
      'The user with this username; null when there is none, when the account was deleted, or when they have blocked you.',
    resolve: (_root, args, context): Promise<User | null> =>
      findUserByUsername(context.db, context.viewer.userId, args.username),
  }),
);
