import { Migrator, sql, type Kysely } from 'kysely';
import { migrations } from '../../../migrations/index.js';

/** The key of Kysely's own migration lock, so an instance still locking Kysely's way excludes this one too. */
const MIGRATION_LOCK_KEY = sql.lit(BigInt('3853314791062309107'));

/**
 * Applies every pending migration in `migrations/`; throws with the failing migration's name.
 *
 * All in one transaction, on one connection, which first takes a transaction-scoped advisory lock:
 * instances starting together apply each migration once, and nothing holds a session (Kysely's own
 * lock is session-level, which a pooler in transaction mode such as PgBouncer breaks: see
 * TransactionLockedMigrationsAdapter in database.ts). Checking and creating Kysely's tables is
 * under the lock too. A failure rolls back every migration of the run.
 */
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  return db.connection().execute(async (conn) => {
    await sql`begin`.execute(conn);
    try {
      await sql`select pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`.execute(conn);
      const migrator = new Migrator({
        db: conn,
        provider: { getMigrations: async () => migrations },
        disableTransactions: true, // this transaction is the one
      });
      const { error, results = [] } = await migrator.migrateToLatest();
      const failed = results.find((result) => result.status === 'Error');
      if (error) {
        throw new Error(`migration ${failed?.migrationName ?? '(unknown)'} failed`, { cause: error });
      }
      await sql`commit`.execute(conn);
      return results.filter((result) => result.status === 'Success').map((result) => result.migrationName);
    } catch (err) {
      await sql`rollback`.execute(conn).catch(() => {}); // the connection may be gone: the error says why
      throw err;
    }
  });
}
