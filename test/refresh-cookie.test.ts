import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type ExecutionResult, type GraphQLFormattedError } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './gql/index.js';
import { expectData, expectError } from './helpers/client.js';
import { startServer, type TestServer } from './helpers/server.js';
import { signUpUser, uniqueUsername, type TestUser } from './helpers/users.js';

const CookieLogIn = graphql(`
  mutation CookieLogIn($input: LogInInput!) {
    logIn(input: $input) {
      accessToken
      refreshToken
    }
  }
`);

const CookieRefresh = graphql(`
  mutation CookieRefresh($input: RefreshTokenInput!) {
    refreshToken(input: $input) {
      accessToken
      refreshToken
    }
  }
`);

const CookieSignUp = graphql(`
  mutation CookieSignUp($input: SignUpInput!) {
    signUp(input: $input) {
      refreshToken
    }
  }
`);

const CookieLogOut = graphql(`
  mutation CookieLogOut {
    logOut
  }
`);

const CookieLogOutEverywhere = graphql(`
  mutation CookieLogOutEverywhere {
    logOutEverywhere
  }
`);

const CookieChangePassword = graphql(`
  mutation CookieChangePassword($input: ChangePasswordInput!) {
    changePassword(input: $input) {
      accessToken
      refreshToken
    }
  }
`);

const ALLOWED_ORIGIN = 'https://app.example';

let server: TestServer;
let user: TestUser;

beforeAll(async () => {
  server = await startServer({ env: { CORS_ORIGINS: ALLOWED_ORIGIN } });
  user = await signUpUser(server.url, 'cookie');
});

afterAll(async () => {
  await server?.stop();
});

/** POSTs an operation as a browser would, and returns the body with every Set-Cookie. */
async function post<TData, TVariables>(
  document: TypedDocumentNode<TData, TVariables>,
  variables: TVariables,
  headers: Record<string, string> = {},
) {
  const response = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query: print(document), variables }),
  });
  const body = (await response.json()) as ExecutionResult<TData>;
  return {
    status: response.status,
    data: body.data,
    errors: body.errors as GraphQLFormattedError[] | undefined,
    cookies: response.headers.getSetCookie(),
  };
}

const cookieMode = { 'x-refresh-cookie': '1' };
const valueOf = (setCookie: string) => /^chat_refresh=([^;]*)/.exec(setCookie)?.[1];
const logIn = (headers: Record<string, string> = cookieMode) =>
  post(CookieLogIn, { input: { username: user.username, password: user.password } }, headers);

describe('refresh-cookie mode (X-Refresh-Cookie: 1)', () => {
  it('sets the refresh token as an HttpOnly, Secure, SameSite=Strict cookie for /graphql, not in the body', async () => {
    const result = await logIn();
    expect(expectData(result).logIn.refreshToken).toBe('');
    expect(result.cookies).toHaveLength(1);
    const [cookie] = result.cookies;
    expect(valueOf(cookie!)).toMatch(/^[\w-]{43}$/);
    expect(cookie).toMatch(/; HttpOnly(;|$)/);
    expect(cookie).toMatch(/; Secure(;|$)/);
    expect(cookie).toMatch(/; SameSite=Strict(;|$)/);
    expect(cookie).toMatch(/; Path=\/graphql(;|$)/);
    const maxAge = Number(/Max-Age=(\d+)/.exec(cookie!)?.[1]);
    expect(maxAge).toBeGreaterThan(86_400 - 60); // REFRESH_TOKEN_TTL's default, 1 day
    expect(maxAge).toBeLessThanOrEqual(86_400);
  });

  it('signs up into the same mode', async () => {
    const username = uniqueUsername('cookie');
    const result = await post(CookieSignUp, { input: { username, password: 'correct horse battery' } }, cookieMode);
    expect(expectData(result).signUp.refreshToken).toBe('');
    expect(valueOf(result.cookies[0]!)).toMatch(/^[\w-]{43}$/);
  });

  it('refreshes from the cookie alone, rotating it; the old value is spent', async () => {
    const first = valueOf((await logIn()).cookies[0]!)!;
    const refreshed = await post(CookieRefresh, { input: {} }, { ...cookieMode, cookie: `chat_refresh=${first}` });
    const data = expectData(refreshed).refreshToken;
    expect(data.refreshToken).toBe('');
    expect(data.accessToken.split('.')).toHaveLength(3);
    expect(refreshed.cookies).toHaveLength(1);
    const second = valueOf(refreshed.cookies[0]!)!;
    expect(second).toMatch(/^[\w-]{43}$/);
    expect(second).not.toBe(first);
    const again = await post(CookieRefresh, { input: {} }, { ...cookieMode, cookie: `chat_refresh=${second}` });
    expect(valueOf(again.cookies[0]!)).toMatch(/^[\w-]{43}$/);
  });

  it('answers a missing or dead cookie with UNAUTHENTICATED and expires the cookie', async () => {
    const missing = await post(CookieRefresh, { input: {} }, cookieMode);
    expectError(missing, 'UNAUTHENTICATED');
    expect(missing.cookies).toEqual([expect.stringMatching(/^chat_refresh=; Max-Age=0; Path=\/graphql/)]);
    const dead = await post(CookieRefresh, { input: {} }, { ...cookieMode, cookie: 'chat_refresh=not-a-token' });
    expectError(dead, 'UNAUTHENTICATED');
    expect(dead.cookies).toEqual([expect.stringMatching(/^chat_refresh=; Max-Age=0/)]);
  });

  it('expires the cookie at logOut, and its value no longer refreshes', async () => {
    const login = await logIn();
    const value = valueOf(login.cookies[0]!)!;
    const bearer = { authorization: `Bearer ${expectData(login).logIn.accessToken}` };
    const loggedOut = await post(CookieLogOut, {}, { ...cookieMode, ...bearer });
    expect(expectData(loggedOut).logOut).toBe(true);
    expect(loggedOut.cookies).toEqual([expect.stringMatching(/^chat_refresh=; Max-Age=0/)]);
    const refused = await post(CookieRefresh, { input: {} }, { ...cookieMode, cookie: `chat_refresh=${value}` });
    expectError(refused, 'UNAUTHENTICATED');
  });

  it('serves the cookie to its own origin and to CORS_ORIGINS, and refuses any other with FORBIDDEN', async () => {
    expect((await logIn({ ...cookieMode, origin: server.origin })).cookies).toHaveLength(1);
    expect((await logIn({ ...cookieMode, origin: ALLOWED_ORIGIN })).cookies).toHaveLength(1);
    for (const origin of ['https://evil.example', 'null', `${server.origin}.evil.example`]) {
      const refused = await logIn({ ...cookieMode, origin });
      expectError(refused, 'FORBIDDEN');
      expect(refused.cookies).toEqual([]);
    }
  });
});

