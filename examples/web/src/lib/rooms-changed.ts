import { useEffect, useRef } from 'react';

// The inbox announces new messages, not edits or deletions: a room on screen that hears of one
// tells the room list (its preview may show that message) through this page-wide signal.
const target = new EventTarget();

export function notifyRoomsChanged(): void {
  target.dispatchEvent(new Event('change'));
}

export function useRoomsChanged(onChange: () => void): void {
  const latest = useRef(onChange);
  latest.current = onChange;
  useEffect(() => {
    const listener = () => latest.current();
    target.addEventListener('change', listener);
    return () => target.removeEventListener('change', listener);
  }, []);
}
