import { getUsersByIds, type User } from './users.repository.js';
import { findUserByUsername } from './users.service.js';
import { builder } from '../../graphql/builder.js';
import { viewerSpecific } from '../../graphql/viewer-specific.js';

export const UserRef = builder.loadableNode('User', {
  id: { resolve: (user: User) => user.id },
  load: (ids: string[], context): Promise<User[]> => getUsersByIds(context.db, ids),
  sort: (user: User) => user.id,
  fields: (t) => ({
    username: t.exposeString('username'),
    displayName: t.exposeString('displayName'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
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
    args: { username: t.arg.string({ required: true }) },
    description: 'The user with this username; null when there is none, or when they have blocked you.',
    resolve: (_root, args, context): Promise<User | null> =>
      findUserByUsername(context.db, context.viewer.userId, args.username),
  }),
);
