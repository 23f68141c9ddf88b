import * as messages from './messages.service.js';
import type { Message } from './messages.service.js';
import { listening } from '../../realtime/live-stream.js';
import type { MutationRateLimit } from '../../security/mutation-limits.js';
import { builder } from '../../graphql/builder.js';
import { parseGlobalId } from '../../graphql/global-id.js';
import { decodeCursor, parseIdKey, toPageRequest } from '../../graphql/pagination.js';
import { historyConnection, MessageConnection } from './history.graphql.js';
import { MAX_MENTIONS_PER_MESSAGE } from './mentions.js';
import { mentionedUsers } from './messages.repository.js';
import { messageAddedStream, messageUpdatedStream } from '../../realtime/streams.js';
import { MessageRef, messageCursor, preloadedSender, requireRoomMember, RoomRef } from '../../graphql/refs.js';
import { UserRef } from '../accounts/users.graphql.js';

/** A body may hold MAX_BODY_LENGTH characters: it costs 1 per 100 of them (see FieldCostExtensions). */
const messageCost = Math.ceil(messages.MAX_BODY_LENGTH / 100);

MessageRef.implement({
  description: 'A message of a room: top-level, or in the thread of a root message.',
  fields: (t) => ({
    room: t.field({ type: RoomRef, description: 'The room it was sent to.', resolve: (message) => message.roomId }),
    sender: t.field({
      type: UserRef,
      description: 'Who sent it (a deleted account reads as a deleted user).',
      // The User object when it came with the message, else its id for the data loader.
      resolve: (message) => preloadedSender(message) ?? message.senderId,
    }),
    body: t.exposeString('body', {
      description: 'Empty once the message is deleted.',
      extensions: { cost: messageCost },
    }),
    clientId: t.exposeString('clientId', {
      nullable: true,
      description: "The sender's idempotency key, echoed so a client can match its optimistic message.",
    }),
    cursor: t.string({
      description: 'Position in Room.messages; pass to messageAdded(after:) to resume from here.',
      resolve: messageCursor,
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was sent.' }),
    editedAt: t.expose('editedAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When its body last changed; null if never edited.',
    }),
    deletedAt: t.expose('deletedAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When it was deleted (a tombstone: body empty); null for a live message.',
    }),
    replyTo: t.field({
      type: MessageRef,
      nullable: true,
      description: 'The message this one quotes (its tombstone once deleted).',
      resolve: (message) => message.replyToId,
    }),
    threadRoot: t.field({
      type: MessageRef,
      nullable: true,
      description: 'Set on messages inside a thread: its root.',
      resolve: (message) => message.threadRootId,
    }),
    replyCount: t.exposeInt('replyCount', { description: "A root's thread messages so far (0 elsewhere)." }),
    lastReplyAt: t.expose('lastReplyAt', {
      type: 'DateTime',
      nullable: true,
      description: "When a root's thread last got a message; null without replies.",
    }),
    pinnedAt: t.expose('pinnedAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When it was pinned to its room (Room.pinnedMessages); null when not pinned.',
    }),
    mentions: t.loadableList({
      type: UserRef,
      description: 'Members named as @username in the body (at most 50).',
      extensions: { listSize: MAX_MENTIONS_PER_MESSAGE },
      load: async (messageIds: string[], context) => {
        const mentioned = await mentionedUsers(context.db, messageIds);
        return messageIds.map((id) => mentioned.get(id) ?? []);
      },
      resolve: (message) => message.id,
    }),
    replies: t.connection(
      {
        type: MessageRef,
        description: "A root's thread, chronological; paged like Room.messages.",
        resolve: (message, args, context) =>
          historyConnection(context, 'thread', message.id, toPageRequest(args, 'msg', parseIdKey)),
      },
      MessageConnection,
    ),
  }),
});

const SendMessageInput = builder.inputType('SendMessageInput', {
  description: 'A message to send.',
  fields: (t) => ({
    roomId: t.id({ required: true, description: 'A room you are a member of.' }),
    body: t.string({ required: true, description: '1–4000 characters after trimming.' }),
    clientId: t.string({
      description: 'Idempotency key (1–64 printable ASCII): resending with the same key returns the first message.',
    }),
    replyToId: t.id({ description: 'A message of the same room to quote.' }),
    threadRootId: t.id({
      description: 'A top-level message of the same room: this message goes into its thread.',
    }),
  }),
});

