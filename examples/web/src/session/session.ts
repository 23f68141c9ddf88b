import * as authApi from './auth-api';
import type { TokenSource } from '../../../../client/src/index';
import { AuthError, type AuthPayload } from './auth-api';

export type Viewer = AuthPayload['user'];

export type SessionState =
  | { status: 'restoring'; viewer: null }
  | { status: 'signedOut'; viewer: null }
  | { status: 'signedIn'; viewer: Viewer };

export type { TokenSource };

export interface Session extends TokenSource {
  getState(): SessionState;
  subscribe(listener: () => void): () => void;
  /** On page load: sign back in with the refresh cookie, retrying while the server is unreachable. */
  restore(): Promise<void>;
  signUp(username: string, password: string): Promise<void>;
  logIn(username: string, password: string): Promise<void>;
  logOut(): Promise<void>;
}

const RESTORE_RETRY_MS = 2_000;

/**
 * The signed-in user and their tokens, in memory only: the access token never touches storage, and
 * the refresh token lives in an HttpOnly cookie the page cannot read. A reload signs back in
 * through that cookie.
 */
export function createSession(api: typeof authApi = authApi): Session {
  let state: SessionState = { status: 'restoring', viewer: null };
  let accessToken: string | null = null;
  // Empty in cookie mode; a server without it returns the token in the body, kept here meanwhile.
  let refreshToken = '';
  let refreshing: Promise<string | null> | null = null;
  const listeners = new Set<() => void>();

  const setState = (next: SessionState) => {
    state = next;
    for (const listener of listeners) listener();
  };
  const apply = (payload: AuthPayload) => {
    accessToken = payload.accessToken;
    refreshToken = payload.refreshToken;
    if (state.viewer?.id !== payload.user.id) setState({ status: 'signedIn', viewer: payload.user });
  };
  const signOut = () => {
    accessToken = null;
    refreshToken = '';
    setState({ status: 'signedOut', viewer: null });
  };

  // One refresh at a time: concurrent callers share it (a second rotation would spend the first).
  // Null means signed out; a server out of reach rejects, and the client library tries again.
  const rotate = (): Promise<string | null> =>
    (refreshing ??= api
      .refresh(refreshToken)
      .then((payload) => (apply(payload), payload.accessToken))
      .catch((error: unknown) => {
        if (error instanceof AuthError && !error.rejected) throw error;
        signOut();
        return null;
      })
      .finally(() => (refreshing = null)));

  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    accessToken: () => accessToken,
    refresh: rotate,
    async restore() {
      for (;;) {
        try {
          return apply(await api.refresh(refreshToken));
        } catch (error) {
          if (error instanceof AuthError && error.rejected) return signOut();
          await new Promise((resolve) => setTimeout(resolve, RESTORE_RETRY_MS));
        }
      }
    },
    signUp: async (username, password) => apply(await api.signUp(username, password)),
    logIn: async (username, password) => apply(await api.logIn(username, password)),
    async logOut() {
      const token = accessToken;
      signOut();
      if (token) await api.logOut(token).catch(() => {});
    },
  };
}
