import { sql, type Kysely } from 'kysely';

/**
 * The room event log: every durable event of a room (a message added, edited or deleted, members
 * added or removed, a direct room suspended) gets the room's next event seq in the transaction
 * that makes it, so live subscribers put events in one order per room and read what they missed
 * (a Redis outage) from here. A message keeps its own `seq` (history order, resume cursors).
 * Rooms that existed before start their log empty at 0: nobody can be behind on events never logged.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('rooms')
    .addColumn('event_seq', 'bigint', (col) => col.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createTable('room_events')
    .addColumn('room_id', 'bigint', (col) => col.notNull().references('rooms.id').onDelete('cascade'))
    .addColumn('seq', 'bigint', (col) => col.notNull())
    .addColumn('kind', 'text', (col) => col.notNull())
    // Message events name their message; it is read as it is now when a subscriber catches up.
    .addColumn('message_id', 'bigint', (col) => col.references('messages.id').onDelete('cascade'))
    .addColumn('user_ids', sql`bigint[]`)
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('room_events_pkey', ['room_id', 'seq'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('room_events').execute();
  await db.schema.alterTable('rooms').dropColumn('event_seq').execute();
}
