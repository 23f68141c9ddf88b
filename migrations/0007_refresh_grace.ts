import { type Kysely } from 'kysely';

/**
 * A spent refresh token may be presented once more within a short grace window (two tabs
 * refreshing at once, a retry whose answer was lost) and gets the same successor: this marks that
 * the one extra use happened.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('refresh_tokens')
    .addColumn('grace_used', 'boolean', (col) => col.notNull().defaultTo(false))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('refresh_tokens').dropColumn('grace_used').execute();
}
