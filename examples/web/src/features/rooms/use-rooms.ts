import { useCallback, useEffect, useRef } from 'react';
import { useQuery } from 'urql';
import { useLive } from '../../lib/use-live';
import { useRoomsChanged } from '../../lib/rooms-changed';
import { useOnReconnect } from '../../lib/use-connection';
import { InboxSubscription, RoomsQuery } from './operations';

const REFETCH_DEBOUNCE_MS = 150;

/** The viewer's rooms, most recent first, re-read whenever the inbox (or an open room) says something moved. */
export function useRooms() {
  const [result, reexecute] = useQuery({ query: RoomsQuery });
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  // A burst of events (a busy room) costs one refetch.
  const refetch = useCallback(() => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => reexecute({ requestPolicy: 'network-only' }), REFETCH_DEBOUNCE_MS);
  }, [reexecute]);
  useEffect(() => () => clearTimeout(timer.current), []);
  useLive(InboxSubscription, {}, refetch);
  useOnReconnect(refetch);
  useRoomsChanged(refetch);
  return { rooms: result.data?.rooms.edges.map((edge) => edge.node) ?? [], error: result.error };
}
