import { sql, type Kysely } from 'kysely';

/**
 * Search that reads only the viewer's rooms. The index of 0005 (on `search_vector` alone) answers
 * "which messages match" for the whole table: a common word matched hundreds of thousands of
 * messages, read and thrown away for not being in the viewer's rooms, and a word prefix (`hel`)
 * was expanded into every lexeme starting so, in a bitmap too large to stay exact.
 *
 * This index holds, per message, a lexeme for its room (`#<room id>`, which no query term can
 * match: terms are letters and digits) and every prefix, up to 12 characters, of each lexeme of
 * `search_vector`. A search asks for its terms' prefixes AND any of the viewer's rooms: GIN walks
 * the smaller side and skips through the other, so the work follows the viewer's rooms and the
 * matches in them, not the table. It only narrows: the search still checks `search_vector` itself
 * (exact prefixes, longer terms) and membership. Its lexemes are derived from `search_vector`, so
 * it finds a superset of what `search_vector` matches, by construction.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create function chat_search_index(vector tsvector, room_id bigint) returns tsvector
    language sql immutable parallel safe as $$
      select array_to_tsvector(array(
        select substr(lexeme, 1, i)
        from unnest(tsvector_to_array(vector)) as lexeme,
          generate_series(1, least(length(lexeme), 12)) as i
      ) || ('#' || room_id))
    $$
  `.execute(db);
  await sql`
    create index messages_search_room_idx on messages using gin (chat_search_index(search_vector, room_id))
  `.execute(db);
  // Nothing asks for search_vector alone any more; left, the planner combined it with the new one.
  await sql`drop index messages_search_idx`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`create index messages_search_idx on messages using gin (search_vector)`.execute(db);
  await sql`drop index messages_search_room_idx`.execute(db);
  await sql`drop function chat_search_index(tsvector, bigint)`.execute(db);
}
