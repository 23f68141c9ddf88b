import type { Client } from 'graphql-ws';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../migrations/index.js';
import { createDatabase, type Db } from '../src/platform/db/database.js';
import { graphql } from './gql/index.js';
import { expectData, request } from './helpers/client.js';
import { createGroup, sendMessage } from './helpers/chat.js';
import { createTestDatabase, postgresUrl, type TestDatabase } from './helpers/database.js';
import { CapturedLog } from './helpers/logs.js';
import { pgbouncerKeepsPreparedStatements, startPgBouncer, type PgBouncer } from './helpers/pgbouncer.js';
import { startServer, type TestServer } from './helpers/server.js';
import { makeFriends } from './helpers/social.js';
import { signUpUser, type TestUser } from './helpers/users.js';
import { connect, connected, subscribe, type Subscription } from './helpers/ws.js';

/**
 * The server behind Debian's PgBouncer in transaction mode, with a server pool of 5 (each instance's
 * own pool holds up to 20 connections, so PgBouncer must share its 5 among them): every
 * transaction may run on another PostgreSQL connection than the one before, and a connection
 * comes back to the next client with whatever the last one left on it. PostgreSQL pass only (the
 * embedded database has no network to put a pooler on); there it fails, never skips, when
 * PgBouncer cannot start.
 */

const PgbMessageAdded = graphql(`
  subscription PgbMessageAdded($roomId: ID!, $after: String) {
    messageAdded(roomId: $roomId, after: $after) {
      id
      body
      cursor
    }
  }
`);

const PgbMessageUpdated = graphql(`
  subscription PgbMessageUpdated($roomId: ID!) {
    messageUpdated(roomId: $roomId) {
      id
      body
      editedAt
      reactions {
        emoji
        count
      }
    }
  }
`);

const PgbEditMessage = graphql(`
  mutation PgbEditMessage($input: EditMessageInput!) {
    editMessage(input: $input) {
      id
      body
    }
  }
`);

const PgbAddReaction = graphql(`
  mutation PgbAddReaction($messageId: ID!, $emoji: String!) {
    addReaction(messageId: $messageId, emoji: $emoji) {
      id
    }
  }
`);

const PgbUnread = graphql(`
  query PgbUnread($roomId: ID!) {
    room(id: $roomId) {
      unreadCount
    }
  }
`);

const PgbMarkRead = graphql(`
  mutation PgbMarkRead($roomId: ID!) {
    markRoomRead(roomId: $roomId) {
      unreadCount
    }
  }
`);

const PgbFriendRequest = graphql(`
  mutation PgbFriendRequest($userId: ID!) {
    sendFriendRequest(userId: $userId) {
      id
    }
  }
`);

const PgbFriends = graphql(`
  query PgbFriends {
    friends(first: 100) {
      edges {
        node {
          id
        }
      }
    }
  }
`);

/** What database.ts logs when PgBouncer refuses the timeout as a startup parameter. */
const TIMEOUT_PARAMETER_REFUSED =
  'the connection to PostgreSQL refused statement_timeout as a startup parameter (a pooler: PgBouncer?): ' +
  'connecting without it; transactions set it themselves, statements outside one get the default of ' +
  'the database role (ALTER ROLE … SET statement_timeout)';
/** What database.ts logs when prepared statements turn out not to be kept per client. */
const POOLER_MISMATCH =
  'prepared statements are not kept on these PostgreSQL connections (a pooler in transaction mode?): ' +
  'no longer preparing them; set PREPARED_STATEMENTS=false';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Whether the installed PgBouncer keeps prepared statements in transaction mode (≥ 1.21); false when absent. */
function keepsPreparedStatements(): boolean {
  try {
    return pgbouncerKeepsPreparedStatements();
  } catch {
    return false; // not installed: the suites below fail at startPgBouncer, with its reason
  }
}

/** The first event `predicate` accepts, waiting for more until one comes (or the wait times out). */
async function heardWhere<T>(subscription: Subscription<T>, predicate: (event: T) => boolean): Promise<T> {
  for (;;) {
    const found = subscription.events.find(predicate);
    if (found) return found;
    await subscription.waitFor(subscription.events.length + 1);
  }
}

