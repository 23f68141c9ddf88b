import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Db } from '../../src/platform/db/database.js';
import { createTestDatabase, postgresUrl, type TestDatabase } from '../helpers/database.js';
import { CapturedLog } from '../helpers/logs.js';

/**
 * Statement preparation as a state machine per statement text: unseen, then tracked (run once,
 * unnamed), then named (prepared on each connection at its first use there and reused), and back
 * to unnamed with a new name to come when PostgreSQL refuses its plan as stale (a column added
 * under `select *`), or unnamed for good when the connections turn out not to keep prepared
 * statements (a pooler). At most MAX_NAMED_STATEMENTS (200) texts are named and
 * MAX_TRACKED_STATEMENTS (2,000) tracked. The names are not exported (StatementNames is private
 * to database.ts), so the tests read them where PostgreSQL keeps them: `pg_prepared_statements`
 * of the connection, held with `db.connection()`. Real PostgreSQL for all of that (the suite's
 * PostgreSQL pass); the embedded database, which never prepares, runs in both passes.
 */

const MAX_NAMED_STATEMENTS = 200;
const MAX_TRACKED_STATEMENTS = 2_000;
const STALE = 'prepared statement outdated by a schema change; preparing it again';
const POOLER =
  'prepared statements are not kept on these PostgreSQL connections (a pooler in transaction mode?): ' +
  'no longer preparing them; set PREPARED_STATEMENTS=false';

interface Prepared {
  name: string;
  statement: string;
  /** How often it was executed since it was prepared. */
  executions: number;
}

/** The statements prepared on `conn`'s connection (a statement without parameters is never named). */
async function preparedOn(conn: Db): Promise<Prepared[]> {
  const { rows } = await sql<Prepared>`
    select name, statement, (generic_plans + custom_plans)::int as executions
    from pg_prepared_statements order by prepare_time, name`.execute(conn);
  return rows;
}

/** A statement with one parameter; `tag` makes its text distinct. */
const answer = (conn: Db, value: number, tag = 'answer') =>
  sql<{ n: number }>`select ${value}::int as n, ${sql.lit(tag)} as tag`.execute(conn).then(({ rows }) => rows[0]!.n);
const answerText = (tag = 'answer') => `select $1::int as n, '${tag}' as tag`;

/** What the embedded database does with the same options: it has no statement names at all. */
describe('prepared statements on the embedded database', () => {
  it('prepares nothing, whatever preparedStatements says', async () => {
    const log = new CapturedLog('warn');
    const db = await createDatabase({ kind: 'pglite-memory' }, log.logger, {
      statementTimeoutSeconds: null,
      preparedStatements: true,
    });
    try {
      await db.connection().execute(async (conn) => {
        for (let i = 1; i <= 3; i++) expect(await answer(conn, i)).toBe(i);
        expect(await preparedOn(conn)).toEqual([]);
      });
    } finally {
      await db.destroy();
    }
  });
});