describe('refresh-cookie mode, the other mutations that end or open sessions', () => {
  it('puts changePassword’s new refresh token in the cookie, not the body', async () => {
    const owner = await signUpUser(server.url, 'cookie');
    const bearer = { authorization: `Bearer ${owner.token}` };
    const input = { currentPassword: owner.password, newPassword: 'another horse battery' };
    const changed = await post(CookieChangePassword, { input }, { ...cookieMode, ...bearer });
    expect(expectData(changed).changePassword.refreshToken).toBe('');
    const value = valueOf(changed.cookies[0]!)!;
    expect(value).toMatch(/^[\w-]{43}$/);
    const refreshed = await post(CookieRefresh, { input: {} }, { ...cookieMode, cookie: `chat_refresh=${value}` });
    expect(expectData(refreshed).refreshToken.accessToken).toBeTruthy();
  });

  it('expires the cookie at logOutEverywhere', async () => {
    const login = await logIn();
    const bearer = { authorization: `Bearer ${expectData(login).logIn.accessToken}` };
    const everywhere = await post(CookieLogOutEverywhere, {}, { ...cookieMode, ...bearer });
    expect(expectData(everywhere).logOutEverywhere).toBe(true);
    expect(everywhere.cookies).toEqual([expect.stringMatching(/^chat_refresh=; Max-Age=0/)]);
  });

  it('refuses two refresh cookies at once (one may be planted by a neighbour on the host), spending neither', async () => {
    const mine = valueOf((await logIn()).cookies[0]!)!;
    const planted = valueOf((await logIn()).cookies[0]!)!;
    const both = { ...cookieMode, cookie: `chat_refresh=${planted}; chat_refresh=${mine}` };
    expectError(await post(CookieRefresh, { input: {} }, both), 'UNAUTHENTICATED');
    const refreshed = await post(CookieRefresh, { input: {} }, { ...cookieMode, cookie: `chat_refresh=${mine}` });
    expect(expectData(refreshed).refreshToken.accessToken).toBeTruthy();
  });

  it('checks the origin before doing anything: a refused signUp creates no account', async () => {
    const username = uniqueUsername('cookie');
    const input = { username, password: 'correct horse battery' };
    expectError(await post(CookieSignUp, { input }, { ...cookieMode, origin: 'https://evil.example' }), 'FORBIDDEN');
    expect(expectData(await post(CookieSignUp, { input }, cookieMode)).signUp.refreshToken).toBe('');
  });
});

describe('body mode (the default)', () => {
  it('returns the refresh token in the body and sets no cookie', async () => {
    const result = await logIn({});
    expect(expectData(result).logIn.refreshToken).toMatch(/^[\w-]{43}$/);
    expect(result.cookies).toEqual([]);
  });

  it('ignores a refresh cookie: without the header the argument is required', async () => {
    const value = valueOf((await logIn()).cookies[0]!)!;
    const refused = await post(CookieRefresh, { input: {} }, { cookie: `chat_refresh=${value}` });
    expectError(refused, 'BAD_USER_INPUT');
    expect(refused.cookies).toEqual([]);
    // The cookie's token was not spent by the refused call.
    const refreshed = await post(CookieRefresh, { input: {} }, { ...cookieMode, cookie: `chat_refresh=${value}` });
    expect(expectData(refreshed).refreshToken.accessToken).toBeTruthy();
  });
});
