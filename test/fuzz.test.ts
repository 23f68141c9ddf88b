import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import {
  buildSchema,
  getNamedType,
  isCompositeType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLField,
  type GraphQLFormattedError,
  type GraphQLInputType,
} from 'graphql';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRequest } from './helpers/client.js';
import { createGroup, openDirectRoom, sendMessage } from './helpers/chat.js';
import { startServer, type TestServer } from './helpers/server.js';
import { makeFriends } from './helpers/social.js';
import { signUpUser, type TestUser } from './helpers/users.js';
import { connect } from './helpers/ws.js';

/**
 * Property-based hostile input: garbage variables for every mutation, garbage HTTP requests and
 * garbage graphql-transport-ws frames. Whatever arrives, the server answers with coded errors that
 * leak nothing, never a 5xx or INTERNAL_SERVER_ERROR, and keeps serving afterwards.
 *
 * FUZZ_SEED=<n> replays a run (fast-check prints the seed and the shrunk counterexample on failure);
 * FUZZ_RUNS=<factor> scales every property's number of runs.
 */
const FUZZ_SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
const RUNS_FACTOR = process.env.FUZZ_RUNS ? Number(process.env.FUZZ_RUNS) : 1;

function params(numRuns: number): fc.Parameters<unknown> {
  return {
    numRuns: Math.max(1, Math.round(numRuns * RUNS_FACTOR)),
    ...(FUZZ_SEED !== undefined ? { seed: FUZZ_SEED } : {}),
    // Shrinking sends one request per step; bound it so a failure reports in reasonable time.
    interruptAfterTimeLimit: 45_000,
    markInterruptAsFailure: false,
  };
}

const schema = buildSchema(readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8'));
const mutationFields = Object.values(schema.getMutationType()!.getFields());

// ---------------------------------------------------------------------------------------------
// Invariants on a response

const STACK_TRACE = [/\bat \S+ \(/, /\.ts:\d+/, /\.[cm]?js:\d+:\d+/, /node_modules/];
const SQL_LEAK =
  /syntax error at or near|invalid input syntax|violates|relation "|column "|invalid byte sequence|out of range for type|duplicate key value/i;
const LEAKS = [...STACK_TRACE, SQL_LEAK];

/** Every string inside a value, so a pattern echoed back from the input is not taken for a leak. */
function stringsIn(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const item of value) stringsIn(item, out);
  else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      out.push(key);
      stringsIn(item, out);
    }
  }
  return out;
}

/** Leak patterns found in `output` that the input did not itself contain. */
function leaks(output: string[], input: string[]): string[] {
  return LEAKS.filter(
    (pattern) => output.some((text) => pattern.test(text)) && !input.some((text) => pattern.test(text)),
  ).map(String);
}

/** Problems with a list of GraphQL errors: codes missing, internal errors, leaks. */
function errorProblems(errors: unknown, input: string[]): string[] {
  if (errors === undefined) return [];
  if (!Array.isArray(errors) || errors.length === 0) return ['errors is not a non-empty array'];
  const problems: string[] = [];
  for (const error of errors as GraphQLFormattedError[]) {
    const code = error?.extensions?.code;
    if (typeof code !== 'string') problems.push(`error without a string extensions.code: ${error?.message}`);
    if (code === 'INTERNAL_SERVER_ERROR' || error?.message === 'Unexpected error.') {
      problems.push(`internal error: ${error?.message} (${String(code)})`);
    }
  }
  problems.push(...leaks(stringsIn(errors), input).map((p) => `error leaks ${p}`));
  return problems;
}

