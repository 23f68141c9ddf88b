import { SignJWT, UnsecuredJWT, decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './gql/index.js';
import { expectData, expectError, request } from './helpers/client.js';
import { startServer, TEST_JWT_SECRET, type TestServer } from './helpers/server.js';
import { SignUpMutation, signUpUser, uniqueUsername } from './helpers/users.js';
import { connect, nextClose } from './helpers/ws.js';

const MeQuery = graphql(`
  query Me {
    me {
      id
      username
      displayName
    }
  }
`);

const LogInMutation = graphql(`
  mutation LogIn($input: LogInInput!) {
    logIn(input: $input) {
      accessToken
      refreshToken
      user {
        id
        username
      }
    }
  }
`);

const RefreshMutation = graphql(`
  mutation Refresh($input: RefreshTokenInput!) {
    refreshToken(input: $input) {
      accessToken
      refreshToken
      refreshTokenExpiresAt
      user {
        id
      }
    }
  }
`);

const LogOutMutation = graphql(`
  mutation LogOut {
    logOut
  }
`);

const UserQuery = graphql(`
  query UserByName($username: String!) {
    user(username: $username) {
      id
      username
    }
  }
`);

const NodeQuery = graphql(`
  query NodeById($id: ID!) {
    node(id: $id) {
      id
      ... on User {
        username
      }
    }
  }
`);

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server?.stop());

describe('sign up and log in', () => {
  it('signs up with a lower-cased username, a display name defaulting to it, and tokens that work', async () => {
    const name = uniqueUsername('Mixed');
    const { signUp } = expectData(
      await request(server.url, SignUpMutation, { input: { username: name, password: 'password123' } }),
    );
    expect(signUp.user.username).toBe(name.toLowerCase());
    expect(signUp.user.displayName).toBe(name.toLowerCase());
    const accessLife = Date.parse(signUp.accessTokenExpiresAt) - Date.now();
    const refreshLife = Date.parse(signUp.refreshTokenExpiresAt) - Date.now();
    expect(accessLife).toBeGreaterThan(3500_000);
    expect(accessLife).toBeLessThanOrEqual(3601_000); // an hour, expiry rounded up to the whole second
    expect(refreshLife).toBeGreaterThan(86_300_000);
    expect(refreshLife).toBeLessThanOrEqual(86_400_000);

    const { me } = expectData(await request(server.url, MeQuery, {}, { token: signUp.accessToken }));
    expect(me).toEqual(signUp.user);
  });

  it('keeps a given display name as typed', async () => {
    const { signUp } = expectData(
      await request(server.url, SignUpMutation, {
        input: { username: uniqueUsername(), password: 'password123', displayName: '  Ada Lovelace ' },
      }),
    );
    expect(signUp.user.displayName).toBe('Ada Lovelace');
  });

  it('refuses a username that differs from a taken one only in case, with CONFLICT', async () => {
    const name = uniqueUsername('dup');
    expectData(await request(server.url, SignUpMutation, { input: { username: name, password: 'password123' } }));
    const again = await request(server.url, SignUpMutation, {
      input: { username: name.toUpperCase(), password: 'password123' },
    });
    expectError(again, 'CONFLICT');
  });

  it('lets only one of many concurrent sign-ups of the same name win', async () => {
    const name = uniqueUsername('race');
    const attempts = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        request(server.url, SignUpMutation, {
          input: { username: i % 2 ? name : name.toUpperCase(), password: 'password123' },
        }),
      ),
    );
    expect(attempts.filter((attempt) => attempt.data?.signUp).length).toBe(1);
    for (const failed of attempts.filter((attempt) => !attempt.data?.signUp)) expectError(failed, 'CONFLICT');
  });

  it('logs in with any case of the username', async () => {
    const user = await signUpUser(server.url);
    const { logIn } = expectData(
      await request(server.url, LogInMutation, {
        input: { username: user.username.toUpperCase(), password: user.password },
      }),
    );
    expect(logIn.user.id).toBe(user.id);
    expectData(await request(server.url, MeQuery, {}, { token: logIn.accessToken }));
  });

  it('answers a wrong password and an unknown user with the same error', async () => {
    const user = await signUpUser(server.url);
    const wrongPassword = expectError(
      await request(server.url, LogInMutation, { input: { username: user.username, password: 'not the password' } }),
      'UNAUTHENTICATED',
    );
    const unknownUser = expectError(
      await request(server.url, LogInMutation, { input: { username: uniqueUsername('ghost'), password: 'whatever1' } }),
      'UNAUTHENTICATED',
    );
    expect(unknownUser.message).toBe(wrongPassword.message);
    const invalidName = expectError(
      await request(server.url, LogInMutation, { input: { username: '!', password: 'x' } }),
      'UNAUTHENTICATED',
    );
    expect(invalidName.message).toBe(wrongPassword.message);
  });
});

