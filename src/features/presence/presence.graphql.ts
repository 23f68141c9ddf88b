import type { Presence } from './presence-store.js';
import { visiblePresence } from './presence.service.js';
import { listening } from '../../realtime/live-stream.js';
import { presenceStream, type PresenceEvent } from '../../realtime/presence-fanout.js';
import { builder } from '../../graphql/builder.js';
import { viewerSpecific } from '../../graphql/viewer-specific.js';
import type { User } from '../accounts/users.repository.js';
import { UserRef } from '../accounts/users.graphql.js';

// Who is online: a user holding at least one graphql-ws socket on any instance. Seen only by
// friends and by members of a group room together, never across a block.

const PresenceRef = builder.objectRef<Presence>('Presence').implement({
  description: 'Whether a user is connected, as their friends and room-mates see it.',
  fields: (t) => ({
    online: t.exposeBoolean('online', { description: 'True while the user holds a live connection.' }),
    lastSeenAt: t.expose('lastSeenAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When the user last went offline; null while online, or when not seen since the service started.',
    }),
  }),
});

builder.objectField(UserRef, 'presence', (t) =>
  t.loadable({
    type: PresenceRef,
    nullable: true,
    description:
      "The user's presence: null unless the signed-in user is this user, a friend, or a member of a group " +
      'room with them, and neither has blocked the other.',
    extensions: viewerSpecific,
    // One statement and one Redis round trip for every user in the response, cached for the operation.
    load: async (ids: string[], context): Promise<Array<Presence | null>> => {
      if (!context.viewer) return ids.map(() => null);
      const visible = await visiblePresence(context, context.viewer.userId, ids);
      return ids.map((id) => visible.get(id) ?? null);
    },
    resolve: (user: User) => user.id,
  }),
);

const PresenceEventRef = builder.objectRef<PresenceEvent>('PresenceEvent').implement({
  description: 'A friend or room-mate came online or went offline.',
  fields: (t) => ({
    user: t.field({ type: UserRef, description: 'Whose presence changed.', resolve: (event) => event.userId }),
    presence: t.field({ type: PresenceRef, description: 'Their presence now.', resolve: (event) => event.presence }),
  }),
});

builder.subscriptionField('presence', (t) =>
  t.withAuth({ authenticated: true }).field({
    type: PresenceEventRef,
    description:
      "Friends' and room-mates' presence changes, from now on: a user's first connection anywhere, and their " +
      'last one closing (or their server going away: within a minute). Another connection of a user already ' +
      'online announces nothing.',
    subscribe: (_root, _args, context) => {
      const stream = presenceStream(context.presence.fanout, context.subscriptionQuota, context.viewer.userId);
      return listening(stream, context.signal);
    },
    resolve: (event: PresenceEvent) => event,
  }),
);
