import { useEffect, useState, type Dispatch } from 'react';
import { useClient } from 'urql';
import type { RoomQuery as RoomData } from '../../gql/graphql';
import { messageOf } from '../../lib/errors';
import type { TimelineAction } from './message-state';
import { RoomQuery } from './operations';

export const PAGE_SIZE = 30;

export type RoomInfo = NonNullable<RoomData['room']>;

/** Reads the room and its latest page once, handing the page to the timeline. */
export function useRoomPage(roomId: string, dispatch: Dispatch<TimelineAction>) {
  const client = useClient();
  const [room, setRoom] = useState<RoomInfo | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    void client
      .query(RoomQuery, { id: roomId, last: PAGE_SIZE }, { requestPolicy: 'network-only' })
      .toPromise()
      .then((result) => {
        if (!current) return;
        if (!result.data?.room) return setError(messageOf(result.error) ?? 'This room does not exist.');
        setRoom(result.data.room);
        dispatch({ type: 'older', page: result.data.room.messages });
      });
    return () => void (current = false);
  }, [client, roomId, dispatch]);
  return { room, error };
}
