import { sql, type Kysely } from 'kysely';

/** What a user sees of their sessions: the client that opened each, and when it was last refreshed. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('sessions')
    .addColumn('user_agent', 'text')
    .addColumn('last_used_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('sessions').dropColumn('user_agent').dropColumn('last_used_at').execute();
}
