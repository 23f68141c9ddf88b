import { describe, expect, it } from 'vitest';
import { graphql } from './gql/index.js';
import { expectData, expectError, request } from './helpers/client.js';
import { postFrom, uniqueLoopback } from './helpers/raw.js';
import { startServer, type TestServer } from './helpers/server.js';
import { signUpUser } from './helpers/users.js';
import { sleep } from './helpers/ws.js';

const LOG_IN = 'mutation ($u: String!, $p: String!) { logIn(input: { username: $u, password: $p }) { accessToken } }';

const logInFrom = (from: string, url: string, username: string, password: string) =>
  postFrom(from, url, { query: LOG_IN, variables: { u: username, p: password } }).then((response) =>
    String(response.json.errors?.[0]?.extensions?.code ?? 'OK'),
  );

/** How many answers of a burst were not RATE_LIMITED, i.e. reached password verification. */
const verified = (codes: string[]) => codes.filter((code) => code !== 'RATE_LIMITED').length;

describe('login limits under a concurrent burst', () => {
  it('lets no more wrong guesses through per username than the limit', async () => {
    const server = await startServer({ env: { RATE_LIMITS: 'login=5/15m,loginAddress=1000000/1s,signUp=1000000/1s' } });
    try {
      const victim = await signUpUser(server.url, 'burst');
      const from = uniqueLoopback();
      const codes = await Promise.all(
        Array.from({ length: 200 }, (_, i) => logInFrom(from, server.url, victim.username, `guess-${i}`)),
      );
      // Exactly the limit: no more got through, and the limit was not refused up front either.
      expect(verified(codes)).toBe(5);
      expect(codes.filter((code) => code === 'UNAUTHENTICATED').length).toBe(verified(codes));
    } finally {
      await server.stop();
    }
  });

  it('lets no more wrong guesses through per client address than the limit', async () => {
    const server = await startServer({ env: { RATE_LIMITS: 'loginAddress=5/15m,signUp=1000000/1s' } });
    try {
      const from = uniqueLoopback();
      const codes = await Promise.all(
        Array.from({ length: 200 }, (_, i) => logInFrom(from, server.url, `nobody_${i}`, 'wrong password')),
      );
      expect(verified(codes)).toBe(5);
    } finally {
      await server.stop();
    }
  });
});

describe('login limits between bursts', () => {
  it('lets the owner in after failed guesses under the limit, and gives the budget back on success', async () => {
    const server = await startServer({ env: { RATE_LIMITS: 'login=3/15m,loginAddress=1000000/1s,signUp=1000000/1s' } });
    try {
      const owner = await signUpUser(server.url, 'owner');
      const from = uniqueLoopback();
      const attempt = (password: string) => logInFrom(from, server.url, owner.username, password);
      expect([await attempt('wrong password'), await attempt('wrong password')]).toEqual([
        'UNAUTHENTICATED',
        'UNAUTHENTICATED',
      ]);
      expect([await attempt(owner.password), await attempt(owner.password)]).toEqual(['OK', 'OK']);
      // The owner's logins spent none of the three failures the budget allows.
      expect([await attempt('wrong password'), await attempt('wrong password')]).toEqual([
        'UNAUTHENTICATED',
        'RATE_LIMITED',
      ]);
    } finally {
      await server.stop();
    }
  });

  it('limits successful logins per account, also under a burst', async () => {
    const server = await startServer({
      env: { RATE_LIMITS: 'loginSuccess=3/1h,login=1000000/1s,loginAddress=1000000/1s,signUp=1000000/1s' },
    });
    try {
      const owner = await signUpUser(server.url, 'looper');
      const other = await signUpUser(server.url, 'other');
      const from = uniqueLoopback();
      const codes = await Promise.all(
        Array.from({ length: 50 }, () => logInFrom(from, server.url, owner.username, owner.password)),
      );
      expect(codes.filter((code) => code === 'OK').length).toBe(3);
      expect(codes.filter((code) => code !== 'OK' && code !== 'RATE_LIMITED')).toEqual([]);
      expect(await logInFrom(from, server.url, owner.username, owner.password)).toBe('RATE_LIMITED');
      // A wrong guess is refused the same way, so the refusal says nothing about the password.
      expect(await logInFrom(from, server.url, owner.username, 'wrong password')).toBe('RATE_LIMITED');
      expect(await logInFrom(from, server.url, other.username, other.password)).toBe('OK');
    } finally {
      await server.stop();
    }
  });
});

const LogOutForSweep = graphql(`
  mutation LogOutForSweep {
    logOut
  }
`);

const RefreshForSweep = graphql(`
  mutation RefreshForSweep($input: RefreshTokenInput!) {
    refreshToken(input: $input) {
      accessToken
      refreshToken
    }
  }
`);

describe('session expiry', () => {
  /** Sessions and refresh tokens of a user, read from the database the test server uses. */
  const rowsOf = async (server: TestServer, username: string) => {
    const db = server.app.deps.db;
    const sessions = await db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .select('sessions.id')
      .where('users.username', '=', username)
      .execute();
    if (sessions.length === 0) return { sessions: 0, tokens: 0 };
    const tokens = await db
      .selectFrom('refresh_tokens')
      .select('token_hash')
      .where(
        'session_id',
        'in',
        sessions.map((session) => session.id),
      )
      .execute();
    return { sessions: sessions.length, tokens: tokens.length };
  };

  it('deletes expired and revoked sessions with their refresh tokens, and spent tokens of live ones', async () => {
    const server = await startServer({ env: { ACCESS_TOKEN_TTL: '1s', REFRESH_TOKEN_TTL: '2s' } });
    try {
      const expired = await signUpUser(server.url, 'expired');
      const revoked = await signUpUser(server.url, 'revoked');
      expectData(await request(server.url, LogOutForSweep, {}, { token: revoked.token }));
      const live = await signUpUser(server.url, 'live');
      expect(await rowsOf(server, expired.username)).toEqual({ sessions: 1, tokens: 1 });
      expect(await rowsOf(server, revoked.username)).toEqual({ sessions: 1, tokens: 1 });

      // Keep one session alive by refreshing it, until the other two are gone.
      let refreshToken = live.refreshToken;
      let refreshes = 0;
      const deadline = Date.now() + 20_000;
      while (Date.now() < deadline) {
        const { refreshToken: pair } = expectData(
          await request(server.url, RefreshForSweep, { input: { refreshToken } }),
        );
        refreshToken = pair.refreshToken;
        refreshes += 1;
        const gone = [await rowsOf(server, expired.username), await rowsOf(server, revoked.username)];
        if (gone.every((rows) => rows.sessions === 0) && refreshes >= 12) break;
        await sleep(400);
      }
      expect(await rowsOf(server, expired.username)).toEqual({ sessions: 0, tokens: 0 });
      expect(await rowsOf(server, revoked.username)).toEqual({ sessions: 0, tokens: 0 });
      // The live session stays, without the tokens it spent long ago (each refresh spent one).
      const kept = await rowsOf(server, live.username);
      expect(kept.sessions).toBe(1);
      expect(kept.tokens).toBeLessThan(refreshes);
      expectData(await request(server.url, RefreshForSweep, { input: { refreshToken } }));
      // An expired refresh token is refused as before, whether or not its session was swept.
      expectError(
        await request(server.url, RefreshForSweep, { input: { refreshToken: expired.refreshToken } }),
        'UNAUTHENTICATED',
      );
    } finally {
      await server.stop();
    }
  }, 40_000);
});
