import { builder } from '../../graphql/builder.js';
import { parseGlobalId } from '../../graphql/global-id.js';
import { MessageRef, RoomRef } from '../../graphql/refs.js';
import type { MutationRateLimit } from '../../security/mutation-limits.js';
import * as pins from './pins.service.js';

builder.objectField(RoomRef, 'pinnedMessages', (t) =>
  t.loadableList({
    type: MessageRef,
    description: `Pinned messages, newest pin first (at most ${pins.MAX_PINS_PER_ROOM}).`,
    extensions: { listSize: pins.MAX_PINS_PER_ROOM },
    // One statement for every room of a list (rooms { pinnedMessages }), not one per room.
    load: async (roomIds: string[], context) => {
      const pinned = await pins.listPinnedMessages(context.db, roomIds);
      return roomIds.map((id) => pinned.get(id) ?? []);
    },
    resolve: (room) => room.id,
  }),
);

builder.mutationFields((t) => ({
  pinMessage: t.withAuth({ authenticated: true }).field({
    type: MessageRef,
    description:
      `Any member pins a message of the room (a direct room while you are friends); at most ` +
      `${pins.MAX_PINS_PER_ROOM} per room. Pinning a pinned message changes nothing.`,
    args: { messageId: t.arg.id({ required: true, description: 'A message of a room you are a member of.' }) },
    extensions: { rateLimit: 'edit' satisfies MutationRateLimit },
    resolve: (_root, args, context) =>
      pins.pinMessage(context, context.viewer.userId, parseGlobalId(args.messageId, 'Message', 'messageId')),
  }),
  unpinMessage: t.withAuth({ authenticated: true }).field({
    type: MessageRef,
    description: 'Any member unpins a message of the room. Unpinning one that is not pinned changes nothing.',
    args: { messageId: t.arg.id({ required: true, description: 'A message of a room you are a member of.' }) },
    extensions: { rateLimit: 'edit' satisfies MutationRateLimit },
    resolve: (_root, args, context) =>
      pins.unpinMessage(context, context.viewer.userId, parseGlobalId(args.messageId, 'Message', 'messageId')),
  }),
}));
