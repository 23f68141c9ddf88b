import { useSyncExternalStore } from 'react';

// Two routes need no router library: `/` and `/rooms/<id>`. The server answers any path with
// index.html, so a reload or a shared link lands here.
const subscribe = (listener: () => void) => {
  window.addEventListener('popstate', listener);
  return () => window.removeEventListener('popstate', listener);
};

export function usePath(): string {
  return useSyncExternalStore(subscribe, () => location.pathname);
}

export function navigate(path: string): void {
  if (location.pathname === path) return;
  history.pushState(null, '', path);
  window.dispatchEvent(new PopStateEvent('popstate'));
}

export const roomPath = (roomId: string) => `/rooms/${encodeURIComponent(roomId)}`;

export function roomIdOf(path: string): string | null {
  const match = /^\/rooms\/([^/]+)$/.exec(path);
  return match ? decodeURIComponent(match[1]!) : null;
}
