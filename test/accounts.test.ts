import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './gql/index.js';
import { expectData, expectError, request } from './helpers/client.js';
import { startServer, type TestServer } from './helpers/server.js';
import { signUpUser, type TestUser } from './helpers/users.js';
import { connect, connected, nextClose } from './helpers/ws.js';

// Accounts people can manage (DESIGN "Contract, round 2"): their profile and their sessions.

const LogIn = graphql(`
  mutation AccountsLogIn($input: LogInInput!) {
    logIn(input: $input) {
      accessToken
      refreshToken
    }
  }
`);

const Refresh = graphql(`
  mutation AccountsRefresh($input: RefreshTokenInput!) {
    refreshToken(input: $input) {
      accessToken
    }
  }
`);

const Sessions = graphql(`
  query AccountsSessions {
    sessions {
      id
      current
      userAgent
      createdAt
      lastUsedAt
    }
  }
`);

const RevokeSession = graphql(`
  mutation AccountsRevokeSession($sessionId: ID!) {
    revokeSession(sessionId: $sessionId)
  }
`);

const LogOutEverywhere = graphql(`
  mutation AccountsLogOutEverywhere {
    logOutEverywhere
  }
`);

const UpdateProfile = graphql(`
  mutation AccountsUpdateProfile($input: UpdateProfileInput!) {
    updateProfile(input: $input) {
      id
      displayName
    }
  }
`);

const ChangePassword = graphql(`
  mutation AccountsChangePassword($input: ChangePasswordInput!) {
    changePassword(input: $input) {
      accessToken
      refreshToken
    }
  }
`);

const Me = graphql(`
  query AccountsMe {
    me {
      id
      displayName
    }
  }
`);

let server: TestServer;

beforeAll(async () => {
  server = await startServer();
});

afterAll(async () => {
  await server?.stop();
});

/** Another session of `user`, opened from a client that says who it is. */
async function logInFrom(user: TestUser, userAgent: string) {
  const input = { username: user.username, password: user.password };
  return expectData(await request(server.url, LogIn, { input }, { headers: { 'user-agent': userAgent } })).logIn;
}

describe('sessions', () => {
  it("list the user's live sessions with the current one flagged, the client, and the last refresh", async () => {
    const user = await signUpUser(server.url, 'sess');
    const phone = await logInFrom(user, 'ChatPhone/2.1');
    const before = expectData(await request(server.url, Sessions, {}, { token: phone.accessToken })).sessions;
    expect(before).toHaveLength(2);
    const mine = before.find((session) => session.current)!;
    expect(mine.userAgent).toBe('ChatPhone/2.1');
    expect(before.filter((session) => session.current)).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expectData(await request(server.url, Refresh, { input: { refreshToken: phone.refreshToken } }));
    const after = expectData(await request(server.url, Sessions, {}, { token: user.token })).sessions;
    const refreshed = after.find((session) => session.id === mine.id)!;
    expect(new Date(refreshed.lastUsedAt).getTime()).toBeGreaterThan(new Date(mine.lastUsedAt).getTime());
    expect(after[0]!.id).toBe(mine.id); // last used first
    expect(after.find((session) => session.current)?.id).not.toBe(mine.id);
  });

  it('revokeSession ends one of your sessions at once, sockets included, and nobody else’s', async () => {
    const [user, other] = await Promise.all([signUpUser(server.url, 'rev'), signUpUser(server.url, 'revo')]);
    const laptop = await logInFrom(user, 'Laptop');
    const list = expectData(await request(server.url, Sessions, {}, { token: laptop.accessToken })).sessions;
    const laptopId = list.find((session) => session.current)!.id;
    const socket = connect(server.wsUrl, laptop.accessToken);
    try {
      await connected(socket);
      const closed = nextClose(socket);
      expectError(
        await request(server.url, RevokeSession, { sessionId: laptopId }, { token: other.token }),
        'NOT_FOUND',
      );
      const malformed = await request(server.url, RevokeSession, { sessionId: 'not-a-session' }, { token: user.token });
      expect(expectError(malformed, 'BAD_USER_INPUT').extensions?.field).toBe('sessionId');
      expectData(await request(server.url, Me, {}, { token: laptop.accessToken }));
      const revoked = await request(server.url, RevokeSession, { sessionId: laptopId }, { token: user.token });
      expect(expectData(revoked).revokeSession).toBe(true);
      expect(await closed).toBe(4403);
      expectError(await request(server.url, Me, {}, { token: laptop.accessToken }), 'UNAUTHENTICATED');
      expectError(
        await request(server.url, Refresh, { input: { refreshToken: laptop.refreshToken } }),
        'UNAUTHENTICATED',
      );
      // Revoking it again: it is no longer live.
      expectError(
        await request(server.url, RevokeSession, { sessionId: laptopId }, { token: user.token }),
        'NOT_FOUND',
      );
      expectData(await request(server.url, Me, {}, { token: user.token }));
    } finally {
      await socket.dispose();
    }
  });

  it('logOutEverywhere ends every session of the user, the caller’s own included', async () => {
    const user = await signUpUser(server.url, 'every');
    const [a, b] = [await logInFrom(user, 'A'), await logInFrom(user, 'B')];
    const bystander = await signUpUser(server.url, 'bystander');
    expect(expectData(await request(server.url, LogOutEverywhere, {}, { token: a.accessToken })).logOutEverywhere).toBe(
      true,
    );
    for (const token of [user.token, a.accessToken, b.accessToken]) {
      expectError(await request(server.url, Me, {}, { token }), 'UNAUTHENTICATED');
    }
    expectData(await request(server.url, Me, {}, { token: bystander.token }));
    expectError(await request(server.url, LogOutEverywhere, {}), 'UNAUTHENTICATED');
  });
});