/** Problems with a GraphQL HTTP response to a well-formed POST. */
function responseProblems(
  response: { status: number; text: string; json?: { data?: unknown; errors?: unknown } },
  input: string[],
): string[] {
  const problems: string[] = [];
  if (response.status >= 500) problems.push(`HTTP ${response.status}`);
  if (!response.json || typeof response.json !== 'object') return [...problems, 'body is not a JSON object'];
  if (!('data' in response.json) && !('errors' in response.json)) problems.push('neither data nor errors');
  problems.push(...errorProblems(response.json.errors, input));
  problems.push(...leaks([response.text], input).map((p) => `body leaks ${p}`));
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Fixture: alice and bob are friends with a group room and a direct room; carol only checks that
// the server still works (her token is never fuzzed); dave has a pending request to alice.

let server: TestServer;
let alice: TestUser;
let bob: TestUser;
let carol: TestUser;
let dave: TestUser;
/** Real ids by node type, and all of them. */
let realIdsOf: Record<'User' | 'Room' | 'Message' | 'FriendRequest', string[]>;
let realIds: string[];

beforeAll(async () => {
  // startServer lifts the rate limits; with them, most of the fuzzing would be answered
  // RATE_LIMITED (and sockets refused with 429) before it reached the code under test.
  server = await startServer();
  const signUp = (prefix: string) => signUpUser(server.url, prefix);
  [alice, bob, carol, dave] = [await signUp('alice'), await signUp('bob'), await signUp('carol'), await signUp('dave')];
  await makeFriends(server.url, alice, bob);
  const group = await createGroup(server.url, alice, [bob]);
  const direct = await openDirectRoom(server.url, alice, bob);
  const message = await sendMessage(server.url, alice, group, 'hello');
  const directMessage = await sendMessage(server.url, bob, direct, 'hi');
  const request = await rawRequest(
    server.url,
    JSON.stringify({
      query: 'mutation ($id: ID!) { sendFriendRequest(userId: $id) { id } }',
      variables: { id: alice.id },
    }),
    { authorization: `Bearer ${dave.token}` },
  );
  const requestId = (request.json?.data as { sendFriendRequest: { id: string } }).sendFriendRequest.id;
  realIdsOf = {
    User: [alice.id, bob.id, carol.id, dave.id],
    Room: [group, direct],
    Message: [message.id, directMessage.id],
    FriendRequest: [requestId],
  };
  realIds = Object.values(realIdsOf).flat();
}, 60_000);

afterAll(async () => {
  await server?.stop();
});

/** The server still serves HTTP: carol's `{ me { id } }` answers normally. */
async function expectHttpAlive() {
  const response = await rawRequest(server.url, JSON.stringify({ query: '{ me { id } }' }), {
    authorization: `Bearer ${carol.token}`,
  });
  expect({ status: response.status, body: response.json }, response.text).toEqual({
    status: 200,
    body: { data: { me: { id: carol.id } } },
  });
}

/** The server still serves WebSocket: a fresh graphql-ws client runs a query. */
async function expectWsAlive() {
  const client = connect(server.wsUrl, carol.token);
  try {
    const result = await new Promise<unknown>((resolve, reject) => {
      let value: unknown;
      client.subscribe(
        { query: '{ me { id } }' },
        {
          next: (v) => (value = v),
          error: (e) => reject(new Error(`fresh graphql-ws client failed: ${describeWsError(e)}`)),
          complete: () => resolve(value),
        },
      );
    });
    expect(result).toEqual({ data: { me: { id: carol.id } } });
  } finally {
    await client.dispose();
  }
}

function describeWsError(error: unknown): string {
  if (error instanceof Error) return error.message;
  const event = error as { code?: number; reason?: string; type?: string; message?: string };
  if (typeof event?.code === 'number') return `socket closed ${event.code} ${event.reason ?? ''}`;
  if (event?.type) return `${event.type} event ${event.message ?? ''}`;
  return JSON.stringify(error);
}

// ---------------------------------------------------------------------------------------------
// Generators

/** Strings shaped to hurt: control characters, lone surrogates, bidi marks, SQL and LIKE metacharacters. */
const nastyPiece = fc.constantFrom(
  '\u0000',
  '\u0007',
  '\u001b[31m',
  '\u007f',
  '\u0085',
  '\u00a0',
  '\u200b',
  '\u202e',
  '\u2028',
  '\ufeff',
  '\ud800',
  '\udfff',
  '\uffff',
  '\u{1f600}',
  'é',
  "'",
  '"',
  '\\',
  '%',
  '_',
  '$1',
  "'; DROP TABLE users; --",
  '${jndi:ldap://x}',
  '__proto__',
  'constructor',
  '<script>',
  '\r\n',
);

const hugeString = fc
  .tuple(fc.string({ minLength: 1, maxLength: 8 }), fc.integer({ min: 1_000, max: 100_000 }))
  .map(([piece, length]) => piece.repeat(Math.ceil(length / piece.length)).slice(0, length));

const stringArb: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.string({ maxLength: 40 }), weight: 3 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 2 },
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }), weight: 1 },
  {
    arbitrary: fc.tuple(fc.string({ maxLength: 10 }), nastyPiece, fc.string({ maxLength: 10 })).map((p) => p.join('')),
    weight: 3,
  },
  // Printable ASCII salted with C0 control characters (NUL included).
  {
    arbitrary: fc
      .array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 0x1f }), fc.integer({ min: 0x20, max: 0x7e })), {
        minLength: 1,
        maxLength: 20,
      })
      .map((codes) => String.fromCharCode(...codes)),
    weight: 3,
  },
  // Valid-looking usernames and passwords, so validation passes and the value reaches the database.
  { arbitrary: fc.stringMatching(/^[a-z0-9_]{3,32}$/), weight: 2 },
  { arbitrary: fc.constantFrom('', ' ', '   \t\n', 'a'.repeat(4001), 'a'.repeat(257), 'x'.repeat(65)), weight: 1 },
  { arbitrary: hugeString, weight: 1 },
);

