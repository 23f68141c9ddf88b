import { sql } from 'kysely';
import type { Db, Trx } from '../../platform/db/database.js';
import type { UserRow } from '../../platform/db/tables.js';

// Users in the database. Look-ups by name compare lower(username), the expression of the unique
// index users_username_lower_key; what a valid username is, is decided in users.service.ts.
// A deleted account keeps its row (messages, reactions and room events name it): `deleted_at` marks
// it, look-ups leave it out, and whatever still shows it (a sender, a member) goes through toUser.

export interface User {
  id: string;
  username: string;
  displayName: string;
  createdAt: Date;
  /** Set once the account was deleted: it then reads as DELETED_USER_DISPLAY_NAME. */
  deletedAt: Date | null;
}

/** What a deleted account shows as its display name, wherever it still appears. */
export const DELETED_USER_DISPLAY_NAME = 'Deleted user';

/**
 * What a deleted account shows as its username: never the old one (that stays reserved, so nobody
 * can take it and pass for the author of the old messages), and never a name anyone could sign up
 * with or log in as (usernames hold no '-').
 */
export const deletedUsername = (id: string) => `deleted-${id}`;

/** The columns of a user that every path reading one selects: toUser needs them all. */
export type UserColumns = Pick<UserRow, 'id' | 'username' | 'display_name' | 'created_at' | 'deleted_at'>;

/** A users row as the domain sees it: the one place where a deleted account becomes "Deleted user". */
export const toUser = (row: UserColumns): User =>
  row.deleted_at
    ? {
        id: row.id,
        username: deletedUsername(row.id),
        displayName: DELETED_USER_DISPLAY_NAME,
        createdAt: row.created_at,
        deletedAt: row.deleted_at,
      }
    : {
        id: row.id,
        username: row.username,
        displayName: row.display_name,
        createdAt: row.created_at,
        deletedAt: null,
      };

const USER_COLUMNS = ['id', 'username', 'display_name', 'created_at', 'deleted_at'] as const;

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

/**
 * True when some user has this username (`lowerName` in lower case), a deleted one included: a
 * deleted account's name stays reserved.
 */
export async function usernameExists(db: Db, lowerName: string): Promise<boolean> {
  const row = await db
    .selectFrom('users')
    .select('id')
    .where(sql<string>`lower(username)`, '=', lowerName)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * The live user named `lowerName` (in lower case) with their password hash, for a login to check;
 * null for a deleted account, which logs in no more than a name never taken.
 */
export async function findCredentials(db: Db, lowerName: string): Promise<{ user: User; passwordHash: string } | null> {
  const row = await db
    .selectFrom('users')
    .select([...USER_COLUMNS, 'password_hash'])
    .where(sql<string>`lower(username)`, '=', lowerName)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return row ? { user: toUser(row), passwordHash: row.password_hash } : null;
}

/**
 * The users with these ids, deleted accounts included (as toUser shows them): what a message's
 * sender or a room's member resolves through. Look-ups use findUserById.
 */
export async function getUsersByIds(db: Db, ids: readonly string[]): Promise<User[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('users').select(USER_COLUMNS).where('id', 'in', ids).execute();
  return rows.map(toUser);
}

/** The user with this id, for a look-up: null when there is none or the account was deleted. */
export async function findUserById(db: Db, id: string): Promise<User | null> {
  const row = await db
    .selectFrom('users')
    .select(USER_COLUMNS)
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return row ? toUser(row) : null;
}

/**
 * True when every one of `userIds` is a live account, which then stays live until the caller's
 * transaction ends: the rows are held FOR SHARE, which markDeleted's update waits for (and a row
 * being deleted is waited for, then read deleted). Foreign keys alone would not do: their KEY SHARE
 * lets a deletion through, and the row it points at still exists afterwards.
 */
export async function lockLiveUsers(trx: Trx, userIds: readonly string[]): Promise<boolean> {
  const ids = [...new Set(userIds)];
  const rows = await trx
    .selectFrom('users')
    .select('id')
    .where('id', 'in', ids)
    .where('deleted_at', 'is', null)
    .orderBy('id')
    .forShare()
    .execute();
  return rows.length === ids.length;
}

/**
 * Marks the account deleted: its display name scrubbed, its password replaced by `unusableHash`;
 * the username stays, reserved (see deletedUsername). False when it was deleted already. The row
 * stays locked until the transaction ends, so what holds live users (lockLiveUsers) waits for it.
 */
export async function markDeleted(trx: Trx, userId: string, unusableHash: string): Promise<boolean> {
  const row = await trx
    .updateTable('users')
    .set({ deleted_at: sql<Date>`now()`, display_name: DELETED_USER_DISPLAY_NAME, password_hash: unusableHash })
    .where('id', '=', userId)
    .where('deleted_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * True for users (their id in `userIdColumn`) who have not blocked `viewerId`: a block hides the
 * blocker from the blocked user's look-ups and searches.
 */
export const notBlocking = (userIdColumn: string, viewerId: string) =>
  sql<boolean>`not exists (select 1 from blocks where blocks.blocker_id = ${sql.ref(userIdColumn)} and blocks.blocked_id = ${viewerId})`;

/** The live user named `lowerName` (in lower case) unless they blocked `viewerId`; null otherwise. */
export async function findUserVisibleTo(db: Db, viewerId: string, lowerName: string): Promise<User | null> {
  const row = await db
    .selectFrom('users')
    .select(USER_COLUMNS)
    .where(sql<string>`lower(username)`, '=', lowerName)
    .where('deleted_at', 'is', null)
    .where(notBlocking('users.id', viewerId))
    .executeTakeFirst();
  return row ? toUser(row) : null;
}

export async function setDisplayName(db: Db, userId: string, displayName: string): Promise<User> {
  const row = await db
    .updateTable('users')
    .set({ display_name: displayName })
    .where('id', '=', userId)
    .returning(USER_COLUMNS)
    .executeTakeFirstOrThrow();
  return toUser(row);
}

export async function setPasswordHash(db: Db, userId: string, passwordHash: string): Promise<void> {
  await db.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', userId).execute();
}
