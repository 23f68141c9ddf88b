import { randomBytes } from 'node:crypto';
import { graphql } from '../gql/index.js';
import { expectData, request } from './client.js';

export const SignUpMutation = graphql(`
  mutation SignUp($input: SignUpInput!) {
    signUp(input: $input) {
      accessToken
      refreshToken
      accessTokenExpiresAt
      refreshTokenExpiresAt
      user {
        id
        username
        displayName
      }
    }
  }
`);

export interface TestUser {
  id: string;
  username: string;
  token: string;
  refreshToken: string;
  password: string;
}

/** A unique, valid username with the given prefix. */
export const uniqueUsername = (prefix = 'user') => `${prefix}_${randomBytes(4).toString('hex')}`;

/** Signs up a new user and returns its id and tokens. */
export async function signUpUser(url: string, prefix = 'user'): Promise<TestUser> {
  const username = uniqueUsername(prefix);
  const password = 'correct horse battery';
  const { signUp } = expectData(await request(url, SignUpMutation, { input: { username, password } }));
  return { id: signUp.user.id, username, token: signUp.accessToken, refreshToken: signUp.refreshToken, password };
}
