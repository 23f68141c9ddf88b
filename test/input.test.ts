import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './gql/index.js';
import { expectData, expectError, rawRequest, request } from './helpers/client.js';
import { startServer, type TestServer } from './helpers/server.js';
import { createGroup, CreateRoomMutation, sendMessage, SendMessageMutation } from './helpers/chat.js';
import { SignUpMutation, signUpUser, uniqueUsername } from './helpers/users.js';

const PingQuery = graphql(`
  query Ping {
    me {
      id
    }
  }
`);

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server?.stop());

/** After every hostile request the server must still answer a normal one. */
async function expectServing() {
  expect(expectData(await request(server.url, PingQuery)).me).toBeNull();
}

describe('bad sign-up input gets BAD_USER_INPUT naming the field', () => {
  const cases: [string, { username: string; password: string; displayName?: string }, string][] = [
    ['an empty username', { username: '', password: 'password123' }, 'username'],
    ['a 10 kB username', { username: 'a'.repeat(10_000), password: 'password123' }, 'username'],
    ['a username with spaces', { username: 'bad name', password: 'password123' }, 'username'],
    ['a 1 MB password', { username: uniqueUsername(), password: 'p'.repeat(1_000_000) }, 'password'],
    ['a short password', { username: uniqueUsername(), password: 'short' }, 'password'],
    [
      'a blank display name',
      { username: uniqueUsername(), password: 'password123', displayName: '   ' },
      'displayName',
    ],
    [
      'a 1 kB display name',
      { username: uniqueUsername(), password: 'password123', displayName: 'd'.repeat(1000) },
      'displayName',
    ],
    [
      'a display name with control characters',
      { username: uniqueUsername(), password: 'password123', displayName: 'a\u0000b' },
      'displayName',
    ],
    [
      'a display name with a lone surrogate',
      { username: uniqueUsername(), password: 'password123', displayName: 'a\ud800b' },
      'displayName',
    ],
    ...[
      '\u202e',
      '\u202a',
      '\u2066',
      '\u2069',
      '\u200b',
      '\u200f',
      '\u2060',
      '\ufeff',
      '\u061c',
      '\u00ad',
      '\u2063',
      '\u3164',
      '\u115f',
      '\u{e0041}',
    ].map((char): [string, { username: string; password: string; displayName: string }, string] => [
      `a display name with U+${char.codePointAt(0)!.toString(16).toUpperCase()}`,
      { username: uniqueUsername(), password: 'password123', displayName: `admin${char}x` },
      'displayName',
    ]),
  ];
  it.each(cases)('%s', async (_name, input, field) => {
    const error = expectError(await request(server.url, SignUpMutation, { input }), 'BAD_USER_INPUT');
    expect(error.extensions?.field).toBe(field);
    await expectServing();
  });
});

describe('display names that pose as another user', () => {
  it("refuses another user's username as a display name, in any case or NFKC form; one's own is fine", async () => {
    const taken = await signUpUser(server.url, 'famous');
    for (const displayName of [taken.username, taken.username.toUpperCase(), toFullwidth(taken.username)]) {
      const input = { username: uniqueUsername(), password: 'password123', displayName };
      const error = expectError(await request(server.url, SignUpMutation, { input }), 'BAD_USER_INPUT');
      expect(error.extensions?.field).toBe('displayName');
    }
    // Emoji with their presentation selector are names, not formatting.
    const hearts = { username: uniqueUsername(), password: 'password123', displayName: 'Ana ❤️' };
    expect(expectData(await request(server.url, SignUpMutation, { input: hearts })).signUp.user.displayName).toBe(
      'Ana ❤️',
    );
    const username = uniqueUsername();
    const input = { username, password: 'password123', displayName: username.toUpperCase() };
    expect(expectData(await request(server.url, SignUpMutation, { input })).signUp.user.displayName).toBe(
      username.toUpperCase(),
    );
  });
});

