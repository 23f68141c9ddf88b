import { useSyncExternalStore } from 'react';
import type { Session, SessionState } from './session';

export function useSessionState(session: Session): SessionState {
  return useSyncExternalStore(session.subscribe, session.getState);
}
