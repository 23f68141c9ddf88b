import { sql, type Kysely } from 'kysely';

/**
 * Roles, topics, read receipts, mutes and deleted accounts.
 *
 * Roles: every group room has exactly one OWNER (a partial unique index holds it); existing group
 * rooms get their creator, or the oldest member where the creator left. Direct rooms keep MEMBER.
 * Accounts are never deleted as rows (messages and room events point at them): `deleted_at` marks one.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('rooms').addColumn('topic', 'text').execute();
  await db.schema.alterTable('users').addColumn('deleted_at', 'timestamptz').execute();
  await db.schema
    .alterTable('room_members')
    .addColumn('role', 'text', (col) =>
      col
        .notNull()
        .defaultTo('MEMBER')
        .check(sql`role in ('OWNER', 'ADMIN', 'MEMBER')`),
    )
    .addColumn('last_read_at', 'timestamptz')
    .addColumn('muted_until', 'timestamptz')
    .execute();
  await sql`
    update room_members m set role = 'OWNER'
    from (
      select distinct on (r.id) r.id as room_id, m2.user_id
      from rooms r join room_members m2 on m2.room_id = r.id
      where r.kind = 'GROUP'
      order by r.id, (m2.user_id = r.created_by) desc, m2.joined_at, m2.user_id
    ) owner
    where m.room_id = owner.room_id and m.user_id = owner.user_id
  `.execute(db);
  await db.schema
    .createIndex('room_members_one_owner_key')
    .on('room_members')
    .column('room_id')
    .unique()
    .where(sql.ref('role'), '=', 'OWNER')
    .execute();
  // Foreign keys that had no index on their referencing side: a reaction or mention of a user is
  // looked up by that user (account deletion), an event by its message.
  await db.schema.createIndex('reactions_user_idx').on('reactions').column('user_id').execute();
  await db.schema.createIndex('mentions_user_idx').on('mentions').column('user_id').execute();
  await db.schema
    .createIndex('room_events_message_idx')
    .on('room_events')
    .column('message_id')
    .where(sql.ref('message_id'), 'is not', null)
    .execute();
  await db.schema
    .createIndex('messages_reply_to_idx')
    .on('messages')
    .column('reply_to_id')
    .where(sql.ref('reply_to_id'), 'is not', null)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const index of [
    'messages_reply_to_idx',
    'room_events_message_idx',
    'mentions_user_idx',
    'reactions_user_idx',
    'room_members_one_owner_key',
  ]) {
    await db.schema.dropIndex(index).execute();
  }
  await db.schema
    .alterTable('room_members')
    .dropColumn('role')
    .dropColumn('last_read_at')
    .dropColumn('muted_until')
    .execute();
  await db.schema.alterTable('users').dropColumn('deleted_at').execute();
  await db.schema.alterTable('rooms').dropColumn('topic').execute();
}