const base64 = (text: string, url: boolean) => Buffer.from(text).toString(url ? 'base64url' : 'base64');

/** Ids that look like ours but are not: wrong types, negative, non-numeric, overflowing, padded. */
const fakeGlobalId = fc.oneof(
  fc
    .tuple(
      fc.constantFrom('User', 'Room', 'Message', 'FriendRequest', 'Node', 'Query', 'user', ''),
      fc.oneof(
        fc.constantFrom(
          'abc',
          '-1',
          '0',
          '1.5',
          '1e3',
          ' 1',
          '01',
          '1 ',
          '99999999999999999999',
          '9223372036854775808',
        ),
        fc.constantFrom('999999999999999999', '9223372036854775807', '1\u0000', '1;select 1', ''),
        fc.bigInt({ min: 1n, max: 10n ** 18n - 1n }).map(String),
        fc.integer({ min: 1, max: 1_000 }).map(String),
        fc.string({ maxLength: 10 }),
      ),
      fc.boolean(),
    )
    .map(([type, id, url]) => base64(`${type}:${id}`, url)),
  fc.constantFrom('Room:abc', 'User:-1', 'Message:99999999999999999999', 'User:1', '1', 'VXNlcjox=', '===='),
  fc.string({ maxLength: 80 }),
);

/** The node type an argument or input field named so expects. */
const ID_TYPE_OF: Record<string, keyof typeof realIdsOf> = {
  roomId: 'Room',
  userId: 'User',
  userIds: 'User',
  memberIds: 'User',
  messageId: 'Message',
  requestId: 'FriendRequest',
};

/**
 * Ids for an argument: often a real one of the expected type (so the other inputs get past the
 * lookups and reach the database), else real ids of other types, look-alikes and junk. Real ids are
 * read at generation time: they exist only once beforeAll ran.
 */
function idFor(name?: string): fc.Arbitrary<unknown> {
  const type = name ? ID_TYPE_OF[name] : undefined;
  const pick = (ids: () => string[]) => fc.nat().map((i) => ids()[i % ids().length]!);
  return fc.oneof(
    { arbitrary: type ? pick(() => realIdsOf[type]) : pick(() => realIds), weight: 8 },
    { arbitrary: pick(() => realIds), weight: 2 },
    { arbitrary: fakeGlobalId, weight: 3 },
    { arbitrary: stringArb, weight: 1 },
    { arbitrary: fc.integer(), weight: 1 },
  );
}
const idArb = idFor();

const jsonGarbage: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(true, 0, -1, 2 ** 31, 2 ** 53, 1e308, -0.5, [], {}, [[[]]], { a: { b: { c: {} } } }),
  hugeString,
  // Deeply nested objects and arrays.
  fc.integer({ min: 20, max: 200 }).map((depth) => JSON.parse('['.repeat(depth) + ']'.repeat(depth)) as unknown),
  fc
    .integer({ min: 20, max: 200 })
    .map((depth) => JSON.parse('{"a":'.repeat(depth) + '1' + '}'.repeat(depth)) as unknown),
);

const withGarbage = (arbitrary: fc.Arbitrary<unknown>) =>
  fc.oneof({ arbitrary, weight: 8 }, { arbitrary: jsonGarbage, weight: 1 });

