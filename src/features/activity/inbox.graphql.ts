import { listening } from '../../realtime/live-stream.js';
import { inboxStream, type InboxEvent } from '../../realtime/streams.js';
import { builder } from '../../graphql/builder.js';
import { encodeGlobalId } from '../../graphql/global-id.js';
import { MessageRef, RoomRef } from '../../graphql/refs.js';

// The per-user inbox stream. `details` is a union with one member per kind, each with non-null
// payloads; `message` and `room` on the event stay (deprecated) for clients written before it.

type MessageEvent = Extract<InboxEvent, { kind: 'MESSAGE_ADDED' | 'MENTIONED' }>;
type RoomEvent = Extract<InboxEvent, { kind: 'ROOM_ADDED' | 'ROOM_REMOVED' | 'ROOM_UPDATED' }>;

const InboxEventKind = builder.enumType('InboxEventKind', {
  description: 'What an inbox event is about; `InboxEvent.details` has one member per kind.',
  values: {
    MESSAGE_ADDED: { description: 'A new message in one of your rooms.' },
    MENTIONED: { description: 'A message names you as @username (also when an edit adds you).' },
    ROOM_ADDED: { description: 'You joined a room or were added to one.' },
    ROOM_REMOVED: { description: 'You left a room or were removed from it.' },
    ROOM_UPDATED: { description: "A room's name, topic, members or roles changed." },
  } as const,
});

const messageMember = (name: string, description: string) =>
  builder.objectRef<MessageEvent>(name).implement({
    description,
    fields: (t) => ({ message: t.field({ type: MessageRef, description: 'The message.', resolve: (e) => e.message }) }),
  });

const roomMember = (name: string, description: string) =>
  builder.objectRef<RoomEvent>(name).implement({
    description,
    fields: (t) => ({
      room: t.field({ type: RoomRef, description: 'The room as it is now.', resolve: (e) => e.roomId }),
    }),
  });

const members = {
  MESSAGE_ADDED: messageMember('InboxMessageAdded', 'A new message in one of your rooms (your own included).'),
  MENTIONED: messageMember('InboxMention', 'A message that names you as @username, new or edited to.'),
  ROOM_ADDED: roomMember('InboxRoomAdded', 'You joined a room or were added to one.'),
  ROOM_UPDATED: roomMember('InboxRoomUpdated', "A room's name, topic, members or roles changed."),
  ROOM_REMOVED: builder.objectRef<RoomEvent>('InboxRoomRemoved').implement({
    description: 'You left a room or were removed from it: drop it from your room list and caches.',
    fields: (t) => ({
      roomId: t.id({
        description: 'The room you are no longer in (it reads as NOT_FOUND to you now).',
        resolve: (e) => encodeGlobalId('Room', e.roomId),
      }),
    }),
  }),
};

const InboxEventDetails = builder.unionType('InboxEventDetails', {
  description: 'The payload of an inbox event, one member per `InboxEventKind`, each with its non-null fields.',
  types: Object.values(members),
  resolveType: (event: InboxEvent) => members[event.kind],
});

const InboxEventRef = builder.objectRef<InboxEvent>('InboxEvent').implement({
  description: 'Something happened in one of your rooms (the `inbox` subscription).',
  fields: (t) => ({
    kind: t.field({ type: InboxEventKind, description: 'What happened.', resolve: (event) => event.kind }),
    details: t.field({
      type: InboxEventDetails,
      description: 'What happened, with its payload: switch on `__typename`.',
      resolve: (event) => event,
    }),
    roomId: t.id({ description: 'The room it happened in.', resolve: (event) => encodeGlobalId('Room', event.roomId) }),
    room: t.field({
      type: RoomRef,
      nullable: true,
      description: 'Null once the viewer is no longer a member (ROOM_REMOVED).',
      deprecationReason: 'Use details: InboxRoomAdded and InboxRoomUpdated carry a non-null room.',
      resolve: (event) => event.roomId,
    }),
    message: t.field({
      type: MessageRef,
      nullable: true,
      description: 'The message for MESSAGE_ADDED and MENTIONED; null for the room kinds.',
      deprecationReason: 'Use details: InboxMessageAdded and InboxMention carry a non-null message.',
      resolve: (event) => event.message,
    }),
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
