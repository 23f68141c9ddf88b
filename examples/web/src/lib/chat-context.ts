import { createContext, useContext } from 'react';
import type { Client as WsClient } from 'graphql-ws';
import type { Session, Viewer } from '../session/session';

export interface Chat {
  viewer: Viewer;
  session: Session;
  ws: WsClient;
}

export const ChatContext = createContext<Chat | null>(null);

/** The signed-in user and their connection; only below <SignedIn>. */
export function useChat(): Chat {
  const chat = useContext(ChatContext);
  if (!chat) throw new Error('useChat outside a signed-in tree');
  return chat;
}
