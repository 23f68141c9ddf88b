import { sendTyping } from './typing.service.js';
import { listening } from '../../realtime/live-stream.js';
import { inboxStream, typingStream, type InboxEvent, type TypingEvent } from '../../realtime/streams.js';
import type { MutationRateLimit } from '../../security/mutation-limits.js';
import { builder } from '../../graphql/builder.js';
import { encodeGlobalId, parseGlobalId } from '../../graphql/global-id.js';
import { MessageRef, requireRoomMember, RoomRef } from '../../graphql/refs.js';
import { UserRef } from '../accounts/users.graphql.js';

// Live, ephemeral activity: typing indicators and the per-user inbox stream.

const TypingEventRef = builder.objectRef<TypingEvent>('TypingEvent').implement({
  description: 'Someone started or stopped typing. Never stored.',
  fields: (t) => ({
    roomId: t.id({ resolve: (event) => encodeGlobalId('Room', event.roomId) }),
    user: t.field({ type: UserRef, resolve: (event) => event.userId }),
    typing: t.exposeBoolean('typing'),
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
    args: { roomId: t.arg.id({ required: true }) },
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
    args: { roomId: t.arg.id({ required: true }) },
    subscribe: async (_root, args, context) => {
      const { viewerId, roomId } = await requireRoomMember(context, args.roomId);
      return listening(typingStream(context, viewerId, roomId), context.signal);
    },
    resolve: (event: TypingEvent) => event,
  }),
);

const InboxEventKind = builder.enumType('InboxEventKind', {
  values: {
    MESSAGE_ADDED: { description: 'A new message in one of your rooms.' },
    MENTIONED: { description: 'A message names you as @username (also when an edit adds you).' },
    ROOM_ADDED: { description: 'You joined a room or were added to one.' },
    ROOM_REMOVED: { description: 'You left a room or were removed from it.' },
    ROOM_UPDATED: { description: "A room's name, topic, members or roles changed." },
  } as const,
});

const InboxEventRef = builder.objectRef<InboxEvent>('InboxEvent').implement({
  fields: (t) => ({
    kind: t.field({ type: InboxEventKind, resolve: (event) => event.kind }),
    roomId: t.id({ resolve: (event) => encodeGlobalId('Room', event.roomId) }),
    room: t.field({
      type: RoomRef,
      nullable: true,
      description: 'Null once the viewer is no longer a member (ROOM_REMOVED).',
      resolve: (event) => event.roomId,
    }),
    message: t.field({ type: MessageRef, nullable: true, resolve: (event) => event.message }),
    muted: t.boolean({
      description: 'Whether you had muted the room when this happened: clients decide about notifications.',
      resolve: (event) => event.muted,
    }),
  }),
});

builder.subscriptionField('inbox', (t) =>
  t.withAuth({ authenticated: true }).field({
    type: InboxEventRef,
    description:
      "The viewer's activity across all their rooms: new messages, mentions of the viewer (MENTIONED, also when an edit adds one), rooms joined and left, and changes to a room's name, topic, members and roles (ROOM_UPDATED).",
    subscribe: (_root, _args, context) => {
      const viewerId = context.viewer.userId;
      return listening(inboxStream(context.inboxHub, viewerId), context.signal);
    },
    resolve: (event: InboxEvent) => event,
  }),
);
