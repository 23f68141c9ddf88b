import type { Client } from 'graphql-ws';
import { subscribeResumable } from './resumable.js';
import { planFor } from './resuming-client.js';
import type { RoomSubscription, RoomSubscriptionOptions } from './types.js';

export const ROOM_MESSAGE_FIELDS =
  'id cursor body clientId createdAt sender { id username displayName } threadRoot { id }';

/**
 * Every message of a room after `options.after`, each once, in order, across reconnects. The
 * subscribe-then-send pattern: read the room (its `headCursor`), subscribe with `after` = it, then
 * send; or subscribe without `after` and send once `ready` resolved.
 */
export function subscribeToRoom<TMessage>(
  inner: Client,
  roomId: string,
  options: RoomSubscriptionOptions<TMessage>,
): RoomSubscription {
  const query = `subscription ChatRoomMessages($roomId: ID!, $after: String) {
    messageAdded(roomId: $roomId, after: $after) { ${options.fields ?? ROOM_MESSAGE_FIELDS} }
  }`;
  const plan = planFor({ query });
  if (!plan) throw new Error(`Not a selection of Message fields: ${options.fields}`);
  let markReady: (after: string | null) => void = () => {};
  const ready = new Promise<string | null>((resolve) => (markReady = resolve));
  const unsubscribe = subscribeResumable(
    inner,
    plan,
    { query, variables: { roomId, after: options.after ?? null } },
    {
      next: (result) => {
        if (result.errors) options.onError?.(result.errors);
        const message = result.data?.messageAdded;
        if (message) options.onMessage(message as TMessage);
      },
      error: (error) => options.onError?.(error),
      complete: () => options.onComplete?.(),
    },
    markReady,
  );
  return { ready, unsubscribe };
}