/** Values for an input type: mostly the right shape with hostile leaves, sometimes anything at all. */
function valueFor(type: GraphQLInputType, name?: string): fc.Arbitrary<unknown> {
  if (isNonNullType(type)) return valueFor(type.ofType, name);
  if (isListType(type)) {
    const item = valueFor(type.ofType, name);
    return withGarbage(
      fc.oneof(
        { arbitrary: fc.array(item, { maxLength: 5 }), weight: 4 },
        { arbitrary: fc.array(item, { minLength: 100, maxLength: 300 }), weight: 1 },
        { arbitrary: item, weight: 1 }, // a single value where a list is expected (coerced by GraphQL)
      ),
    );
  }
  if (isInputObjectType(type)) {
    const fields = Object.values(type.getFields());
    const model = Object.fromEntries(fields.map((f) => [f.name, valueFor(f.type, f.name)]));
    const requiredKeys = fields.filter((f) => isNonNullType(f.type)).map((f) => f.name);
    return withGarbage(
      fc
        .tuple(
          fc.record(model, { requiredKeys }),
          fc.option(fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 })),
        )
        .map(([record, extra]) => ({ ...extra, ...record })),
    );
  }
  if (isEnumType(type)) return withGarbage(fc.constantFrom(...type.getValues().map((v) => v.name)));
  switch (type.name) {
    case 'ID':
      return withGarbage(idFor(name));
    case 'String':
      return withGarbage(stringArb);
    case 'Int':
      return withGarbage(fc.oneof(fc.integer({ min: -5, max: 200 }), fc.integer(), fc.double()));
    case 'Float':
      return withGarbage(fc.double());
    case 'Boolean':
      return withGarbage(fc.boolean());
    default:
      return jsonGarbage;
  }
}

/** A mutation document that passes each argument as a variable and selects the scalar fields. */
function operationFor(field: GraphQLField<unknown, unknown>): string {
  const definitions = field.args.map((arg) => `$${arg.name}: ${String(arg.type)}`).join(', ');
  const args = field.args.map((arg) => `${arg.name}: $${arg.name}`).join(', ');
  const type = getNamedType(field.type);
  let selection = '';
  if (isCompositeType(type)) {
    const leaves = isObjectType(type)
      ? Object.values(type.getFields())
          .filter((f) => isLeafType(getNamedType(f.type)) && f.args.length === 0)
          .map((f) => f.name)
      : [];
    selection = ` { __typename ${leaves.join(' ')} }`;
  }
  return `mutation Fuzz${definitions ? `(${definitions})` : ''} { ${field.name}${args ? `(${args})` : ''}${selection} }`;
}

type Auth = { kind: 'none' } | { kind: 'user'; who: 'alice' | 'bob' } | { kind: 'header'; value: string };

const garbageAuth: fc.Arbitrary<Auth> = fc
  .oneof(
    fc.constantFrom('Bearer', 'Bearer ', 'Bearer garbage', 'Basic YWxpY2U6cHc=', 'bearer x.y.z', 'Bearer a.b'),
    fc.string({ unit: 'grapheme-ascii', maxLength: 60 }).map((s) => `Bearer ${s}`),
    fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 60 }),
    // A real token, tampered.
    fc.tuple(fc.constantFrom('alice', 'bob'), fc.nat(), fc.constantFrom('x', 'A', '.', '')).map(([who, at, ch]) => {
      const token = who === 'alice' ? alice.token : bob.token;
      const i = at % token.length;
      return `Bearer ${token.slice(0, i)}${ch}${token.slice(i + 1)}`;
    }),
  )
  .map((value) => ({ kind: 'header', value }));

function authArb(allowRealTokens: boolean): fc.Arbitrary<Auth> {
  const users = fc.constantFrom<Auth>({ kind: 'user', who: 'alice' }, { kind: 'user', who: 'bob' });
  return allowRealTokens
    ? fc.oneof(
        { arbitrary: users, weight: 6 },
        { arbitrary: fc.constant<Auth>({ kind: 'none' }), weight: 1 },
        { arbitrary: garbageAuth, weight: 1 },
      )
    : fc.oneof(fc.constant<Auth>({ kind: 'none' }), garbageAuth);
}

function authHeaders(auth: Auth): Record<string, string> {
  if (auth.kind === 'user') return { authorization: `Bearer ${(auth.who === 'alice' ? alice : bob).token}` };
  if (auth.kind === 'header') return { authorization: auth.value };
  return {};
}

// ---------------------------------------------------------------------------------------------
// a. Every mutation with garbage variables