describe('reading users', () => {
  it('gives null for me without a token and UNAUTHENTICATED for protected fields', async () => {
    expect(expectData(await request(server.url, MeQuery)).me).toBeNull();
    expectError(await request(server.url, UserQuery, { username: 'anyone' }), 'UNAUTHENTICATED');
  });

  it('finds users by username in any case and by node id', async () => {
    const viewer = await signUpUser(server.url);
    const other = await signUpUser(server.url, 'other');
    const byName = expectData(
      await request(server.url, UserQuery, { username: other.username.toUpperCase() }, { token: viewer.token }),
    );
    expect(byName.user).toEqual({ id: other.id, username: other.username });
    const byNode = expectData(await request(server.url, NodeQuery, { id: other.id }, { token: viewer.token }));
    expect(byNode.node).toEqual({ id: other.id, username: other.username });
    const missing = expectData(
      await request(server.url, UserQuery, { username: 'no_such_user_x' }, { token: viewer.token }),
    );
    expect(missing.user).toBeNull();
  });

  it('rejects malformed node ids with BAD_USER_INPUT', async () => {
    const viewer = await signUpUser(server.url);
    for (const id of [
      '',
      'garbage',
      Buffer.from('User:abc').toString('base64url'),
      Buffer.from('Nope:1').toString('base64url'),
      'x'.repeat(10_000),
    ]) {
      const error = expectError(
        await request(server.url, NodeQuery, { id }, { token: viewer.token }),
        'BAD_USER_INPUT',
      );
      expect(error.extensions?.field).toBe('id');
    }
  });
});

describe('access tokens', () => {
  const secret = new TextEncoder().encode(TEST_JWT_SECRET);
  let user: Awaited<ReturnType<typeof signUpUser>>;
  let claims: ReturnType<typeof decodeJwt>;
  beforeAll(async () => {
    user = await signUpUser(server.url);
    claims = decodeJwt(user.token);
  });

  const sign = (payload: Record<string, unknown>, key: Uint8Array = secret, typ = 'at+jwt') =>
    new SignJWT(payload).setProtectedHeader({ alg: 'HS256', typ }).sign(key);

  it('accepts a token re-signed with the same claims (the baseline the rejections differ from)', async () => {
    const { me } = expectData(await request(server.url, MeQuery, {}, { token: await sign(claims) }));
    expect(me?.id).toBe(user.id);
  });

  const rejected: [string, () => Promise<string>][] = [
    ['alg none', async () => new UnsecuredJWT(claims).encode()],
    ['a wrong signature', () => sign(claims, new TextEncoder().encode('another-secret-of-at-least-32-bytes!!'))],
    ['a wrong issuer', () => sign({ ...claims, iss: 'someone-else' })],
    ['a wrong audience', () => sign({ ...claims, aud: 'someone-else' })],
    ['an expired token', () => sign({ ...claims, exp: Math.floor(Date.now() / 1000) - 10 })],
    ['a wrong token type', () => sign(claims, secret, 'JWT')],
    ['a missing session id', () => sign({ ...claims, sid: undefined })],
    ['a refresh token presented as access token', async () => user.refreshToken],
    [
      'a tampered payload',
      async () => {
        const [header, , signature] = user.token.split('.');
        const payload = Buffer.from(JSON.stringify({ ...claims, sub: '999999' })).toString('base64url');
        return `${header}.${payload}.${signature}`;
      },
    ],
    ['garbage', async () => 'not-a-token'],
  ];

  it.each(rejected)('rejects %s with UNAUTHENTICATED', async (_name, makeToken) => {
    expectError(await request(server.url, MeQuery, {}, { token: await makeToken() }), 'UNAUTHENTICATED');
  });

  it('rejects an Authorization header that is not a bearer token', async () => {
    const response = await request(server.url, MeQuery, {}, { headers: { authorization: `Basic ${user.token}` } });
    expectError(response, 'UNAUTHENTICATED');
  });
});

