import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.js';
import type { UserRow } from '../../platform/db/tables.js';

// Users in the database. Look-ups by name compare lower(username), the expression of the unique
// index users_username_lower_key; what a valid username is, is decided in users.service.ts.

export interface User {
  id: string;
  username: string;
  displayName: string;
  createdAt: Date;
}

export const toUser = (row: Pick<UserRow, 'id' | 'username' | 'display_name' | 'created_at'>): User => ({
  id: row.id,
  username: row.username,
  displayName: row.display_name,
  createdAt: row.created_at,
});

const USER_COLUMNS = ['id', 'username', 'display_name', 'created_at'] as const;

/** A new user; a taken username fails on users_username_lower_key. */
export async function insertUser(
  db: Db,
  user: { username: string; displayName: string; passwordHash: string },
): Promise<User> {
  const row = await db
    .insertInto('users')
    .values({ username: user.username, display_name: user.displayName, password_hash: user.passwordHash })
    .returning(USER_COLUMNS)
    .executeTakeFirstOrThrow();
  return toUser(row);
}

/** True when some user has this username (`lowerName` in lower case). */
export async function usernameExists(db: Db, lowerName: string): Promise<boolean> {
  const row = await db
    .selectFrom('users')
    .select('id')
    .where(sql<string>`lower(username)`, '=', lowerName)
    .executeTakeFirst();
  return row !== undefined;
}

/** The user named `lowerName` (in lower case) with their password hash, for a login to check. */
export async function findCredentials(db: Db, lowerName: string): Promise<{ user: User; passwordHash: string } | null> {
  const row = await db
    .selectFrom('users')
    .select([...USER_COLUMNS, 'password_hash'])
    .where(sql<string>`lower(username)`, '=', lowerName)
    .executeTakeFirst();
  return row ? { user: toUser(row), passwordHash: row.password_hash } : null;
}

export async function getUsersByIds(db: Db, ids: readonly string[]): Promise<User[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('users').select(USER_COLUMNS).where('id', 'in', ids).execute();
  return rows.map(toUser);
}

export async function findUserById(db: Db, id: string): Promise<User | null> {
  const [user] = await getUsersByIds(db, [id]);
  return user ?? null;
}

/**
 * True for users (their id in `userIdColumn`) who have not blocked `viewerId`: a block hides the
 * blocker from the blocked user's look-ups and searches.
 */
export const notBlocking = (userIdColumn: string, viewerId: string) =>
  sql<boolean>`not exists (select 1 from blocks where blocks.blocker_id = ${sql.ref(userIdColumn)} and blocks.blocked_id = ${viewerId})`;

/** The user named `lowerName` (in lower case) unless they blocked `viewerId`; null otherwise. */
export async function findUserVisibleTo(db: Db, viewerId: string, lowerName: string): Promise<User | null> {
  const row = await db
    .selectFrom('users')
    .select(USER_COLUMNS)
    .where(sql<string>`lower(username)`, '=', lowerName)
    .where(notBlocking('users.id', viewerId))
    .executeTakeFirst();
  return row ? toUser(row) : null;
}

export async function setDisplayName(db: Db, userId: string, displayName: string): Promise<User> {
  const row = await db
    .updateTable('users')
    .set({ display_name: displayName })
    .where('id', '=', userId)
    .returning(['id', 'username', 'display_name', 'created_at'])
    .executeTakeFirstOrThrow();
  return toUser(row);
}

export async function setPasswordHash(db: Db, userId: string, passwordHash: string): Promise<void> {
  await db.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', userId).execute();
}