/** A query on the test database itself, bypassing PgBouncer. */
async function direct<T extends pg.QueryResultRow>(databaseUrl: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

/** PgBouncer's server and client connections for one database, from its admin console. */
async function connectionsOf(bouncer: PgBouncer, databaseUrl: string) {
  const name = new URL(databaseUrl).pathname.slice(1);
  const servers = (await bouncer.admin('SHOW SERVERS')).filter((row) => row.database === name);
  const clients = (await bouncer.admin('SHOW CLIENTS')).filter((row) => row.database === name);
  return { servers: servers.length, clients: clients.length };
}

const modes = [
  {
    title: 'with PREPARED_STATEMENTS=false',
    runs: true,
    env: { PREPARED_STATEMENTS: 'false' },
    maxPreparedStatements: undefined,
  },
  {
    // PgBouncer 1.21 tracks protocol-level prepared statements per client and prepares them on
    // whichever server connection a client gets. Debian 12 ships 1.18: this runs where it is newer.
    title: 'with prepared statements kept by PgBouncer ≥ 1.21 (max_prepared_statements)',
    runs: postgresUrl !== null && keepsPreparedStatements(),
    env: { PREPARED_STATEMENTS: 'true' },
    maxPreparedStatements: 200,
  },
];

for (const mode of modes) {
  describe.runIf(postgresUrl && mode.runs)(`chat through PgBouncer in transaction mode ${mode.title}`, () => {
    let bouncer: PgBouncer;
    let database: TestDatabase;
    let viaBouncer: string;
    let one: TestServer;
    let two: TestServer;
    const logs = [new CapturedLog('warn'), new CapturedLog('warn')];

    beforeAll(async () => {
      bouncer = await startPgBouncer({ poolSize: 5, maxPreparedStatements: mode.maxPreparedStatements });
      database = await createTestDatabase();
      viaBouncer = bouncer.urlFor(database.url);
      // Both at once on an empty database: their migrations race through PgBouncer.
      const start = (log: CapturedLog) =>
        startServer({ databaseUrl: viaBouncer, keepDatabase: true, env: mode.env, logger: log.logger });
      // In-process pub/sub cannot cross instances: without a Redis, "both" instances are one.
      if (process.env.REDIS_URL) [one, two] = await Promise.all([start(logs[0]!), start(logs[1]!)]);
      else one = two = await start(logs[0]!);
    });

    afterAll(async () => {
      await Promise.all([one?.stop(), two !== one ? two?.stop() : undefined]);
      await database?.drop();
      await bouncer?.stop();
    });

    function socket(server: TestServer, user: TestUser): Client {
      const client = connect(server.wsUrl, user.token);
      cleanups.push(() => client.dispose());
      return client;
    }

    /** An owner and `members` friends of theirs (each friendship asked on one instance, accepted on the other). */
    async function room(members: number) {
      const owner = await signUpUser(one.url, 'owner');
      const others = await Promise.all(Array.from({ length: members }, () => signUpUser(two.url, 'member')));
      await Promise.all(others.map((other) => makeFriends(one.url, owner, other)));
      const roomId = await createGroup(two.url, owner, others, 'through pgbouncer');
      const seed = await sendMessage(one.url, owner, roomId, 'seed');
      return { owner, members: others, roomId, after: seed.cursor };
    }

    it('applies every migration through PgBouncer while two instances start at once, and logs no error', async () => {
      const applied = await direct<{ name: string }>(database.url, 'select name from kysely_migration order by name');
      expect(applied.map((row) => row.name)).toEqual(Object.keys(migrations));
      const [deployment] = await direct<{ n: number }>(database.url, 'select count(*)::int as n from deployment');
      expect(deployment!.n).toBe(1);
      for (const log of two === one ? [logs[0]!] : logs) {
        expect(log.lines.filter((line) => /"level":(50|60)/.test(line))).toEqual([]);
        expect(log.count(POOLER_MISMATCH)).toBe(0);
        // PgBouncer refused STATEMENT_TIMEOUT as a startup parameter; the server went on without it.
        expect(log.count(TIMEOUT_PARAMETER_REFUSED)).toBe(1);
      }
    });

    it('makes friends of pairs that ask each other at once on different instances (advisory lock per pair in the transaction)', async () => {
      const pairs = await Promise.all(
        Array.from({ length: 8 }, async () => [await signUpUser(one.url, 'a'), await signUpUser(two.url, 'b')]),
      );
      const ask = (server: TestServer, from: TestUser, to: TestUser) =>
        request(server.url, PgbFriendRequest, { userId: to.id }, { token: from.token }).then(expectData);
      await Promise.all(pairs.flatMap(([a, b]) => [ask(one, a!, b!), ask(two, b!, a!)]));
      for (const [a, b] of pairs) {
        const friendsOfA = expectData(await request(two.url, PgbFriends, {}, { token: a!.token }));
        const friendsOfB = expectData(await request(one.url, PgbFriends, {}, { token: b!.token }));
        expect(friendsOfA.friends.edges.map((edge) => edge.node.id)).toEqual([b!.id]);
        expect(friendsOfB.friends.edges.map((edge) => edge.node.id)).toEqual([a!.id]);
      }
    });

    it('delivers 60 messages sent in parallel bursts on both instances to a subscriber on each, in one order, none lost or doubled, over 5 shared server connections', async () => {
      const { owner, members, roomId, after } = await room(3);
      const senders = [owner, ...members];
      const heardOnOne = subscribe(socket(one, members[0]!), PgbMessageAdded, { roomId, after });
      const heardOnTwo = subscribe(socket(two, members[1]!), PgbMessageAdded, { roomId, after });
      cleanups.push(heardOnOne.stop, heardOnTwo.stop);

      const sent: string[] = [];
      for (let burst = 0; burst < 3; burst++) {
        const messages = await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            sendMessage(i % 2 ? one.url : two.url, senders[i % senders.length]!, roomId, `burst ${burst} #${i}`),
          ),
        );
        sent.push(...messages.map((message) => message.id));
        // Right after a burst each instance's pool still holds the clients it opened for it.
        const { servers, clients } = await connectionsOf(bouncer, database.url);
        expect(servers).toBeLessThanOrEqual(bouncer.poolSize);
        if (burst === 0) expect(clients).toBeGreaterThan(bouncer.poolSize);
      }

      const [onOne, onTwo] = await Promise.all([heardOnOne.waitFor(60), heardOnTwo.waitFor(60)]);
      const ids = onOne.map((event) => event.messageAdded.id);
      expect(onTwo.map((event) => event.messageAdded.id)).toEqual(ids);
      expect(new Set(ids).size).toBe(60);
      expect([...ids].sort()).toEqual([...sent].sort());
      expect(new Set(onOne.map((event) => event.messageAdded.cursor)).size).toBe(60);
    });

    it('resumes messageAdded with after on the other instance: exactly the missed messages, then live ones', async () => {
      const { owner, members, roomId, after } = await room(1);
      const member = members[0]!;
      const first = subscribe(socket(one, member), PgbMessageAdded, { roomId, after });
      cleanups.push(first.stop);
      await sendMessage(one.url, owner, roomId, 'before the drop');
      const [seen] = await first.waitFor(1);
      first.stop();

      const missed = [];
      for (let i = 0; i < 10; i++)
        missed.push(await sendMessage(i % 2 ? one.url : two.url, owner, roomId, `missed ${i}`));
      const resumed = subscribe(socket(two, member), PgbMessageAdded, { roomId, after: seen!.messageAdded.cursor });
      cleanups.push(resumed.stop);
      await resumed.waitFor(10);
      const live = await sendMessage(one.url, owner, roomId, 'live again');
      const events = await resumed.waitFor(11);
      expect(events.map((event) => event.messageAdded.id)).toEqual([...missed.map((m) => m.id), live.id]);
    });

    it('carries edits and reactions made on one instance to subscribers on the other', async () => {
      const { owner, members, roomId } = await room(1);
      const member = members[0]!;
      const client = socket(two, member);
      await connected(client);
      const updates = subscribe(client, PgbMessageUpdated, { roomId });
      cleanups.push(updates.stop);
      const message = await sendMessage(one.url, owner, roomId, 'first draft');
      // The subscription is live once it hears an edit; edit until it does (each edit is a new event).
      let edits = 0;
      while (updates.events.length === 0) {
        edits++;
        await request(
          one.url,
          PgbEditMessage,
          { input: { messageId: message.id, body: `edit ${edits}` } },
          { token: owner.token },
        ).then(expectData);
        await updates.waitFor(1, 500).catch(() => {});
      }
      await request(
        one.url,
        PgbEditMessage,
        { input: { messageId: message.id, body: 'final' } },
        { token: owner.token },
      );
      await request(one.url, PgbAddReaction, { messageId: message.id, emoji: '👍' }, { token: member.token }).then(
        expectData,
      );
      const { messageUpdated: edited } = await heardWhere(updates, (e) => e.messageUpdated.body === 'final');
      expect(edited).toMatchObject({ id: message.id, reactions: [] });
      expect(edited.editedAt).toBeTruthy();
      const { messageUpdated: reacted } = await heardWhere(updates, (e) => e.messageUpdated.reactions.length > 0);
      expect(reacted).toMatchObject({ id: message.id, body: 'final', reactions: [{ emoji: '👍', count: 1 }] });
    });

    it('counts unread messages written concurrently on both instances, and clears them on markRoomRead', async () => {
      const { owner, members, roomId } = await room(2);
      const [reader, writer] = members as [TestUser, TestUser];
      expectData(await request(one.url, PgbMarkRead, { roomId }, { token: reader.token }));
      await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          sendMessage(i % 2 ? one.url : two.url, i % 3 ? owner : writer, roomId, `unread ${i}`),
        ),
      );
      const unread = (server: TestServer) =>
        request(server.url, PgbUnread, { roomId }, { token: reader.token }).then(
          (r) => expectData(r).room!.unreadCount,
        );
      expect(await unread(one)).toBe(12);
      expect(await unread(two)).toBe(12);
      expectData(await request(two.url, PgbMarkRead, { roomId }, { token: reader.token }));
      expect(await unread(one)).toBe(0);
    });
  });
}