describe('refresh tokens and sessions', () => {
  it('rotates the refresh token on every use', async () => {
    const user = await signUpUser(server.url);
    const first = expectData(
      await request(server.url, RefreshMutation, { input: { refreshToken: user.refreshToken } }),
    );
    expect(first.refreshToken.refreshToken).not.toBe(user.refreshToken);
    expect(first.refreshToken.user.id).toBe(user.id);
    const second = expectData(
      await request(server.url, RefreshMutation, { input: { refreshToken: first.refreshToken.refreshToken } }),
    );
    expect(second.refreshToken.refreshToken).not.toBe(first.refreshToken.refreshToken);
    expectData(await request(server.url, MeQuery, {}, { token: second.refreshToken.accessToken }));
  });

  it('revokes the whole session when a spent refresh token is presented again after its one grace use', async () => {
    const user = await signUpUser(server.url);
    const refresh = (refreshToken: string) => request(server.url, RefreshMutation, { input: { refreshToken } });
    const rotated = expectData(await refresh(user.refreshToken));
    // Presented once more within the grace window (a retry whose answer was lost): the same successor.
    const again = expectData(await refresh(user.refreshToken));
    expect(again.refreshToken.refreshToken).toBe(rotated.refreshToken.refreshToken);
    // A third time is a thief's replay: refused, and the session is ended for everyone holding it.
    expectError(await refresh(user.refreshToken), 'UNAUTHENTICATED');
    expectError(await refresh(rotated.refreshToken.refreshToken), 'UNAUTHENTICATED');
    expectError(await request(server.url, MeQuery, {}, { token: rotated.refreshToken.accessToken }), 'UNAUTHENTICATED');
    expectError(await request(server.url, MeQuery, {}, { token: user.token }), 'UNAUTHENTICATED');
  });

  it('revokes the session when a spent refresh token comes back after the grace window', async () => {
    const brief = await startServer({ env: { REFRESH_REUSE_GRACE: '1s' } });
    try {
      const user = await signUpUser(brief.url);
      const refresh = (refreshToken: string) => request(brief.url, RefreshMutation, { input: { refreshToken } });
      const rotated = expectData(await refresh(user.refreshToken));
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expectError(await refresh(user.refreshToken), 'UNAUTHENTICATED');
      expectError(await refresh(rotated.refreshToken.refreshToken), 'UNAUTHENTICATED');
    } finally {
      await brief.stop();
    }
  });

  it('gives two tabs refreshing the same token at once the same new token, and keeps the session', async () => {
    const user = await signUpUser(server.url);
    const tabs = await Promise.all(
      [0, 1].map(() => request(server.url, RefreshMutation, { input: { refreshToken: user.refreshToken } })),
    );
    const [a, b] = tabs.map((tab) => expectData(tab).refreshToken);
    expect(a!.refreshToken).toBe(b!.refreshToken);
    expectData(await request(server.url, MeQuery, {}, { token: a!.accessToken }));
    const next = expectData(await request(server.url, RefreshMutation, { input: { refreshToken: a!.refreshToken } }));
    expectData(await request(server.url, MeQuery, {}, { token: next.refreshToken.accessToken }));
  });

  it('spends a refresh token once even under concurrent use, plus its one grace use', async () => {
    const user = await signUpUser(server.url);
    const attempts = await Promise.all(
      Array.from({ length: 5 }, () =>
        request(server.url, RefreshMutation, { input: { refreshToken: user.refreshToken } }),
      ),
    );
    const issued = new Set(attempts.flatMap((attempt) => attempt.data?.refreshToken?.refreshToken ?? []));
    expect(attempts.filter((attempt) => attempt.data?.refreshToken).length).toBeLessThanOrEqual(2);
    expect(issued.size).toBe(1);
  });

  it('ignores a stale or revoked bearer header on signUp, logIn and refreshToken, and only there', async () => {
    const user = await signUpUser(server.url);
    expectData(await request(server.url, LogOutMutation, {}, { token: user.token }));
    const stale = { token: user.token }; // revoked by the logOut above
    const login = expectData(
      await request(server.url, LogInMutation, { input: { username: user.username, password: user.password } }, stale),
    );
    expectData(
      await request(server.url, RefreshMutation, { input: { refreshToken: login.logIn.refreshToken } }, stale),
    );
    const newcomer = { username: uniqueUsername('stale'), password: 'correct horse battery' };
    expectData(await request(server.url, SignUpMutation, { input: newcomer }, { token: 'garbage' }));
    expectError(await request(server.url, MeQuery, {}, stale), 'UNAUTHENTICATED');
  });

  it('rejects unknown and oversized refresh tokens', async () => {
    for (const refreshToken of ['', 'nope', 'x'.repeat(100_000)]) {
      expectError(await request(server.url, RefreshMutation, { input: { refreshToken } }), 'UNAUTHENTICATED');
    }
  });

  it('ends the session at logOut: its access and refresh tokens fail on the next request', async () => {
    const user = await signUpUser(server.url);
    const otherSession = expectData(
      await request(server.url, LogInMutation, { input: { username: user.username, password: user.password } }),
    );
    expect(expectData(await request(server.url, LogOutMutation, {}, { token: user.token })).logOut).toBe(true);
    expectError(await request(server.url, MeQuery, {}, { token: user.token }), 'UNAUTHENTICATED');
    expectError(
      await request(server.url, RefreshMutation, { input: { refreshToken: user.refreshToken } }),
      'UNAUTHENTICATED',
    );
    // Only that session ends: the same user's other session goes on.
    const { me } = expectData(await request(server.url, MeQuery, {}, { token: otherSession.logIn.accessToken }));
    expect(me?.id).toBe(user.id);
  });

  it('answers a logOut sent over its own socket, then closes that socket with 4403', async () => {
    const user = await signUpUser(server.url);
    const client = connect(server.wsUrl, user.token);
    try {
      const closed = nextClose(client);
      const answer = await new Promise<unknown>((resolve, reject) => {
        client.subscribe({ query: 'mutation { logOut }' }, { next: resolve, error: reject, complete: () => {} });
      });
      expect(answer).toEqual({ data: { logOut: true } });
      expect(await closed).toBe(4403);
    } finally {
      await client.dispose();
    }
  });

  it('requires a session to log out of', async () => {
    expectError(await request(server.url, LogOutMutation), 'UNAUTHENTICATED');
  });
});

