import type { Dispatch } from 'react';
import { useClient } from 'urql';
import { notifyRoomsChanged } from '../../lib/rooms-changed';
import { useOnReconnect } from '../../lib/use-connection';
import { useLive } from '../../lib/use-live';
import type { TimelineAction } from './message-state';
import { MessageAddedSubscription, MessageUpdatedSubscription, RoomQuery } from './operations';

/** How many of the latest messages a reconnect re-reads for edits and deletions it missed. */
const REFRESH_SIZE = 100;

/**
 * New messages from `after` on (once it is known), and changes to messages. The client library
 * resumes messageAdded after the last message it delivered, so a reconnect neither loses nor
 * repeats one; edits and deletions are not replayed, so a reconnect re-reads the latest page.
 */
export function useLiveMessages(roomId: string, after: string | null, dispatch: Dispatch<TimelineAction>) {
  const client = useClient();
  useLive(
    MessageAddedSubscription,
    { roomId, after },
    (data) => dispatch({ type: 'added', message: data.messageAdded }),
    after !== null,
  );
  useLive(MessageUpdatedSubscription, { roomId }, (data) => {
    dispatch({ type: 'updated', message: data.messageUpdated });
    notifyRoomsChanged();
  });
  useOnReconnect(() => {
    void client
      .query(RoomQuery, { id: roomId, last: REFRESH_SIZE }, { requestPolicy: 'network-only' })
      .toPromise()
      .then((result) => {
        const page = result.data?.room?.messages.edges.map((edge) => edge.node);
        if (page) dispatch({ type: 'refreshed', messages: page });
      });
  });
}
