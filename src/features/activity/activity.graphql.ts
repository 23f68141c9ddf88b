import { sendTyping } from './typing.service.js';
import { listening } from '../../realtime/live-stream.js';
import { typingStream, type TypingEvent } from '../../realtime/streams.js';
import type { MutationRateLimit } from '../../security/mutation-limits.js';
import { builder } from '../../graphql/builder.js';
import { encodeGlobalId, parseGlobalId } from '../../graphql/global-id.js';
import { requireRoomMember } from '../../graphql/refs.js';
import { UserRef } from '../accounts/users.graphql.js';

// Live, ephemeral activity: typing indicators (the per-user inbox is in inbox.graphql.ts).

const TypingEventRef = builder.objectRef<TypingEvent>('TypingEvent').implement({
  description: 'Someone started or stopped typing. Never stored.',
  fields: (t) => ({
    roomId: t.id({ description: 'The room (a Room id).', resolve: (event) => encodeGlobalId('Room', event.roomId) }),
    user: t.field({ type: UserRef, description: 'Who is typing.', resolve: (event) => event.userId }),
    typing: t.exposeBoolean('typing', { description: 'True: started or still typing; false: stopped.' }),
    expiresAt: t.expose('expiresAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When the indicator lapses unless renewed; null when typing is false.',
    }),
  }),
});

builder.mutationField('sendTypingIndicator', (t) =>
  t.withAuth({ authenticated: true }).boolean({
    description:
      'Tells the room you are typing; repeat every few seconds while you are. Calls closer than a second apart ' +
      'are coalesced. Other members see it through `typing`.',
    args: { roomId: t.arg.id({ required: true, description: 'A room you are a member of.' }) },
    extensions: { rateLimit: 'typing' satisfies MutationRateLimit },
    resolve: async (_root, args, context) => {
      const viewerId = context.viewer.userId;
      const roomId = parseGlobalId(args.roomId, 'Room', 'roomId');
      await sendTyping(context, viewerId, roomId);
      return true;
    },
  }),
);

builder.subscriptionField('typing', (t) =>
  t.withAuth({ authenticated: true }).field({
    type: TypingEventRef,
    description: "Who is typing in a room (never the viewer's own signals). Members only.",
    args: { roomId: t.arg.id({ required: true, description: 'A room you are a member of.' }) },
    subscribe: async (_root, args, context) => {
      const { viewerId, roomId } = await requireRoomMember(context, args.roomId);
      return listening(typingStream(context, viewerId, roomId), context.signal);
    },
    resolve: (event: TypingEvent) => event,
  }),
);