describe('token lifetimes from configuration', () => {
  let shortLived: TestServer;
  beforeAll(async () => {
    shortLived = await startServer({ env: { ACCESS_TOKEN_TTL: '1s', REFRESH_TOKEN_TTL: '2s' } });
  });
  afterAll(() => shortLived?.stop());

  it('keeps an access token valid for at least its configured lifetime', async () => {
    const before = Date.now();
    const input = { username: uniqueUsername('lifetime'), password: 'correct horse battery' };
    const { signUp } = expectData(await request(shortLived.url, SignUpMutation, { input }));
    // Claims hold whole seconds; an expiry rounded down would fall short of the 1 s lifetime.
    expect(Date.parse(signUp.accessTokenExpiresAt)).toBeGreaterThanOrEqual(before + 1_000);
    expect(decodeJwt(signUp.accessToken).exp! * 1000).toBe(Date.parse(signUp.accessTokenExpiresAt));
  });

  it('expires access and refresh tokens after the configured time', async () => {
    const user = await signUpUser(shortLived.url);
    expectData(await request(shortLived.url, MeQuery, {}, { token: user.token }));
    // The access token lives 1–2 s (its expiry is rounded up to a whole second); the refresh token 2 s.
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    expectError(await request(shortLived.url, MeQuery, {}, { token: user.token }), 'UNAUTHENTICATED');
    expectError(
      await request(shortLived.url, RefreshMutation, { input: { refreshToken: user.refreshToken } }),
      'UNAUTHENTICATED',
    );
  });
});