describe('fuzz: mutations with garbage variables', () => {
  it('covers every mutation of schema.graphql', () => {
    expect(mutationFields.length).toBeGreaterThan(10);
  });

  // Mutations that tear the fixture down (friendship, membership, messages, blocks) go last, so the
  // others still find alice and bob friends in their rooms.
  const DESTRUCTIVE = [
    'deleteMessage',
    'removeFriend',
    'unfriend',
    'leaveRoom',
    'leaveGroupRoom',
    'blockUser',
    'unblockUser',
    'logOut',
  ];
  const ordered = [
    ...mutationFields.filter((f) => !DESTRUCTIVE.includes(f.name)),
    ...DESTRUCTIVE.flatMap((name) => mutationFields.filter((f) => f.name === name)),
  ];

  it.each(ordered.map((field) => [field.name, field] as const))(
    '%s answers coded errors, never an internal one',
    async (_name, field) => {
      const query = operationFor(field);
      const variables = fc.record(
        Object.fromEntries(field.args.map((arg) => [arg.name, valueFor(arg.type, arg.name)])),
        { requiredKeys: field.args.filter((arg) => isNonNullType(arg.type)).map((arg) => arg.name) },
      );
      // logOut with a real token would end the session the rest of the fuzzing relies on.
      const auth = authArb(field.name !== 'logOut');
      await fc.assert(
        fc.asyncProperty(withGarbage(variables), auth, async (vars, who) => {
          const body = JSON.stringify({ query, variables: vars });
          const response = await rawRequest(server.url, body, authHeaders(who));
          const problems = responseProblems(response, stringsIn(vars));
          expect(
            problems,
            `${body.slice(0, 2_000)}\n→ HTTP ${response.status} ${response.text.slice(0, 2_000)}`,
          ).toEqual([]);
        }),
        params(100),
      );
      await expectHttpAlive();
    },
    60_000,
  );
});

// ---------------------------------------------------------------------------------------------
// b. Raw HTTP requests

const VALID_QUERIES = [
  '{ me { id } }',
  'query Q($id: ID!) { node(id: $id) { id } }',
  'query ($q: String!, $first: Int, $after: String) { searchUsers(query: $q, first: $first, after: $after) { edges { cursor } } }',
  'query ($first: Int, $last: Int, $after: String, $before: String) { rooms(first: $first, last: $last, after: $after, before: $before) { edges { node { id messages(last: 3) { edges { node { body } } } } } } }',
  'mutation ($input: SendMessageInput!) { sendMessage(input: $input) { id } }',
  'query A { me { id } } query B { me { username } }',
  'subscription { inbox { kind } }',
  '{ __schema { types { name } } }',
  '{ nope }',
  '{ me { id ...F } } fragment F on User { ...F }',
  '{ ' + 'a: me { id } '.repeat(30) + '}',
  '{ me ' + '{ id '.repeat(50) + '}'.repeat(51),
];

const queryArb = fc.oneof(
  { arbitrary: fc.constantFrom(...VALID_QUERIES), weight: 3 },
  { arbitrary: stringArb, weight: 2 },
  { arbitrary: fc.jsonValue({ maxDepth: 2 }), weight: 1 },
);

const graphqlParams = fc.record(
  {
    query: queryArb,
    variables: fc.oneof(
      fc.dictionary(fc.constantFrom('id', 'q', 'first', 'last', 'after', 'before', 'input'), withGarbage(idArb), {
        maxKeys: 4,
      }),
      jsonGarbage,
    ),
    operationName: fc.oneof(fc.constantFrom('A', 'B', 'Q', null), fc.jsonValue({ maxDepth: 1 })),
    extensions: fc.oneof(
      fc.constant({ persistedQuery: { version: 1, sha256Hash: 'abc' } }),
      fc.jsonValue({ maxDepth: 2 }),
    ),
  },
  { requiredKeys: [] },
);

/** GraphQL parameters as URL search params (GET) or a form body: JSON-valued ones get JSON or not. */
const jsonOrNot = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v)),
  fc.dictionary(fc.constantFrom('id', 'q', 'first', 'roomId'), idArb, { maxKeys: 3 }).map((v) => JSON.stringify(v)),
  stringArb,
);
const urlEncodedParams = fc
  .record(
    {
      query: fc.oneof(fc.constantFrom(...VALID_QUERIES), stringArb),
      variables: jsonOrNot,
      operationName: fc.oneof(fc.constantFrom('A', 'B', 'Q'), stringArb),
      extensions: jsonOrNot,
    },
    { requiredKeys: [] },
  )
  .map((p) => new URLSearchParams(p).toString());

const bodyArb: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: urlEncodedParams, weight: 1 },
  { arbitrary: graphqlParams.map((p) => JSON.stringify(p)), weight: 4 },
  { arbitrary: fc.array(graphqlParams, { maxLength: 4 }).map((p) => JSON.stringify(p)), weight: 1 },
  { arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)), weight: 2 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 200 }), weight: 2 },
  { arbitrary: stringArb, weight: 1 },
  {
    arbitrary: fc.constantFrom('', '{', '{"query":', 'null', '[]', '"{ me { id } }"', 'query=%7Bme%7Bid%7D%7D'),
    weight: 1,
  },
);

