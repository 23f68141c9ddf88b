import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('friend_requests')
    .addColumn('id', 'bigint', (col) => col.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('from_user_id', 'bigint', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('to_user_id', 'bigint', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('friend_requests_pair_key', ['from_user_id', 'to_user_id'])
    .addCheckConstraint('friend_requests_not_self', sql`from_user_id <> to_user_id`)
    .execute();
  // Incoming requests of a user: a range scan on the recipient (outgoing ones use the pair key's prefix).
  await db.schema
    .createIndex('friend_requests_to_user_idx')
    .on('friend_requests')
    .columns(['to_user_id', 'id'])
    .execute();

  // One row per direction, so "friends of X" and "are X and Y friends" are both primary-key range scans.
  await db.schema
    .createTable('friendships')
    .addColumn('user_id', 'bigint', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('friend_id', 'bigint', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('friendships_pkey', ['user_id', 'friend_id'])
    .addCheckConstraint('friendships_not_self', sql`user_id <> friend_id`)
    .execute();

  await db.schema
    .createTable('blocks')
    .addColumn('blocker_id', 'bigint', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('blocked_id', 'bigint', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('blocks_pkey', ['blocker_id', 'blocked_id'])
    .addCheckConstraint('blocks_not_self', sql`blocker_id <> blocked_id`)
    .execute();
  // "Who blocked me": user search excludes them, in one index probe per candidate.
  await db.schema.createIndex('blocks_blocked_idx').on('blocks').columns(['blocked_id', 'blocker_id']).execute();

  // Rooms are listed by most recent activity; a sequence (not a timestamp) gives every bump a distinct,
  // ordered value, so a rooms cursor is one exact number.
  await sql`create sequence room_activity_seq`.execute(db);
  await db.schema
    .createTable('rooms')
    .addColumn('id', 'bigint', (col) => col.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('kind', 'text', (col) => col.notNull().check(sql`kind in ('DIRECT', 'GROUP')`))
    .addColumn('name', 'text')
    // "<low user id>:<high user id>" for direct rooms: the unique index makes one room per pair a
    // database guarantee, so concurrent openDirectRoom calls cannot create two.
    .addColumn('direct_key', 'text', (col) => col.unique())
    .addColumn('created_by', 'bigint', (col) => col.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('last_message_id', 'bigint')
    // Number of messages ever sent to the room: the seq of the newest message.
    .addColumn('last_seq', 'bigint', (col) => col.notNull().defaultTo(0))
    .addColumn('activity_seq', 'bigint', (col) => col.notNull().defaultTo(sql`nextval('room_activity_seq')`))
    .addCheckConstraint('rooms_direct_key', sql`(kind = 'DIRECT') = (direct_key is not null)`)
    .execute();

  await db.schema
    .createTable('room_members')
    .addColumn('room_id', 'bigint', (col) => col.notNull().references('rooms.id').onDelete('cascade'))
    .addColumn('user_id', 'bigint', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('joined_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('last_read_message_id', 'bigint', (col) => col.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('room_members_pkey', ['room_id', 'user_id'])
    .execute();
  // A user's rooms (rooms list, membership checks by user) without touching other members' rows.
  await db.schema.createIndex('room_members_user_idx').on('room_members').columns(['user_id', 'room_id']).execute();

  await db.schema
    .createTable('messages')
    .addColumn('id', 'bigint', (col) => col.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('room_id', 'bigint', (col) => col.notNull().references('rooms.id').onDelete('cascade'))
    .addColumn('sender_id', 'bigint', (col) => col.notNull().references('users.id').onDelete('cascade'))
    // 1, 2, 3… within the room, assigned under the room's row lock: live subscribers spot a gap
    // (an event that overtook another between instances) by a missing number.
    .addColumn('seq', 'bigint', (col) => col.notNull())
    .addColumn('body', 'text', (col) => col.notNull())
    .addColumn('client_id', 'text')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('edited_at', 'timestamptz')
    .addColumn('deleted_at', 'timestamptz')
    .addUniqueConstraint('messages_room_seq_key', ['room_id', 'seq'])
    .execute();
  // History pages and unread counts are range scans on (room_id, id): equally fast at any depth.
  await db.schema.createIndex('messages_room_id_idx').on('messages').columns(['room_id', 'id']).execute();
  // Idempotent sends: one message per (sender, room, clientId), enforced by the database.
  await db.schema
    .createIndex('messages_client_id_key')
    .on('messages')
    .columns(['sender_id', 'room_id', 'client_id'])
    .unique()
    .where(sql.ref('client_id'), 'is not', null)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['messages', 'room_members', 'rooms', 'blocks', 'friendships', 'friend_requests']) {
    await db.schema.dropTable(table).execute();
  }
  await sql`drop sequence room_activity_seq`.execute(db);
}
