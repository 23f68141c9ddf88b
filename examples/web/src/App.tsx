import { AuthForm } from './features/auth/AuthForm';
import { SignedIn } from './features/layout/SignedIn';
import type { Session } from './session/session';
import { useSessionState } from './session/use-session';

export function App({ session }: { session: Session }) {
  const state = useSessionState(session);
  if (state.status === 'restoring') return <p className="splash">Signing you in…</p>;
  if (state.status === 'signedOut') return <AuthForm session={session} />;
  // A new user gets a new client (and socket): nothing cached for one is shown to the next.
  return <SignedIn key={state.viewer.id} session={session} viewer={state.viewer} />;
}