const contentTypeArb = fc.oneof(
  fc.constantFrom(
    undefined,
    'application/json',
    'application/json; charset=utf-8',
    'application/json; charset=latin1',
    'application/json; charset=utf-16',
    'application/graphql-response+json',
    'application/graphql',
    'application/x-www-form-urlencoded',
    'multipart/form-data',
    'multipart/form-data; boundary=x',
    'multipart/mixed',
    'text/plain',
    'text/event-stream',
    '*/*',
    '',
  ),
  fc.stringMatching(/^[a-z]{1,10}\/[a-z+.-]{1,20}(; ?[a-z]{1,8}=[A-Za-z0-9-]{0,10})?$/),
);

const acceptArb = fc.constantFrom(
  undefined,
  'application/json',
  'application/graphql-response+json',
  'text/event-stream',
  'multipart/mixed',
  'text/html',
  '*/*',
  'application/xml',
  'application/json;q=0, text/html;q=0',
);

const searchParamsArb = fc.oneof(
  urlEncodedParams.map((search) => `?${search}`),
  fc.string({ unit: 'grapheme-ascii', maxLength: 80 }).map((s) => `?${s.replace(/[#\s]/g, '')}`),
  fc.constantFrom('', '?', '?query=%ZZ', '?query=%7B&query=%7D', '?query[]=1', '?variables=%00', '?&&==&'),
);

describe('fuzz: raw HTTP requests', () => {
  it('never answer 5xx or leak, and the server keeps serving', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'GET', 'POST', 'POST', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'),
        searchParamsArb,
        contentTypeArb,
        acceptArb,
        bodyArb,
        authArb(true),
        async (method, search, contentType, accept, body, who) => {
          const headers: Record<string, string> = authHeaders(who);
          if (contentType !== undefined) headers['content-type'] = contentType;
          if (accept !== undefined) headers.accept = accept;
          const hasBody = method !== 'GET' && method !== 'HEAD';
          const controller = new AbortController();
          const timer = setTimeout(() => controller.abort(), 5_000);
          let status: number;
          let text: string;
          try {
            const response = await fetch(`${server.url}${search}`, {
              method,
              headers,
              body: hasBody ? body : undefined,
              signal: controller.signal,
            });
            status = response.status;
            // Event streams and multipart may stay open: read what arrives within the deadline.
            text = await response.text().catch(() => '');
            // GraphiQL's page is the same static bundle for every request (its minified code holds
            // paths and SQL-like words), so there is nothing of the input to leak into it.
            if (status === 200 && response.headers.get('content-type')?.startsWith('text/html')) text = '';
          } finally {
            clearTimeout(timer);
          }
          const input = [search, body, decodeURIComponentSafe(search)];
          const problems = [
            ...(status >= 500 ? [`HTTP ${status}`] : []),
            ...leaks([text], input).map((p) => `body leaks ${p}`),
            ...(/INTERNAL_SERVER_ERROR|Unexpected error\./.test(text) ? ['internal error'] : []),
          ];
          expect(problems, `${method} ${search} → HTTP ${status} ${text.slice(0, 1_000)}`).toEqual([]);
          await expectHttpAlive();
        },
      ),
      params(250),
    );
  }, 90_000);
});

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

// ---------------------------------------------------------------------------------------------
// c. Raw graphql-transport-ws frames

/** Close codes graphql-ws documents, plus the WebSocket ones a server may legitimately use. */
const DOCUMENTED_CLOSE_CODES = new Set([
  4400, 4401, 4403, 4406, 4408, 4409, 4429, 4499, 1000, 1001, 1003, 1006, 1009, 1011,
]);
const SERVER_MESSAGE_TYPES = new Set(['connection_ack', 'next', 'error', 'complete', 'ping', 'pong']);

type Frame = { text: string } | { binary: Uint8Array };

const SUBSCRIBE_QUERIES = [
  '{ me { id } }',
  'subscription ($roomId: ID!) { messageAdded(roomId: $roomId) { id body } }',
  'subscription ($roomId: ID!, $after: String) { messageAdded(roomId: $roomId, after: $after) { id body cursor } }',
  'subscription ($roomId: ID!) { messageUpdated(roomId: $roomId) { id } }',
  'subscription ($roomId: ID!) { typing(roomId: $roomId) { typing user { id } } }',
  'subscription { inbox { kind roomId } }',
  'mutation ($roomId: ID!) { sendTypingIndicator(roomId: $roomId) }',
  'mutation ($input: SendMessageInput!) { sendMessage(input: $input) { id } }',
  'query ($id: ID!) { node(id: $id) { id } }',
  'subscription A { inbox { kind } } subscription B { inbox { kind } }',
  'subscription { inbox { kind } inbox2: inbox { kind } }',
  '{ nope }',
  'query ($x: Int!) { me { id } }',
  '{ me ' + '{ id '.repeat(50) + '}'.repeat(51),
];

