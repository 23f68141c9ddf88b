import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GraphQLFormattedError } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_ERROR_CODES, DOMAIN_ERROR_CODES } from '../src/platform/errors.js';
import { schema } from '../src/graphql/schema.js';
import { graphql } from './gql/index.js';
import { expectData, rawRequest, request } from './helpers/client.js';
import { createGroup, openDirectRoom, sendMessage } from './helpers/chat.js';
import { startServer, type TestServer } from './helpers/server.js';
import { makeFriends } from './helpers/social.js';
import { signUpUser } from './helpers/users.js';
import { connect, sleep, subscribe, type Subscription } from './helpers/ws.js';

// What typed clients read from the schema: the DateTime format, the error codes, the inbox union,
// and the limits of the payload mutations (their behaviour: test/payload-mutations.test.ts).

const ScalarAndCodes = graphql(`
  query SchemaScalarAndCodes {
    dateTime: __type(name: "DateTime") {
      kind
      specifiedByURL
    }
    errorCode: __type(name: "ErrorCode") {
      description
      enumValues {
        name
        description
      }
    }
    errorCodes
  }
`);

const InboxDetails = graphql(`
  subscription SchemaInboxDetails {
    inbox {
      kind
      roomId
      message {
        id
      }
      details {
        __typename
        ... on InboxMessageAdded {
          message {
            id
            body
          }
        }
        ... on InboxMention {
          message {
            id
            body
          }
        }
        ... on InboxRoomAdded {
          room {
            id
            name
          }
        }
        ... on InboxRoomUpdated {
          room {
            id
            name
          }
        }
        ... on InboxRoomRemoved {
          roomId
        }
      }
    }
  }
`);

const RenameRoom = graphql(`
  mutation SchemaRenameRoom($input: UpdateRoomInput!) {
    updateRoom(input: $input) {
      id
    }
  }
`);

const RemoveMember = graphql(`
  mutation SchemaRemoveMember($roomId: ID!, $userId: ID!) {
    removeRoomMember(roomId: $roomId, userId: $userId) {
      id
    }
  }
`);

const ProtectedRoom = graphql(`
  query SchemaProtectedRoom($id: ID!) {
    room(id: $id) {
      id
    }
  }
`);

let server: TestServer;

beforeAll(async () => {
  server = await startServer();
});

afterAll(() => server?.stop());

const codesOf = (errors: readonly GraphQLFormattedError[] | undefined) =>
  (errors ?? []).map((error) => error.extensions?.code);

