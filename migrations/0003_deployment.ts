import { sql, type Kysely } from 'kysely';

/**
 * One row naming this deployment: every instance on this database reads the same id, and
 * another deployment (another database) has another, so two deployments sharing a Redis keep to
 * their own channels and keys, and drop each other's events.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('deployment')
    // A constant primary key: the table can hold one row only.
    .addColumn('one_row', 'boolean', (col) =>
      col
        .primaryKey()
        .defaultTo(true)
        .check(sql`one_row`),
    )
    .addColumn('id', 'uuid', (col) => col.notNull().defaultTo(sql`gen_random_uuid()`))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  await db.insertInto('deployment').defaultValues().execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('deployment').execute();
}
