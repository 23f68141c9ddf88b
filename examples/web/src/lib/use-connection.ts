import { useEffect, useRef, useState } from 'react';
import { useChat } from './chat-context';

export type ConnectionStatus = 'connecting' | 'online' | 'reconnecting';

/** The socket's state, for the status banner: a restart shows as "reconnecting" until it is back. */
export function useConnectionStatus(): ConnectionStatus {
  const { ws } = useChat();
  const [status, setStatus] = useState<ConnectionStatus>('connecting');
  useEffect(() => {
    const offConnected = ws.on('connected', () => setStatus('online'));
    const offClosed = ws.on('closed', () => setStatus((now) => (now === 'connecting' ? now : 'reconnecting')));
    return () => (offConnected(), offClosed());
  }, [ws]);
  return status;
}

/** Calls `refetch` each time the socket comes back: events sent while it was away were missed. */
export function useOnReconnect(refetch: () => void): void {
  const { ws } = useChat();
  const latest = useRef(refetch);
  latest.current = refetch;
  useEffect(() => {
    let connectedBefore = false;
    return ws.on('connected', () => {
      if (connectedBefore) latest.current();
      connectedBefore = true;
    });
  }, [ws]);
}
