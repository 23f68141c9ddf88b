import { sql, type Kysely } from 'kysely';

/**
 * Replies, threads, pins, reactions, mentions and message search. Existing messages get the new
 * columns' defaults (no reply, no thread, not pinned) and their search vector, computed here.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('messages')
    .addColumn('reply_to_id', 'bigint', (col) => col.references('messages.id').onDelete('set null'))
    .addColumn('thread_root_id', 'bigint', (col) => col.references('messages.id').onDelete('cascade'))
    .addColumn('reply_count', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('last_reply_at', 'timestamptz')
    .addColumn('pinned_at', 'timestamptz')
    .addColumn('pinned_by', 'bigint', (col) => col.references('users.id').onDelete('set null'))
    .execute();
  // Room.messages lists top-level messages; a thread is paged by its root.
  await sql`create index messages_room_top_level_idx on messages (room_id, id) where thread_root_id is null`.execute(
    db,
  );
  await sql`create index messages_thread_idx on messages (thread_root_id, id) where thread_root_id is not null`.execute(
    db,
  );
  await sql`create index messages_pinned_idx on messages (room_id, pinned_at desc) where pinned_at is not null`.execute(
    db,
  );
  await addSearch(db);

  await db.schema
    .createTable('reactions')
    .addColumn('message_id', 'bigint', (col) => col.notNull().references('messages.id').onDelete('cascade'))
    .addColumn('emoji', 'text', (col) => col.notNull())
    .addColumn('user_id', 'bigint', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('reactions_pkey', ['message_id', 'emoji', 'user_id'])
    .execute();
  await db.schema
    .createTable('mentions')
    .addColumn('message_id', 'bigint', (col) => col.notNull().references('messages.id').onDelete('cascade'))
    .addColumn('user_id', 'bigint', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('mentions_pkey', ['message_id', 'user_id'])
    .execute();
}

/**
 * Full-text search that finds fragments of words in scripts written without spaces between
 * morphemes (Korean, Japanese, Chinese): a message's lexemes are its words plus every two-character
 * piece of each run of those scripts, so `안녕` finds `안녕하세요` and `세계` finds `세계는`, with a
 * GIN index and no extension (PGlite has the same). English words match by prefix at query time.
 */
async function addSearch(db: Kysely<any>) {
  await sql`
    create function chat_search_text(body text) returns text
    language sql immutable parallel safe as $$
      select lower(body) || ' ' || coalesce((
        select string_agg(substr(run, i, 2), ' ')
        from regexp_split_to_table(lower(body), '[^ぁ-ヿ㐀-鿿가-힯]+') as run,
          generate_series(1, greatest(length(run) - 1, 1)) as i
        where run <> ''
      ), '')
    $$
  `.execute(db);
  await sql`
    alter table messages add column search_vector tsvector
    generated always as (to_tsvector('simple'::regconfig, chat_search_text(body))) stored
  `.execute(db);
  await sql`create index messages_search_idx on messages using gin (search_vector)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('mentions').execute();
  await db.schema.dropTable('reactions').execute();
  await sql`alter table messages drop column search_vector`.execute(db);
  await sql`drop function chat_search_text(text)`.execute(db);
  for (const column of ['pinned_by', 'pinned_at', 'last_reply_at', 'reply_count', 'thread_root_id', 'reply_to_id']) {
    await db.schema.alterTable('messages').dropColumn(column).execute();
  }
}