const wsVariables = fc.oneof(
  fc.record(
    {
      roomId: withGarbage(idFor('roomId')),
      id: withGarbage(idArb),
      after: withGarbage(stringArb),
      input: withGarbage(fc.record({ roomId: idFor('roomId'), body: stringArb }, { requiredKeys: [] })),
    },
    { requiredKeys: [] },
  ),
  jsonGarbage,
);

const operationIdArb = fc.oneof(
  { arbitrary: fc.constantFrom('1', '2', 'dup'), weight: 3 },
  { arbitrary: stringArb, weight: 1 },
  { arbitrary: fc.jsonValue({ maxDepth: 1 }), weight: 1 },
);

/** Subscribe frames whose query (when a string from the list) always parses. */
const subscribeFrame = (query: fc.Arbitrary<unknown>) =>
  fc
    .record(
      {
        id: operationIdArb,
        payload: withGarbage(
          fc.record(
            {
              query,
              variables: wsVariables,
              operationName: fc.oneof(fc.constantFrom('A', 'B', null), fc.jsonValue({ maxDepth: 1 })),
              extensions: fc.jsonValue({ maxDepth: 1 }),
            },
            { requiredKeys: ['query'] },
          ),
        ),
      },
      { requiredKeys: [] },
    )
    .map((frame): Frame => ({ text: JSON.stringify({ type: 'subscribe', ...frame }) }));

const otherFrame: fc.Arbitrary<Frame> = fc.oneof(
  fc.string({ maxLength: 100 }).map((text) => ({ text })),
  fc.jsonValue({ maxDepth: 3 }).map((v) => ({ text: JSON.stringify(v) })),
  fc
    .record(
      {
        type: fc.oneof(
          fc.constantFrom(
            'connection_init',
            'ping',
            'pong',
            'complete',
            'subscribe',
            'next',
            'error',
            'connection_ack',
          ),
          fc.string({ maxLength: 12 }),
        ),
        id: operationIdArb,
        payload: fc.jsonValue({ maxDepth: 2 }),
      },
      { requiredKeys: ['type'] },
    )
    .map((v) => ({ text: JSON.stringify(v) })),
  fc.uint8Array({ maxLength: 200 }).map((binary) => ({ binary })),
  // Well-formed messages of every type, in either direction and out of order, as text or binary.
  fc
    .tuple(
      fc.constantFrom(
        '{"type":"connection_init","payload":{}}',
        '{"type":"connection_ack"}',
        '{"type":"ping"}',
        '{"type":"pong","payload":{}}',
        '{"type":"subscribe","id":"1","payload":{"query":"subscription { inbox { kind } }"}}',
        '{"type":"next","id":"1","payload":{"data":{}}}',
        '{"type":"error","id":"1","payload":[{"message":"x"}]}',
        '{"type":"complete","id":"1"}',
      ),
      fc.boolean(),
    )
    .map(([text, binary]): Frame => (binary ? { binary: Buffer.from(text) } : { text })),
  hugeString.map((text) => ({ text: JSON.stringify({ type: 'ping', payload: { text } }) })),
);

type Init = 'valid' | 'none' | 'garbage';

interface WsOutcome {
  closeCode: number | null;
  closeReason: string;
  messages: string[];
}

