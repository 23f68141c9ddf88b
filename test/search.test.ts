import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'graphql';
import { Migrator, sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../migrations/index.js';
import { hashPassword } from '../src/features/accounts/passwords.js';
import { createDatabase, type Db } from '../src/platform/db/database.js';
import { schema } from '../src/graphql/schema.js';
import { operationCost } from '../src/security/query-limits.js';
import { graphql } from './gql/index.js';
import { expectData, expectError, request } from './helpers/client.js';
import { createGroup, sendMessage } from './helpers/chat.js';
import { createTestDatabase, postgresUrl } from './helpers/database.js';
import { CapturedLog } from './helpers/logs.js';
import { startServer, type TestServer } from './helpers/server.js';
import { makeFriends } from './helpers/social.js';
import { signUpUser, type TestUser } from './helpers/users.js';

const SearchQuery = graphql(`
  query SearchMessages($query: String!, $roomId: ID, $first: Int, $after: String) {
    searchMessages(query: $query, roomId: $roomId, first: $first, after: $after) {
      edges {
        cursor
        highlight
        node {
          id
          body
          room {
            id
          }
          sender {
            username
          }
        }
      }
      pageInfo {
        hasNextPage
        hasPreviousPage
        endCursor
      }
    }
  }
`);

const SearchCostQuery = graphql(`
  query SearchCostOnly($query: String!) {
    searchMessages(query: $query, first: 0) {
      pageInfo {
        hasNextPage
      }
    }
  }
`);

const EditMutation = graphql(`
  mutation SearchEdit($input: EditMessageInput!) {
    editMessage(input: $input) {
      id
    }
  }
`);

const DeleteMutation = graphql(`
  mutation SearchDelete($messageId: ID!) {
    deleteMessage(messageId: $messageId) {
      id
    }
  }
`);

const LeaveMutation = graphql(`
  mutation SearchLeave($roomId: ID!) {
    leaveRoom(roomId: $roomId)
  }
`);

/** The server's debug log: one "query" line per SQL statement it runs. */
const log = new CapturedLog('debug');
let server: TestServer;
let alice: TestUser;
let bob: TestUser;
let carol: TestUser;
let room: string;

beforeAll(async () => {
  server = await startServer({ logger: log.logger });
  [alice, bob, carol] = await Promise.all([
    signUpUser(server.url, 'srch_a'),
    signUpUser(server.url, 'srch_b'),
    signUpUser(server.url, 'srch_c'),
  ]);
  await makeFriends(server.url, alice, bob);
  await makeFriends(server.url, bob, carol);
  room = await createGroup(server.url, alice, [bob], 'search');
});
afterAll(() => server?.stop());

type SearchVariables = { query: string; roomId?: string; first?: number; after?: string };
const search = (user: TestUser, variables: SearchVariables) =>
  request(server.url, SearchQuery, variables, { token: user.token });
async function found(user: TestUser, variables: SearchVariables) {
  return expectData(await search(user, variables)).searchMessages;
}
const bodies = async (user: TestUser, query: string, roomId?: string) =>
  (await found(user, { query, roomId, first: 100 })).edges.map((edge) => edge.node.body);

describe('searchMessages', () => {
  it('finds Korean by fragment: 안녕 finds 안녕하세요, 세계 finds 세계는', async () => {
    await sendMessage(server.url, bob, room, '안녕하세요 여러분');
    await sendMessage(server.url, bob, room, '세계는 넓다');
    await sendMessage(server.url, bob, room, '안 녕 따로');
    const greeting = await found(alice, { query: '안녕' });
    expect(greeting.edges.map((edge) => [edge.node.body, edge.highlight])).toEqual([
      ['안녕하세요 여러분', '<mark>안녕</mark>하세요 여러분'],
    ]);
    expect(greeting.edges[0]!.node.sender.username).toBe(bob.username);
    expect((await found(alice, { query: '세계' })).edges.map((edge) => edge.highlight)).toEqual([
      '<mark>세계</mark>는 넓다',
    ]);
    expect(await bodies(alice, '하세요')).toEqual(['안녕하세요 여러분']);
    // Every piece must be there, in one run: neither 녕안 nor the separate 안 녕 match 안녕…
    expect(await bodies(alice, '녕안')).toEqual([]);
    expect(await bodies(alice, '안녕하세요 넓다')).toEqual([]);
  });

  it('finds English words by prefix, in any case, every word of the query', async () => {
    await sendMessage(server.url, alice, room, 'Hello there, General Kenobi');
    await sendMessage(server.url, alice, room, 'hellish weather');
    expect((await found(bob, { query: 'hel' })).edges.map((edge) => edge.highlight).sort()).toEqual([
      '<mark>Hello</mark> there, General Kenobi',
      '<mark>hellish</mark> weather',
    ]);
    expect(await bodies(bob, 'HELLO')).toEqual(['Hello there, General Kenobi']);
    expect(await bodies(bob, 'gen ken')).toEqual(['Hello there, General Kenobi']);
    expect(await bodies(bob, 'hello weather')).toEqual([]);
    expect(await bodies(bob, 'ello')).toEqual([]); // prefixes, not infixes
  });

  it('tells apart long words sharing their first characters, and finds one character of Korean', async () => {
    await sendMessage(server.url, alice, room, 'internationalization matters');
    await sendMessage(server.url, alice, room, 'internationalisation matters');
    expect(await bodies(bob, 'internationaliz')).toEqual(['internationalization matters']);
    expect(await bodies(bob, 'internationalization')).toEqual(['internationalization matters']);
    expect((await bodies(bob, 'internationali')).sort()).toEqual([
      'internationalisation matters',
      'internationalization matters',
    ]);
    expect(await bodies(bob, 'internationalizations')).toEqual([]);
    await sendMessage(server.url, bob, room, '푸른 숲속');
    await sendMessage(server.url, bob, room, '숲 산책');
    expect((await found(alice, { query: '숲' })).edges.map((edge) => edge.highlight).sort()).toEqual([
      '<mark>숲</mark> 산책',
      '푸른 <mark>숲</mark>속',
    ]);
  });

  it('marks matches in the HTML-escaped body', async () => {
    await sendMessage(server.url, alice, room, `<b>Tom & "Jerry"</b> it's a chase, tom!`);
    const [edge] = (await found(bob, { query: 'tom' })).edges;
    expect(edge!.highlight).toBe(
      '&lt;b&gt;<mark>Tom</mark> &amp; &quot;Jerry&quot;&lt;/b&gt; it&#39;s a chase, <mark>tom</mark>!',
    );
    expect((await found(bob, { query: 'jerry chase' })).edges.map((e) => e.highlight)).toEqual([
      '&lt;b&gt;Tom &amp; &quot;<mark>Jerry</mark>&quot;&lt;/b&gt; it&#39;s a <mark>chase</mark>, tom!',
    ]);
  });

  it('orders by relevance, then newest first', async () => {
    const older = await sendMessage(server.url, alice, room, 'quokka on a bench');
    const strongest = await sendMessage(server.url, bob, room, 'quokka quokka quokka');
    const newer = await sendMessage(server.url, alice, room, 'quokka on a bench');
    const other = await createGroup(server.url, alice, [bob], 'other');
    const elsewhere = await sendMessage(server.url, bob, other, 'quokka on a bench');
    const { edges } = await found(alice, { query: 'quokka' });
    expect(edges.map((edge) => edge.node.id)).toEqual([strongest.id, elsewhere.id, newer.id, older.id]);
    expect(edges.map((edge) => edge.node.room.id)).toEqual([room, other, room, room]);
    // roomId keeps to that room.
    const inRoom = await found(alice, { query: 'quokka', roomId: room });
    expect(inRoom.edges.map((edge) => edge.node.id)).toEqual([strongest.id, newer.id, older.id]);
  });

  it('pages with after, through ties of rank, without repeats or gaps', async () => {
    const sent: string[] = [];
    for (let i = 0; i < 23; i++) {
      const body = i % 4 === 0 ? `zebra stripes zebra ${i}` : `a zebra ${i}`;
      sent.push((await sendMessage(server.url, i % 2 ? alice : bob, room, body)).id);
    }
    const whole = await found(alice, { query: 'zebra', first: 100 });
    expect(whole.edges).toHaveLength(23);
    expect(whole.pageInfo.hasNextPage).toBe(false);
    const seen: string[] = [];
    let after: string | undefined;
    for (let pages = 1; ; pages++) {
      const page = await found(alice, { query: 'zebra', first: 5, after });
      expect(page.pageInfo.hasPreviousPage).toBe(after !== undefined);
      seen.push(...page.edges.map((edge) => edge.node.id));
      expect(page.pageInfo.endCursor).toBe(page.edges.at(-1)?.cursor ?? null);
      if (!page.pageInfo.hasNextPage) {
        expect(pages).toBe(5);
        break;
      }
      after = page.pageInfo.endCursor!;
    }
    expect(seen).toEqual(whole.edges.map((edge) => edge.node.id));
    expect(new Set(seen)).toEqual(new Set(sent));
    // The six with zebra twice first (newest first), then the rest, newest first.
    const twice = sent.filter((_, i) => i % 4 === 0).reverse();
    expect(seen).toEqual([...twice, ...sent.filter((id) => !twice.includes(id)).reverse()]);
    // Past the last one: an empty page.
    const last = whole.edges.at(-1)!.cursor;
    expect((await found(alice, { query: 'zebra', after: last })).edges).toEqual([]);
  });

  it('follows edits and drops deleted messages', async () => {
    const message = await sendMessage(server.url, alice, room, 'walrus tusk');
    expect(await bodies(bob, 'walrus')).toEqual(['walrus tusk']);
    const edit = { input: { messageId: message.id, body: 'narwhal horn' } };
    expectData(await request(server.url, EditMutation, edit, { token: alice.token }));
    expect(await bodies(bob, 'walrus')).toEqual([]);
    expect((await found(bob, { query: 'narw' })).edges.map((edge) => edge.highlight)).toEqual([
      '<mark>narwhal</mark> horn',
    ]);
    expectData(await request(server.url, DeleteMutation, { messageId: message.id }, { token: alice.token }));
    expect(await bodies(bob, 'narwhal')).toEqual([]);
    expect(await bodies(bob, 'horn', room)).toEqual([]);
  });

  it('never returns a message of a room the viewer is not in, with or without roomId', async () => {
    const strangers = await createGroup(server.url, bob, [carol], 'not alice');
    await sendMessage(server.url, carol, strangers, 'platypus secret');
    await sendMessage(server.url, alice, room, 'platypus public');
    expect(await bodies(alice, 'platypus')).toEqual(['platypus public']);
    expect(await bodies(carol, 'platypus')).toEqual(['platypus secret']);
    expect((await bodies(bob, 'platypus')).sort()).toEqual(['platypus public', 'platypus secret']);
    expectError(await search(alice, { query: 'platypus', roomId: strangers }), 'NOT_FOUND');
    expectError(await search(carol, { query: 'platypus', roomId: room }), 'NOT_FOUND');

    // A room the viewer has left: gone from search, and NOT_FOUND by id.
    const dave = await signUpUser(server.url, 'srch_d');
    await makeFriends(server.url, bob, dave);
    const left = await createGroup(server.url, bob, [dave], 'left');
    await sendMessage(server.url, bob, left, 'ocelot sighting');
    expect(await bodies(dave, 'ocelot', left)).toEqual(['ocelot sighting']);
    expectData(await request(server.url, LeaveMutation, { roomId: left }, { token: dave.token }));
    expect(await bodies(dave, 'ocelot')).toEqual([]);
    expectError(await search(dave, { query: 'ocelot', roomId: left }), 'NOT_FOUND');
    expect(await bodies(bob, 'ocelot')).toEqual(['ocelot sighting']);
  });

  it('refuses a query with nothing to search, one over 200 characters, and bad paging arguments', async () => {
    for (const query of ['', '   ', '!!!', "'&|:*", '…', 'a'.repeat(201)]) {
      expect(expectError(await search(alice, { query }), 'BAD_USER_INPUT').extensions?.field).toBe('query');
    }
    expectData(await search(alice, { query: 'a'.repeat(200) }));
    const badCursor = Buffer.from('search:abc:1').toString('base64url');
    expect(
      expectError(await search(alice, { query: 'xy', after: badCursor }), 'BAD_USER_INPUT').extensions?.field,
    ).toBe('after');
    const outOfRange = Buffer.from('search:1e-60:1').toString('base64url');
    expectError(await search(alice, { query: 'xy', after: outOfRange }), 'BAD_USER_INPUT');
    expectError(await search(alice, { query: 'xy', first: 101 }), 'BAD_USER_INPUT');
    expectError(await search(alice, { query: 'xy', roomId: alice.id }), 'BAD_USER_INPUT');
  });

  it('reads a page of results with their senders in one statement (their rooms in one more)', async () => {
    for (let i = 0; i < 6; i++) await sendMessage(server.url, i % 2 ? alice : bob, room, `capybara ${i}`);
    await search(alice, { query: 'capybara' }); // the session check, if any
    const before = log.count('query');
    const result = await found(alice, { query: 'capybara' });
    expect(result.edges.map((edge) => edge.node.sender.username)).toEqual(
      [5, 4, 3, 2, 1, 0].map((i) => (i % 2 ? alice : bob).username),
    );
    // The hits with their senders; `room { id }`, for the page at once.
    expect(log.count('query') - before).toBe(2);
    // With roomId: the membership check besides.
    const beforeRoom = log.count('query');
    expect((await found(alice, { query: 'capybara', roomId: room })).edges).toHaveLength(6);
    expect(log.count('query') - beforeRoom).toBe(3);
  });
});

describe('the cost of a search', () => {
  it('counts its statement cost, well above a page of history', () => {
    const cost = (query: string) => operationCost(schema, parse(query), null, {});
    expect(cost('{ searchMessages(query: "x", first: 0) { pageInfo { hasNextPage } } }')).toBe(1_000);
    expect(cost('{ rooms(first: 0) { pageInfo { hasNextPage } } }')).toBe(10);
    // 1,000 + 20 × (connection 2 + edge 2 + cursor 1 + highlight 80 + node 2 + id 1 + body 40)
    expect(cost('{ searchMessages(query: "x") { edges { cursor highlight node { id body } } } }')).toBe(
      1_000 + 20 * (2 + 2 + 1 + 80 + 2 + 1 + 40),
    );
  });

  it('is spent from the queryCost budget', async () => {
    const limited = await startServer({ env: { RATE_LIMITS: 'queryCost=2500/60s' } });
    try {
      const user = await signUpUser(limited.url, 'srch_cost');
      const ask = () => request(limited.url, SearchCostQuery, { query: 'anything' }, { token: user.token });
      expectData(await ask()); // 1,000
      expectData(await ask()); // 2,000
      const refused = expectError(await ask(), 'RATE_LIMITED'); // 3,000 > 2,500
      expect(refused.extensions?.limit).toBe('queryCost');
    } finally {
      await limited.stop();
    }
  });
});

const LogInMutation = graphql(`
  mutation SearchMigratedLogIn($input: LogInInput!) {
    logIn(input: $input) {
      accessToken
    }
  }
`);

const MigratedRoomsQuery = graphql(`
  query SearchMigratedRooms {
    rooms(first: 5) {
      edges {
        node {
          name
          myRole
          pinnedMessages {
            id
          }
          messages(first: 10) {
            edges {
              node {
                body
                replyCount
                lastReplyAt
                pinnedAt
                replyTo {
                  id
                }
                threadRoot {
                  id
                }
              }
            }
          }
        }
      }
    }
  }
`);

/**
 * A database migrated only to 0004_room_events (before replies, pins and search), holding a room
 * of two users and three messages written with SQL as that version stored them. Its URL, and how
 * to drop it.
 */
async function databaseBefore0005(password: string) {
  const silent = pino({ level: 'silent' });
  const options = { statementTimeoutSeconds: null, preparedStatements: false };
  let url: string;
  let drop: () => Promise<void>;
  let db: Db;
  if (postgresUrl) {
    ({ url, drop } = await createTestDatabase());
    db = await createDatabase({ kind: 'postgres', url }, silent, options);
  } else {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'chat-search-migration-'));
    url = `file://${dir}`;
    drop = () => rm(dir, { recursive: true, force: true });
    db = await createDatabase({ kind: 'pglite', dataDir: dir }, silent, options);
  }
  try {
    const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
    const { error, results } = await migrator.migrateTo('0004_room_events');
    if (error) throw error;
    expect(results?.at(-1)?.migrationName).toBe('0004_room_events');
    const hash = await hashPassword(password);
    await sql`
      with people as (
        insert into users (username, display_name, password_hash)
        values ('old_alice', 'Old Alice', ${hash}), ('old_bob', 'Old Bob', ${hash})
        returning id, username
      ),
      room as (
        insert into rooms (kind, name, created_by, last_seq, event_seq)
        select 'GROUP', 'from before', id, 3, 0 from people where username = 'old_alice'
        returning id
      ),
      joined as (insert into room_members (room_id, user_id) select room.id, people.id from room, people),
      written as (
        insert into messages (room_id, sender_id, seq, body)
        select room.id, people.id, m.seq, m.body
        from room, people, (values (1, 'old_alice', 'Hello from the old days'),
          (2, 'old_bob', '오래된 안녕하세요'), (3, 'old_alice', 'third and last')) as m(seq, sender, body)
        where people.username = m.sender
        returning id, room_id, seq
      )
      update rooms set last_message_id = (select id from written where seq = 3) from room where rooms.id = room.id
    `.execute(db);
    // A group its creator has left: migration 0009 makes its oldest member the owner.
    await sql`
      with room as (
        insert into rooms (kind, name, created_by, last_seq, event_seq)
        select 'GROUP', 'creator left', id, 0, 0 from users where username = 'old_bob'
        returning id
      )
      insert into room_members (room_id, user_id, joined_at)
      select room.id, users.id, now() - interval '1 day' from room, users where username = 'old_alice'
    `.execute(db);
  } finally {
    await db.destroy();
  }
  return { url, drop };
}

