import { useCallback, useReducer, useRef } from 'react';
import { useClient } from 'urql';
import { newClientId } from '../../lib/ids';
import { emptyTimeline, timelineReducer, type ChatMessage } from './message-state';
import { OlderMessagesQuery, SendMessageMutation } from './operations';
import { useLiveMessages } from './use-live-messages';
import { PAGE_SIZE, useRoomPage } from './use-room-page';

/** A room's messages: the latest page, older pages on demand, then live from where the page ended. */
export function useTimeline(roomId: string) {
  const client = useClient();
  const [timeline, dispatch] = useReducer(timelineReducer, emptyTimeline);
  const { room, error } = useRoomPage(roomId, dispatch);
  // From the page's last message (an empty room: its head), so nothing sent since is missed.
  useLiveMessages(roomId, room ? (room.messages.pageInfo.endCursor ?? room.headCursor) : null, dispatch);

  const loadingOlder = useRef(false);
  const loadOlder = useCallback(async () => {
    if (loadingOlder.current || !timeline.olderCursor) return;
    loadingOlder.current = true;
    const variables = { id: roomId, last: PAGE_SIZE, before: timeline.olderCursor };
    const result = await client.query(OlderMessagesQuery, variables, { requestPolicy: 'network-only' }).toPromise();
    if (result.data?.room) dispatch({ type: 'older', page: result.data.room.messages });
    loadingOlder.current = false;
  }, [client, roomId, timeline.olderCursor]);

  // Shown as pending until the room's stream delivers it; the clientId makes a retry idempotent.
  // One at a time, so the room gets them in the order they were written.
  const outbox = useRef(Promise.resolve());
  const send = useCallback(
    (body: string, clientId = newClientId()) => {
      dispatch({ type: 'sending', pending: { clientId, body, failed: false } });
      outbox.current = outbox.current.then(async () => {
        const input = { roomId, body, clientId };
        const result = await client.mutation(SendMessageMutation, { input }).toPromise();
        if (result.error) dispatch({ type: 'sendFailed', clientId });
      });
    },
    [client, roomId],
  );

  const applyUpdate = useCallback((message: ChatMessage) => dispatch({ type: 'updated', message }), []);

  return { room, error, timeline, loadOlder, send, applyUpdate };
}