describe('updateProfile', () => {
  it('changes the display name with the sign-up rules', async () => {
    const [user, other] = await Promise.all([signUpUser(server.url, 'prof'), signUpUser(server.url, 'profo')]);
    const update = (displayName: string) =>
      request(server.url, UpdateProfile, { input: { displayName } }, { token: user.token });
    expect(expectData(await update('  New Name  ')).updateProfile).toEqual({ id: user.id, displayName: 'New Name' });
    expect(expectData(await request(server.url, Me, {}, { token: user.token })).me?.displayName).toBe('New Name');
    const bads = [
      '',
      'x'.repeat(65),
      'a\u0000b',
      'evil\u202Eeman',
      other.username.toUpperCase(),
      'Deleted user',
      ' DELETED USER',
    ];
    for (const bad of bads) {
      expect(expectError(await update(bad), 'BAD_USER_INPUT').extensions?.field).toBe('displayName');
    }
    expect(expectData(await update(user.username)).updateProfile.displayName).toBe(user.username);
    expectError(await request(server.url, UpdateProfile, { input: { displayName: 'anon' } }), 'UNAUTHENTICATED');
  });
});

describe('changePassword', () => {
  it('checks the current password, ends every other session (sockets too), and continues in a new one', async () => {
    const user = await signUpUser(server.url, 'pw');
    const other = await logInFrom(user, 'Other device');
    const socket = connect(server.wsUrl, other.accessToken);
    try {
      await connected(socket);
      const closed = nextClose(socket);
      const change = (currentPassword: string, newPassword: string) =>
        request(server.url, ChangePassword, { input: { currentPassword, newPassword } }, { token: user.token });
      const wrong = expectError(await change('not my password', 'brand new secret'), 'BAD_USER_INPUT');
      expect(wrong.extensions?.field).toBe('currentPassword');
      expect(expectError(await change(user.password, 'short'), 'BAD_USER_INPUT').extensions?.field).toBe('newPassword');
      expectData(await request(server.url, Me, {}, { token: other.accessToken })); // nothing changed yet
      const fresh = expectData(await change(user.password, 'brand new secret')).changePassword;
      expect(await closed).toBe(4403);
      for (const token of [user.token, other.accessToken]) {
        expectError(await request(server.url, Me, {}, { token }), 'UNAUTHENTICATED');
      }
      expectData(await request(server.url, Me, {}, { token: fresh.accessToken }));
      const input = (password: string) => ({ username: user.username, password });
      expectError(await request(server.url, LogIn, { input: input(user.password) }), 'UNAUTHENTICATED');
      expectData(await request(server.url, LogIn, { input: input('brand new secret') }));
    } finally {
      await socket.dispose();
    }
  });
});
