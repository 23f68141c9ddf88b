import { Client, fetchExchange, type CombinedError } from '@urql/core';
import { graphql } from '../gql';
import type { AuthFieldsFragment } from '../gql/graphql';

export type AuthPayload = AuthFieldsFragment;

graphql(`
  fragment AuthFields on AuthPayload {
    accessToken
    accessTokenExpiresAt
    refreshToken
    user {
      id
      username
      displayName
    }
  }
`);

const SignUp = graphql(`
  mutation SignUp($input: SignUpInput!) {
    signUp(input: $input) {
      ...AuthFields
    }
  }
`);

const LogIn = graphql(`
  mutation LogIn($input: LogInInput!) {
    logIn(input: $input) {
      ...AuthFields
    }
  }
`);

const Refresh = graphql(`
  mutation Refresh($refreshToken: String!) {
    refreshToken(input: { refreshToken: $refreshToken }) {
      ...AuthFields
    }
  }
`);

const LogOut = graphql(`
  mutation LogOut {
    logOut
  }
`);

/** Why an auth call failed: the server said no (sign in again), or it could not be reached (retry). */
export class AuthError extends Error {
  constructor(
    message: string,
    readonly rejected: boolean,
  ) {
    super(message);
  }
}

// Auth calls go around the main client: they must not wait on (or trigger) a token refresh. The
// header asks for the refresh token as an HttpOnly cookie; same-origin credentials send it back.
const client = new Client({
  url: '/graphql',
  exchanges: [fetchExchange],
  fetchOptions: { credentials: 'same-origin', headers: { 'x-refresh-cookie': '1' } },
});

function unwrap<T>(result: { data?: T; error?: CombinedError }): T {
  if (result.data) return result.data;
  const graphQLError = result.error?.graphQLErrors[0];
  if (graphQLError) throw new AuthError(graphQLError.message, true);
  throw new AuthError('The server cannot be reached.', false);
}

export async function signUp(username: string, password: string): Promise<AuthPayload> {
  return unwrap(await client.mutation(SignUp, { input: { username, password } }).toPromise()).signUp;
}

export async function logIn(username: string, password: string): Promise<AuthPayload> {
  return unwrap(await client.mutation(LogIn, { input: { username, password } }).toPromise()).logIn;
}

/** Rotates the session: with an empty token the server reads the refresh cookie. */
export async function refresh(refreshToken: string): Promise<AuthPayload> {
  return unwrap(await client.mutation(Refresh, { refreshToken }).toPromise()).refreshToken;
}

/** Ends the session on the server and clears the refresh cookie. */
export async function logOut(accessToken: string): Promise<void> {
  const fetchOptions = { headers: { 'x-refresh-cookie': '1', authorization: `Bearer ${accessToken}` } };
  unwrap(await client.mutation(LogOut, {}, { fetchOptions }).toPromise());
}
