import { Migrator, sql, type Kysely } from 'kysely';
import { migrations } from '../../migrations/index.js';

/**
 * Applies every pending migration in `migrations/`; throws with the failing migration's name.
 * Runs on one connection with the statement timeout lifted: building an index on a large table may
 * rightly take longer than any request should.
 */
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const { error, results = [] } = await db.connection().execute(async (connection) => {
    await sql`set statement_timeout = 0`.execute(connection);
    try {
      const migrator = new Migrator({ db: connection, provider: { getMigrations: async () => migrations } });
      return await migrator.migrateToLatest();
    } finally {
      await sql`reset statement_timeout`.execute(connection);
    }
  });
  const failed = results.find((result) => result.status === 'Error');
  if (error) {
    throw new Error(`migration ${failed?.migrationName ?? '(unknown)'} failed`, { cause: error });
  }
  return results.filter((result) => result.status === 'Success').map((result) => result.migrationName);
}
