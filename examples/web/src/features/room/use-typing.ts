import { useCallback, useEffect, useRef, useState } from 'react';
import { useMutation } from 'urql';
import { useLive } from '../../lib/use-live';
import { SendTypingMutation, TypingSubscription } from './operations';

/** The server lets an indicator lapse after a few seconds; renewing this often keeps it up. */
const RENEW_MS = 2_500;

type Typists = Map<string, { name: string; until: number }>;

/** Names of the members typing in the room right now. */
export function useTypists(roomId: string): string[] {
  const [typists, setTypists] = useState<Typists>(new Map());
  useLive(TypingSubscription, { roomId }, ({ typing: event }) =>
    setTypists((before) => {
      const next = new Map(before);
      if (!event.typing) next.delete(event.user.id);
      else next.set(event.user.id, { name: event.user.displayName, until: Date.parse(event.expiresAt ?? '') || 0 });
      return next;
    }),
  );
  // An indicator whose "stopped" event never came (a closed tab) lapses at its expiry.
  useEffect(() => {
    if (typists.size === 0) return;
    const timer = setInterval(() => {
      const now = Date.now();
      setTypists((before) => new Map([...before].filter(([, typist]) => typist.until > now)));
    }, 1_000);
    return () => clearInterval(timer);
  }, [typists.size]);
  return [...typists.values()].map((typist) => typist.name);
}

/** A callback for each keystroke that tells the room, at most once per RENEW_MS. */
export function useTypingSignal(roomId: string): () => void {
  const [, sendTyping] = useMutation(SendTypingMutation);
  const last = useRef(0);
  return useCallback(() => {
    if (Date.now() - last.current < RENEW_MS) return;
    last.current = Date.now();
    void sendTyping({ roomId });
  }, [roomId, sendTyping]);
}