/** Every `'CODE'` set as an error code in src: through coded(), DomainError, sendError, withCode or `code:`. */
function codesSetInSource(dir = 'src'): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...codesSetInSource(path));
    else if (entry.name.endsWith('.ts')) {
      const text = readFileSync(path, 'utf8');
      const setters =
        /(?:\bcoded\(|new DomainError\(|\bsendError\([^,]+,\s*\d+,\s*|\bwithCode\([^,]+,\s*|\bcode:\s*)'([A-Z][A-Z_]+)'/g;
      for (const match of text.matchAll(setters)) found.push(match[1]!);
    }
  }
  return found;
}

describe('DateTime', () => {
  it('names its format with @specifiedBy, in introspection and in the printed schema', async () => {
    const { dateTime } = expectData(await request(server.url, ScalarAndCodes));
    expect(dateTime).toEqual({ kind: 'SCALAR', specifiedByURL: 'https://scalars.graphql.org/andimarek/date-time' });
    const printed = readFileSync('schema.graphql', 'utf8');
    expect(printed).toContain('scalar DateTime @specifiedBy(url: "https://scalars.graphql.org/andimarek/date-time")');
  });
});

describe('ErrorCode', () => {
  it('lists every client-facing code, each described, through introspection and Query.errorCodes', async () => {
    // Signed out on purpose: a client reads the codes before anyone signs in.
    const { errorCode, errorCodes } = expectData(await request(server.url, ScalarAndCodes));
    const names = Object.keys(CLIENT_ERROR_CODES);
    expect(errorCode?.description).toContain('extensions.code');
    expect(errorCode?.enumValues?.map((value) => value.name).sort()).toEqual([...names].sort());
    for (const value of errorCode?.enumValues ?? []) {
      expect(value.description).toBe(CLIENT_ERROR_CODES[value.name as keyof typeof CLIENT_ERROR_CODES]);
    }
    expect([...errorCodes].sort()).toEqual([...names].sort());
    expect(names).toEqual(expect.arrayContaining([...DOMAIN_ERROR_CODES]));
  });

  it('holds every code the source sets', () => {
    const set = new Set(codesSetInSource());
    // The scan finds the codes of masking, limits, sockets and HTTP refusals, not just a few.
    expect(set.size).toBeGreaterThanOrEqual(10);
    expect([...set].filter((code) => !(code in CLIENT_ERROR_CODES))).toEqual([]);
  });

  it('holds the codes of errors answered over HTTP, GraphQL-level and before', async () => {
    const user = await signUpUser(server.url, 'codes');
    const answers = [
      await request(server.url, ProtectedRoom, { id: 'Um9vbToxMjM0NTY3' }),
      await request(server.url, ProtectedRoom, { id: 'not an id' }, { token: user.token }),
      await request(server.url, ProtectedRoom, { id: 'Um9vbToxMjM0NTY3' }, { token: user.token }),
      await request(server.url, ProtectedRoom, { id: 'x' }, { token: 'not-a-token' }),
      (await rawRequest(server.url, '{"query":"{"}')).json!,
      (await rawRequest(server.url, '{"query":"{ nope }"}')).json!,
      (await rawRequest(server.url, '{"query":"query A { me { id } } query B { me { id } }"}')).json!,
    ];
    const seen = answers.flatMap((answer) => codesOf(answer.errors));
    expect(seen).toEqual([
      'UNAUTHENTICATED',
      'BAD_USER_INPUT',
      'NOT_FOUND',
      'UNAUTHENTICATED',
      'GRAPHQL_PARSE_FAILED',
      'GRAPHQL_VALIDATION_FAILED',
      'OPERATION_RESOLUTION_FAILURE',
    ]);
    const { errorCodes } = expectData(await request(server.url, ScalarAndCodes));
    expect(errorCodes).toEqual(expect.arrayContaining(seen));
  });
});

describe('InboxEvent.details', () => {
  /** Acts until the subscription has seen `count` events: the first ones arrive once it listens. */
  async function actUntil(subscription: Subscription<unknown>, count: number, act: () => Promise<unknown>) {
    for (let attempt = 0; subscription.events.length < count; attempt++) {
      if (attempt === 50) throw new Error('the inbox never received an event');
      await act();
      await sleep(100);
    }
  }

  it('carries each kind as its union member, with a non-null payload', async () => {
    const [owner, viewer] = await Promise.all([signUpUser(server.url, 'inbox'), signUpUser(server.url, 'inbox')]);
    await makeFriends(server.url, owner, viewer);
    const direct = await openDirectRoom(server.url, owner, viewer);
    const client = connect(server.wsUrl, viewer.token);
    try {
      const inbox = subscribe(client, InboxDetails, {});
      await actUntil(inbox, 1, () => sendMessage(server.url, owner, direct, 'warm-up'));
      const start = inbox.events.length;

      const groupId = await createGroup(server.url, owner, [viewer], 'typed');
      await inbox.waitFor(start + 1);
      const mention = await sendMessage(server.url, owner, groupId, `hello @${viewer.username}`);
      await inbox.waitFor(start + 3);
      expectData(
        await request(server.url, RenameRoom, { input: { roomId: groupId, name: 'renamed' } }, { token: owner.token }),
      );
      await inbox.waitFor(start + 4);
      expectData(
        await request(server.url, RemoveMember, { roomId: groupId, userId: viewer.id }, { token: owner.token }),
      );
      const events = (await inbox.waitFor(start + 5)).slice(start).map((event) => event.inbox);

      const byKind = Object.fromEntries(events.map((event) => [event.kind, event]));
      expect(Object.keys(byKind).sort()).toEqual(
        ['MENTIONED', 'MESSAGE_ADDED', 'ROOM_ADDED', 'ROOM_REMOVED', 'ROOM_UPDATED'].sort(),
      );
      const message = { id: mention.id, body: mention.body };
      expect(byKind.ROOM_ADDED).toMatchObject({
        roomId: groupId,
        message: null,
        details: { __typename: 'InboxRoomAdded', room: { id: groupId } },
      });
      expect(byKind.MESSAGE_ADDED).toMatchObject({
        message: { id: mention.id },
        details: { __typename: 'InboxMessageAdded', message },
      });
      expect(byKind.MENTIONED).toMatchObject({
        message: { id: mention.id },
        details: { __typename: 'InboxMention', message },
      });
      expect(byKind.ROOM_UPDATED).toMatchObject({
        details: { __typename: 'InboxRoomUpdated', room: { id: groupId, name: 'renamed' } },
      });
      expect(byKind.ROOM_REMOVED).toMatchObject({
        roomId: groupId,
        message: null,
        details: { __typename: 'InboxRoomRemoved', roomId: groupId },
      });
      expect(inbox.errors).toBeNull();
    } finally {
      await client.dispose();
    }
  });

  it('keeps the fields it replaces working, marked deprecated', () => {
    const fields = schema.getType('InboxEvent') as unknown as {
      getFields(): Record<string, { deprecationReason?: string | null }>;
    };
    expect(fields.getFields().message?.deprecationReason).toMatch(/^Use details/);
    expect(fields.getFields().room?.deprecationReason).toMatch(/^Use details/);
    expect(fields.getFields().kind?.deprecationReason).toBeFalsy();
  });
});

describe('payload mutations', () => {
  const SUCCESSORS = {
    declineFriendRequest: 'rejectFriendRequest',
    cancelFriendRequest: 'withdrawFriendRequest',
    removeFriend: 'unfriend',
    leaveRoom: 'leaveGroupRoom',
    revokeSession: 'endSession',
  } as const;
  const mutations = schema.getMutationType()!.getFields();

  it.each(Object.entries(SUCCESSORS))('%s is deprecated for %s, which spends the same rate limit', (old, next) => {
    expect(mutations[old]?.deprecationReason).toMatch(new RegExp(`^Use ${next}\\b`));
    expect(mutations[next]?.deprecationReason).toBeFalsy();
    const limitOf = (name: string) => (mutations[name]?.extensions as { rateLimit?: unknown }).rateLimit;
    expect(limitOf(next)).toBeDefined();
    expect(limitOf(next)).toEqual(limitOf(old));
  });
});
