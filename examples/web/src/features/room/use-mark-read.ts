import { useEffect } from 'react';
import { useMutation } from 'urql';
import { MarkReadMutation } from './operations';

const SETTLE_MS = 300;

/** Moves the read marker to the latest message while the room is on screen (clears its badge). */
export function useMarkRead(roomId: string, latestMessageId: string | undefined): void {
  const [, markRead] = useMutation(MarkReadMutation);
  useEffect(() => {
    if (!latestMessageId || document.visibilityState !== 'visible') return;
    const timer = setTimeout(() => void markRead({ roomId }), SETTLE_MS);
    return () => clearTimeout(timer);
  }, [roomId, latestMessageId, markRead]);
}