describe.runIf(postgresUrl)('prepared statements on PostgreSQL', () => {
  let database: TestDatabase;
  const opened: Db[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
  });

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((db) => db.destroy()));
  });

  afterAll(async () => {
    await database?.drop();
  });

  /** A Db of its own (its own statement names), on the test's database. */
  async function open(preparedStatements = true, log = new CapturedLog('warn')): Promise<Db> {
    const db = await createDatabase({ kind: 'postgres', url: database.url }, log.logger, {
      statementTimeoutSeconds: null,
      preparedStatements,
    });
    opened.push(db);
    return db;
  }

  /** Runs `work` on two connections of `db` held at once. */
  const onTwoConnections = (db: Db, work: (a: Db, b: Db) => Promise<void>) =>
    db.connection().execute((a) => db.connection().execute((b) => work(a, b)));

  const backendPid = async (conn: Db) =>
    (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(conn)).rows[0]!.pid;

  it('runs a text with parameters unnamed at its first use, prepares it at its second, and reuses it from then on', async () => {
    const db = await open();
    await db.connection().execute(async (conn) => {
      expect(await answer(conn, 1)).toBe(1);
      expect(await preparedOn(conn)).toEqual([]);
      expect(await answer(conn, 2)).toBe(2);
      const [prepared] = await preparedOn(conn);
      expect(prepared).toEqual({
        name: expect.stringMatching(/^s_[0-9a-f]{24}_0$/),
        statement: answerText(),
        executions: 1,
      });
      expect(await answer(conn, 3)).toBe(3);
      expect(await answer(conn, 4)).toBe(4);
      expect(await preparedOn(conn)).toEqual([{ ...prepared, executions: 3 }]);
    });
  });

  it('gives a text the same name on every connection and in every instance: another connection prepares it at its first use there', async () => {
    const db = await open();
    let name = '';
    await onTwoConnections(db, async (a, b) => {
      expect(await backendPid(a)).not.toBe(await backendPid(b));
      await answer(a, 1);
      await answer(a, 2);
      [{ name }] = (await preparedOn(a)) as [Prepared];
      expect(await preparedOn(b)).toEqual([]);
      expect(await answer(b, 3)).toBe(3);
      expect(await preparedOn(b)).toEqual([{ name, statement: answerText(), executions: 1 }]);
    });
    const other = await open();
    await other.connection().execute(async (conn) => {
      await answer(conn, 1);
      await answer(conn, 2);
      expect((await preparedOn(conn)).map((prepared) => prepared.name)).toContain(name);
    });
  });

  it('never prepares a text without parameters', async () => {
    const db = await open();
    await db.connection().execute(async (conn) => {
      for (let i = 0; i < 3; i++) await sql`select 1 as one`.execute(conn);
      expect(await preparedOn(conn)).toEqual([]);
    });
  });

  it(`prepares at most ${MAX_NAMED_STATEMENTS} texts (MAX_NAMED_STATEMENTS): the texts after them run unnamed, and run`, async () => {
    const db = await open();
    await db.connection().execute(async (conn) => {
      for (let i = 0; i < MAX_NAMED_STATEMENTS; i++) {
        await answer(conn, i, `t${i}`);
        await answer(conn, i, `t${i}`);
      }
      const over = `t${MAX_NAMED_STATEMENTS}`;
      for (let i = 1; i <= 3; i++) expect(await answer(conn, i, over)).toBe(i);
      const prepared = await preparedOn(conn);
      expect(prepared).toHaveLength(MAX_NAMED_STATEMENTS);
      expect(prepared.map((statement) => statement.statement)).not.toContain(answerText(over));
      expect(new Set(prepared.map((statement) => statement.name)).size).toBe(MAX_NAMED_STATEMENTS);
    });
  });

  it(`tracks at most ${MAX_TRACKED_STATEMENTS} texts (MAX_TRACKED_STATEMENTS): a text first seen after them is never prepared`, async () => {
    const db = await open();
    await db.connection().execute(async (conn) => {
      for (let i = 0; i < MAX_TRACKED_STATEMENTS; i++) await answer(conn, i, `t${i}`);
      for (let i = 1; i <= 3; i++) expect(await answer(conn, i, 'untracked')).toBe(i);
      expect(await preparedOn(conn)).toEqual([]);
      await answer(conn, 1, 't0'); // tracked: its second use names it
      expect((await preparedOn(conn)).map((prepared) => prepared.statement)).toEqual([answerText('t0')]);
    });
  });

  it('runs a prepared `select *` again after a column was added under it: retried unnamed, then prepared under a new name on every connection', async () => {
    const log = new CapturedLog('warn');
    const db = await open(true, log);
    await sql`create table grows (id int primary key, a int)`.execute(db);
    await sql`insert into grows values (1, 10)`.execute(db);
    const read = (conn: Db) =>
      sql<Record<string, number>>`select * from grows where id = ${1}`.execute(conn).then(({ rows }) => rows);
    const text = 'select * from grows where id = $1';
    await onTwoConnections(db, async (a, b) => {
      await read(a);
      await read(a);
      await read(b);
      const [stale] = (await preparedOn(a)) as [Prepared];
      expect(stale.name).toMatch(/_0$/);
      expect((await preparedOn(b)).map((prepared) => prepared.name)).toEqual([stale.name]);

      await sql`alter table grows add column b int default 5`.execute(a);
      expect(await read(a)).toEqual([{ id: 1, a: 10, b: 5 }]);
      expect(log.count(STALE)).toBe(1);
      // b had the outdated statement too: it never meets it again.
      expect(await read(b)).toEqual([{ id: 1, a: 10, b: 5 }]);
      expect(log.count(STALE)).toBe(1);
      const renamed = stale.name.replace(/_0$/, '_1');
      expect((await preparedOn(b)).filter((prepared) => prepared.statement === text).map((p) => p.name)).toEqual([
        stale.name,
        renamed,
      ]);
      expect(await read(a)).toEqual([{ id: 1, a: 10, b: 5 }]);
      expect((await preparedOn(a)).filter((prepared) => prepared.statement === text).map((p) => p.name)).toEqual([
        stale.name,
        renamed,
      ]);
    });
  });

  it('fails a transaction that meets an outdated statement once, with that error rather than "transaction aborted", and runs it afterwards', async () => {
    const log = new CapturedLog('warn');
    const db = await open(true, log);
    await sql`create table grows_in_transaction (id int primary key, a int)`.execute(db);
    await sql`insert into grows_in_transaction values (1, 10)`.execute(db);
    const read = (conn: Db) =>
      sql<Record<string, number>>`select * from grows_in_transaction where id = ${1}`
        .execute(conn)
        .then(({ rows }) => rows);
    await db.connection().execute(async (conn) => {
      await read(conn);
      await read(conn);
      expect(await preparedOn(conn)).toHaveLength(1);
      await sql`alter table grows_in_transaction add column b int default 5`.execute(conn);
      await sql`begin`.execute(conn);
      await expect(read(conn)).rejects.toMatchObject({ code: '0A000' });
      await sql`rollback`.execute(conn);
      expect(log.count(STALE)).toBe(1);
      expect(await read(conn)).toEqual([{ id: 1, a: 10, b: 5 }]);
    });
  });

  it('stops preparing for good when a connection lost the statements it had prepared (a pooler), and runs the statement unnamed', async () => {
    const log = new CapturedLog('warn');
    const db = await open(true, log);
    await db.connection().execute(async (conn) => {
      await answer(conn, 1);
      await answer(conn, 2);
      expect(await preparedOn(conn)).toHaveLength(1);
      await sql`deallocate all`.execute(conn); // what a pooler's other client, or its reset, does
      expect(await answer(conn, 3)).toBe(3);
      expect(log.count(POOLER)).toBe(1);
      for (let i = 4; i <= 6; i++) expect(await answer(conn, i, 'after')).toBe(i);
      expect(await answer(conn, 7)).toBe(7);
      expect(await preparedOn(conn)).toEqual([]);
      expect(log.count(POOLER)).toBe(1);
    });
  });

  it('prepares nothing with preparedStatements: false', async () => {
    const db = await open(false);
    await db.connection().execute(async (conn) => {
      for (let i = 1; i <= 3; i++) expect(await answer(conn, i)).toBe(i);
      expect(await preparedOn(conn)).toEqual([]);
    });
  });
});