/** `famous_1a2b` as `ｆａｍｏｕｓ＿１ａ２ｂ`: NFKC folds it back. */
const toFullwidth = (text: string) =>
  [...text].map((char) => String.fromCodePoint(char.codePointAt(0)! + 0xfee0)).join('');

describe('text that is not valid Unicode', () => {
  it('refuses a lone surrogate in a message body and a room name with BAD_USER_INPUT, and stores none', async () => {
    const owner = await signUpUser(server.url, 'surrogate');
    const bad = expectError(
      await request(
        server.url,
        CreateRoomMutation,
        { input: { name: 'x\udc00', memberIds: [] } },
        { token: owner.token },
      ),
      'BAD_USER_INPUT',
    );
    expect(bad.extensions?.field).toBe('name');
    const roomId = await createGroup(server.url, owner, [], 'surrogates');
    const input = { roomId, body: 'half a face \ud83d' };
    const error = expectError(
      await request(server.url, SendMessageMutation, { input }, { token: owner.token }),
      'BAD_USER_INPUT',
    );
    expect(error.extensions?.field).toBe('body');
    // A whole pair is fine, and comes back as sent.
    expect((await sendMessage(server.url, owner, roomId, 'a face \ud83d\ude00')).body).toBe('a face 😀');
  });
});

describe('malformed requests get a coded error and the server keeps serving', () => {
  it('answers a malformed JSON body with BAD_REQUEST (400 to a graphql-response+json client) and no parser internals', async () => {
    const response = await rawRequest(server.url, '{"query": "{ me { id } ', {
      accept: 'application/graphql-response+json',
    });
    expect(response.status).toBe(400);
    expectError(response.json!, 'BAD_REQUEST');
    expect(response.text).not.toMatch(/SyntaxError|position|stack/i);
    await expectServing();
  });

  it('answers an unknown input field with GRAPHQL_VALIDATION_FAILED', async () => {
    const response = await rawRequest(
      server.url,
      JSON.stringify({
        query: 'mutation { signUp(input: {username: "abc", password: "password123", admin: true}) { accessToken } }',
      }),
    );
    expectError(response.json!, 'GRAPHQL_VALIDATION_FAILED');
    await expectServing();
  });

  it('answers an unknown field with GRAPHQL_VALIDATION_FAILED', async () => {
    const response = await rawRequest(server.url, JSON.stringify({ query: '{ me { passwordHash } }' }));
    expectError(response.json!, 'GRAPHQL_VALIDATION_FAILED');
    await expectServing();
  });

  it('answers variables of the wrong type with a coded error', async () => {
    const response = await rawRequest(
      server.url,
      JSON.stringify({
        query: 'mutation ($input: SignUpInput!) { signUp(input: $input) { accessToken } }',
        variables: { input: { username: 42, password: ['x'] } },
      }),
    );
    expect(response.json?.errors?.length).toBeGreaterThan(0);
    for (const error of response.json!.errors!) expect(error.extensions?.code).toBe('BAD_USER_INPUT');
    await expectServing();
  });

  it('answers a body that is not an operation with a coded error', async () => {
    for (const body of ['[]', '42', '{"query": 42}', '{"query": "{ me { id } }", "variables": "nope"}']) {
      const response = await rawRequest(server.url, body, { accept: 'application/graphql-response+json' });
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(typeof response.json?.errors?.[0]?.extensions?.code).toBe('string');
    }
    await expectServing();
  });

  it('never shows a stack trace or SQL in an error', async () => {
    const user = await signUpUser(server.url);
    const probes = [
      JSON.stringify({ query: '{ node(id: "VXNlcjo5OTk5OTk5OTk5OTk5OTk5OTk5") { id } }' }),
      JSON.stringify({ query: `{ user(username: "${"'; drop table users; --"}") { id } }` }),
    ];
    for (const body of probes) {
      const response = await rawRequest(server.url, body, { authorization: `Bearer ${user.token}` });
      expect(response.text).not.toMatch(/\bat \S+:\d+|select |insert |syntax error|pg|kysely/i);
    }
    await expectServing();
  });
});
