import { useEffect, useState } from 'react';
import { Provider } from 'urql';
import { createApi, type Api } from '../../api/create-api';
import { ChatContext } from '../../lib/chat-context';
import type { Session, Viewer } from '../../session/session';
import { Layout } from './Layout';

/** One API client (and socket) per signed-in user, disposed at log-out. */
export function SignedIn({ session, viewer }: { session: Session; viewer: Viewer }) {
  const [api, setApi] = useState<Api | null>(null);
  useEffect(() => {
    const created = createApi(session);
    setApi(created);
    return () => created.dispose();
  }, [session]);
  if (!api) return null;
  return (
    <Provider value={api.client}>
      <ChatContext.Provider value={{ viewer, session, ws: api.ws }}>
        <Layout />
      </ChatContext.Provider>
    </Provider>
  );
}