describe('messages from before migration 0005', () => {
  it('get the new columns’ defaults (no replies, no thread, not pinned), are found by search, and their groups get owners', async () => {
    const password = 'correct horse battery';
    const database = await databaseBefore0005(password);
    const migrated = await startServer({ databaseUrl: database.url });
    try {
      const { logIn } = expectData(
        await request(migrated.url, LogInMutation, { input: { username: 'old_alice', password } }),
      );
      const as = { token: logIn.accessToken };
      const { rooms } = expectData(await request(migrated.url, MigratedRoomsQuery, {}, as));
      const byName = new Map(rooms.edges.map((edge) => [edge.node.name, edge.node]));
      const old = byName.get('from before');
      expect(old!.myRole).toBe('OWNER'); // its creator
      expect(byName.get('creator left')!.myRole).toBe('OWNER'); // its oldest member
      expect(old!.pinnedMessages).toEqual([]);
      expect(old!.messages.edges.map((edge) => edge.node)).toEqual(
        ['Hello from the old days', '오래된 안녕하세요', 'third and last'].map((body) => ({
          body,
          replyCount: 0,
          lastReplyAt: null,
          pinnedAt: null,
          replyTo: null,
          threadRoot: null,
        })),
      );
      const hits = async (query: string) =>
        expectData(await request(migrated.url, SearchQuery, { query }, as)).searchMessages.edges.map(
          (edge) => edge.highlight,
        );
      expect(await hits('안녕')).toEqual(['오래된 <mark>안녕</mark>하세요']);
      expect(await hits('hel')).toEqual(['<mark>Hello</mark> from the old days']);
      expect(await hits('old')).toEqual(['Hello from the <mark>old</mark> days']);
    } finally {
      await migrated.stop();
      await database.drop();
    }
  });
});