const EditMessageInput = builder.inputType('EditMessageInput', {
  description: 'A new body for one of your messages.',
  fields: (t) => ({
    messageId: t.id({ required: true, description: 'A message you sent, not deleted.' }),
    body: t.string({ required: true, description: '1–4000 characters after trimming.' }),
  }),
});

builder.mutationField('sendMessage', (t) =>
  t.withAuth({ authenticated: true }).field({
    type: MessageRef,
    description:
      'Sends a message to a room you are a member of (FORBIDDEN in a direct room whose members are no longer ' +
      'friends). Resending with the same `clientId` returns the first message instead.',
    args: { input: t.arg({ type: SendMessageInput, required: true, description: 'The message.' }) },
    extensions: { rateLimit: 'message' satisfies MutationRateLimit },
    resolve: async (_root, { input }, context) => {
      const viewerId = context.viewer.userId;
      const roomId = parseGlobalId(input.roomId, 'Room', 'roomId');
      const replyToId = input.replyToId ? parseGlobalId(input.replyToId, 'Message', 'replyToId') : null;
      const threadRootId = input.threadRootId ? parseGlobalId(input.threadRootId, 'Message', 'threadRootId') : null;
      return (await messages.sendMessage(context, viewerId, roomId, { ...input, replyToId, threadRootId })).message;
    },
  }),
);

builder.mutationField('editMessage', (t) =>
  t.withAuth({ authenticated: true }).field({
    type: MessageRef,
    description: "Changes the body of your own message (FORBIDDEN for anyone else's); sets editedAt.",
    args: { input: t.arg({ type: EditMessageInput, required: true, description: 'The message and its new body.' }) },
    extensions: { rateLimit: 'edit' satisfies MutationRateLimit },
    resolve: async (_root, { input }, context) => {
      const messageId = parseGlobalId(input.messageId, 'Message', 'messageId');
      return messages.editMessage(context, context.viewer.userId, messageId, input);
    },
  }),
);

builder.mutationField('deleteMessage', (t) =>
  t.withAuth({ authenticated: true }).field({
    type: MessageRef,
    description: 'Sender only. Leaves a tombstone: body emptied, deletedAt set.',
    args: { messageId: t.arg.id({ required: true, description: 'A message you sent.' }) },
    extensions: { rateLimit: 'edit' satisfies MutationRateLimit },
    resolve: async (_root, args, context) => {
      const messageId = parseGlobalId(args.messageId, 'Message', 'messageId');
      return messages.deleteMessage(context, context.viewer.userId, messageId);
    },
  }),
);

builder.subscriptionField('messageAdded', (t) =>
  t.withAuth({ authenticated: true }).field({
    type: MessageRef,
    description:
      'New messages of a room, members only. With `after` (a Message.cursor), first replays every message ' +
      'after it, then continues live: no gap, no duplicate. Ends when the viewer leaves the room.',
    args: {
      roomId: t.arg.id({ required: true, description: 'A room you are a member of.' }),
      after: t.arg.string({ description: 'A Message.cursor or Room.headCursor of this room: replay from there.' }),
    },
    subscribe: (_root, args, context) => {
      const viewerId = context.viewer.userId;
      const roomId = parseGlobalId(args.roomId, 'Room', 'roomId');
      const afterId = args.after == null ? null : decodeCursor('msg', args.after, 'after', parseIdKey);
      // Membership and `after` are checked by the stream once it is listening (one query).
      return listening(messageAddedStream(context, viewerId, roomId, afterId), context.signal);
    },
    resolve: (message: Message) => message,
  }),
);

builder.subscriptionField('messageUpdated', (t) =>
  t.withAuth({ authenticated: true }).field({
    type: MessageRef,
    description:
      'Changes to messages of a room, members only: edits, deletions (deletedAt set, body empty), reactions and pins.',
    args: { roomId: t.arg.id({ required: true, description: 'A room you are a member of.' }) },
    subscribe: async (_root, args, context) => {
      const { viewerId, roomId } = await requireRoomMember(context, args.roomId);
      return listening(messageUpdatedStream(context, viewerId, roomId), context.signal);
    },
    resolve: (message: Message) => message,
  }),
);