/** Opens a raw socket, optionally initialises it, sends the frames, and reports what came back. */
async function runFrames(init: Init, initPayload: unknown, frames: Frame[]): Promise<WsOutcome> {
  const socket = new WebSocket(server.wsUrl, 'graphql-transport-ws');
  const messages: string[] = [];
  let closeCode: number | null = null;
  let closeReason = '';
  let onMessage = () => {};
  const closed = new Promise<void>((resolve) => {
    socket.on('close', (code, reason) => {
      closeCode = code;
      closeReason = String(reason);
      resolve();
    });
  });
  socket.on('error', () => {}); // a refused or reset socket shows up as its close code
  socket.on('message', (data) => {
    messages.push(String(data));
    onMessage();
  });
  const waitFor = (predicate: () => boolean, ms: number) =>
    Promise.race([
      closed,
      new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, ms);
        onMessage = () => {
          if (predicate()) {
            clearTimeout(timer);
            resolve();
          }
        };
        onMessage();
      }),
    ]);
  await Promise.race([closed, new Promise((resolve) => socket.once('open', resolve))]);
  if (socket.readyState === WebSocket.OPEN && init !== 'none') {
    const payload = init === 'valid' ? { authorization: `Bearer ${alice.token}` } : initPayload;
    socket.send(JSON.stringify({ type: 'connection_init', payload }));
    await waitFor(() => messages.length > 0, 3_000);
  }
  for (const frame of frames) {
    if (socket.readyState !== WebSocket.OPEN) break;
    socket.send('text' in frame ? frame.text : frame.binary, { binary: 'binary' in frame });
  }
  if (socket.readyState === WebSocket.OPEN) {
    // A final ping: its pong means the frames before it were read (answers may still follow).
    socket.send(JSON.stringify({ type: 'ping', payload: { fuzz: 'done' } }));
    await waitFor(() => messages.some((m) => m.includes('"fuzz":"done"')), 3_000);
    await waitFor(() => false, 50);
  }
  if (socket.readyState === WebSocket.OPEN || socket.readyState === WebSocket.CONNECTING) {
    socket.close(1000);
    await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 1_000))]);
    if (closeCode === 1000) closeCode = null; // our own close
  }
  return { closeCode, closeReason, messages };
}

function wsProblems(outcome: WsOutcome, input: string[]): string[] {
  const problems: string[] = [];
  if (outcome.closeCode !== null && !DOCUMENTED_CLOSE_CODES.has(outcome.closeCode)) {
    problems.push(`closed with undocumented code ${outcome.closeCode} (${outcome.closeReason})`);
  }
  problems.push(...leaks([outcome.closeReason], input).map((p) => `close reason leaks ${p}`));
  for (const text of outcome.messages) {
    let message: { type?: unknown; payload?: { errors?: unknown } | unknown[] };
    try {
      message = JSON.parse(text) as typeof message;
    } catch {
      problems.push(`non-JSON message ${text.slice(0, 200)}`);
      continue;
    }
    if (!SERVER_MESSAGE_TYPES.has(message.type as string))
      problems.push(`unknown message type ${String(message.type)}`);
    if (message.type === 'error') problems.push(...errorProblems(message.payload, input));
    if (message.type === 'next' && message.payload && !Array.isArray(message.payload)) {
      problems.push(...errorProblems(message.payload.errors, input));
    }
  }
  return problems;
}

const initArb = fc.tuple(
  fc.constantFrom<Init>('valid', 'valid', 'valid', 'valid', 'none', 'garbage'),
  fc.oneof(
    fc.jsonValue({ maxDepth: 2 }),
    garbageAuth.map((auth) => ({ authorization: auth.kind === 'header' ? auth.value : null })),
  ),
);

async function wsProperty(frames: fc.Arbitrary<Frame[]>, numRuns: number) {
  await fc.assert(
    fc.asyncProperty(initArb, frames, async ([init, initPayload], sent) => {
      const outcome = await runFrames(init, initPayload, sent);
      const input = [
        ...stringsIn(initPayload),
        ...sent.map((f) => ('text' in f ? f.text : Buffer.from(f.binary).toString())),
      ];
      expect(wsProblems(outcome, input), JSON.stringify(outcome).slice(0, 2_000)).toEqual([]);
      await expectHttpAlive();
      await expectWsAlive();
    }),
    params(numRuns),
  );
}

describe('fuzz: raw graphql-transport-ws frames', () => {
  it('protocol garbage: answers or closes with a documented code, and the server keeps serving', async () => {
    const frames = fc.array(
      fc.oneof(
        { arbitrary: otherFrame, weight: 2 },
        { arbitrary: subscribeFrame(fc.constantFrom(...SUBSCRIBE_QUERIES)), weight: 3 },
      ),
      { minLength: 1, maxLength: 8 },
    );
    await wsProperty(frames, 150);
  }, 90_000);

  it('subscribe with arbitrary query strings: coded errors, documented close codes', async () => {
    const frames = fc.array(subscribeFrame(fc.oneof(stringArb, fc.constantFrom(...SUBSCRIBE_QUERIES))), {
      minLength: 1,
      maxLength: 4,
    });
    await wsProperty(frames, 100);
  }, 90_000);
});