/**
 * Statement timeouts behind PgBouncer: pg sends STATEMENT_TIMEOUT as a startup parameter, which
 * PgBouncer refuses ("unsupported startup parameter"); set per session it would stay on the
 * server connection for whichever client gets it next. database.ts connects without the
 * parameter there and sets the timeout with `set local` in each transaction's begin.
 */
describe.runIf(postgresUrl)('statement timeouts through PgBouncer in transaction mode', () => {
  const opened: Db[] = [];
  let bouncer: PgBouncer | undefined;
  let database: TestDatabase | undefined;

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((db) => db.destroy()));
    await bouncer?.stop();
    await database?.drop();
    bouncer = database = undefined;
  });

  async function open(url: string, statementTimeoutSeconds: number | null, log = new CapturedLog('warn')) {
    const db = await createDatabase({ kind: 'postgres', url }, log.logger, {
      statementTimeoutSeconds,
      preparedStatements: false,
    });
    opened.push(db);
    return db;
  }

  const sleepIn = (db: Db, seconds: number) =>
    db.transaction().execute((trx) => sql`select pg_sleep(${seconds})`.execute(trx));
  const timeoutOf = async (db: Db) =>
    (await sql<{ statement_timeout: string }>`show statement_timeout`.execute(db)).rows[0]!.statement_timeout;

  it('cancels a transaction running past the timeout, and the next client of the one server connection gets no timeout from it', async () => {
    bouncer = await startPgBouncer({ poolSize: 1 }); // one server connection: every client gets the same one
    database = await createTestDatabase();
    const url = bouncer.urlFor(database.url);
    const log = new CapturedLog('warn');
    const app = await open(url, 1, log);
    const noTimeout = await open(url, null);
    const [defaultTimeout] = await direct<{ statement_timeout: string }>(database.url, 'show statement_timeout');

    await expect(sleepIn(app, 3)).rejects.toMatchObject({ code: '57014' });
    expect(log.count(TIMEOUT_PARAMETER_REFUSED)).toBe(1);
    // The same server connection, for a client without a timeout: nothing of the 1 s is left on it.
    expect(await timeoutOf(noTimeout)).toBe(defaultTimeout!.statement_timeout);
    await sleepIn(noTimeout, 1.5);
    expect((await connectionsOf(bouncer, database.url)).servers).toBe(1);
  });

  it('keeps the timeouts of concurrent transactions apart over a pool of 2: only the ones with a 1 s timeout are cancelled', async () => {
    bouncer = await startPgBouncer({ poolSize: 2 });
    database = await createTestDatabase();
    const url = bouncer.urlFor(database.url);
    const [short, none] = [await open(url, 1), await open(url, null)];
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) => sleepIn(i % 2 ? short : none, 1.3).then(() => (i % 2 ? 'short' : 'none'))),
    );
    const outcome = results.map((result) =>
      result.status === 'fulfilled' ? result.value : (result.reason as { code?: string }).code,
    );
    expect(outcome).toEqual(['none', '57014', 'none', '57014', 'none', '57014', 'none', '57014']);
  });

  it('gives statements outside a transaction the database default (ALTER DATABASE … SET statement_timeout), which migrations lift for their transaction', async () => {
    bouncer = await startPgBouncer({ poolSize: 2 });
    database = await createTestDatabase();
    const name = new URL(database.url).pathname.slice(1);
    await direct(database.url, `alter database ${name} set statement_timeout = '1s'`);
    const url = bouncer.urlFor(database.url);
    const [app, migrations] = [await open(url, 10), await open(url, null)];

    await expect(sql`select pg_sleep(3)`.execute(app)).rejects.toMatchObject({ code: '57014' });
    // In a transaction the app's own 10 s applies, and a migration has none.
    await sleepIn(app, 1.5);
    await sleepIn(migrations, 1.5);
  });

  it('runs 160 read-then-write transactions from 40 clients at once on 4 counters over 5 server connections without a lost update (pg_advisory_xact_lock per counter)', async () => {
    bouncer = await startPgBouncer({ poolSize: 5 });
    database = await createTestDatabase();
    // Unlogged: commits wait for no WAL flush, so the test measures locking, not this disk.
    await direct(database.url, 'create unlogged table counters (id int primary key, n int not null)');
    await direct(database.url, 'insert into counters select id, 0 from generate_series(1, 4) id');
    const url = bouncer.urlFor(database.url);
    // Two instances' pools of up to 20 each: 40 clients for 5 server connections.
    const [first, second] = [await open(url, 15), await open(url, 15)];
    // Read, then write what was read plus one: only the lock, held to the commit, keeps increments apart.
    const increment = (db: Db, id: number) =>
      db.transaction().execute(async (trx) => {
        await sql`select pg_advisory_xact_lock(4242, ${id})`.execute(trx);
        const { rows } = await sql<{ n: number }>`select n from counters where id = ${id}`.execute(trx);
        await sql`update counters set n = ${rows[0]!.n + 1} where id = ${id}`.execute(trx);
      });
    // 40 workers, as many as the two pools' clients (a longer queue would wait in the pools, whose
    // 3 s connect timeout this is not about), each incrementing every counter once: all 40 clients
    // in flight at once, waiting in PgBouncer for its 5 server connections.
    const worker = async (db: Db, start: number) => {
      for (let k = 0; k < 4; k++) await increment(db, 1 + ((start + k) % 4));
    };
    await Promise.all(Array.from({ length: 40 }, (_, i) => worker(i % 2 ? first : second, i)));
    const counters = await direct<{ id: number; n: number }>(database.url, 'select id, n from counters order by id');
    expect(counters).toEqual([1, 2, 3, 4].map((id) => ({ id, n: 40 })));
    const { servers, clients } = await connectionsOf(bouncer, database.url);
    expect(servers).toBeLessThanOrEqual(5);
    expect(clients).toBeGreaterThan(5);
  });

  // Debian 12's 1.18 does not keep prepared statements per client: database.ts finds out at the
  // first statement prepared on one server connection and run on another, and stops naming.
  it.runIf(!keepsPreparedStatements())(
    'with prepared statements left on behind a PgBouncer older than 1.21, statements outside transactions still succeed and naming stops once',
    async () => {
      bouncer = await startPgBouncer({ poolSize: 5 });
      database = await createTestDatabase();
      const log = new CapturedLog('warn');
      const db = await createDatabase({ kind: 'postgres', url: bouncer.urlFor(database.url) }, log.logger, {
        statementTimeoutSeconds: 15,
        preparedStatements: true,
      });
      opened.push(db);
      const round = async () => {
        const answers = await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            sql<{ n: number }>`select ${i}::int as n`.execute(db).then(({ rows }) => rows[0]!.n),
          ),
        );
        expect(answers).toEqual(Array.from({ length: 20 }, (_, i) => i));
      };
      for (let i = 0; i < 10; i++) await round();
      // Each statement already in flight with a name when naming stopped reports its mismatch.
      const mismatches = log.count(POOLER_MISMATCH);
      expect(mismatches).toBeGreaterThanOrEqual(1);
      for (let i = 0; i < 10; i++) await round();
      expect(log.count(POOLER_MISMATCH)).toBe(mismatches);
    },
  );
});
