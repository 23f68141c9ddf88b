import { sql } from 'kysely';
import { z } from 'zod';
import type { Db } from '../../platform/db/database.js';
import type { UserRow } from '../../platform/db/tables.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { badInput, conflict, isUniqueViolation, unauthenticated } from '../../platform/errors.js';
import { hasNoDeceptiveFormatting, isWellFormed } from '../../platform/text.js';
import { parseInput } from '../../platform/validation.js';

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

const username = z
  .string()
  .trim()
  .toLowerCase()
  .min(3, 'must be at least 3 characters')
  .max(32, 'must be at most 32 characters')
  .regex(/^[a-z0-9_]+$/, 'may contain only letters, digits and underscores');
// The cap keeps hashing cost bounded: argon2 of a megabyte is a denial-of-service lever.
const password = z.string().min(8, 'must be at least 8 characters').max(256, 'must be at most 256 characters');
const displayName = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(64, 'must be at most 64 characters')
  .refine((value) => !/\p{Cc}/u.test(value), 'must not contain control characters')
  .refine(isWellFormed, 'must be valid Unicode (no lone surrogates)')
  .refine(hasNoDeceptiveFormatting, 'must not contain invisible or text-direction characters');

const signUpInput = z.object({ username, password, displayName: displayName.nullish() });

/**
 * True when `displayName` reads as the username of another user (compared NFKC-normalized, in any
 * case), so that it could pass for them in a member list. One's own username is fine.
 */
async function copiesAnotherUsername(db: Db, ownUsername: string, displayName: string): Promise<boolean> {
  const asUsername = displayName.normalize('NFKC').toLowerCase();
  const parsed = username.safeParse(asUsername);
  if (!parsed.success || parsed.data !== asUsername || asUsername === ownUsername) return false;
  const row = await db
    .selectFrom('users')
    .select('id')
    .where(sql<string>`lower(username)`, '=', asUsername)
    .executeTakeFirst();
  return row !== undefined;
}

export async function signUp(db: Db, input: unknown): Promise<User> {
  const data = parseInput(signUpInput, input);
  if (data.displayName && (await copiesAnotherUsername(db, data.username, data.displayName))) {
    throw badInput('displayName', "displayName: must not be another user's username");
  }
  const passwordHash = await hashPassword(data.password);
  try {
    const row = await db
      .insertInto('users')
      .values({ username: data.username, display_name: data.displayName ?? data.username, password_hash: passwordHash })
      .returning(USER_COLUMNS)
      .executeTakeFirstOrThrow();
    return toUser(row);
  } catch (err) {
    if (isUniqueViolation(err, 'users_username_lower_key')) throw conflict('That username is taken.');
    throw err;
  }
}

const INVALID_CREDENTIALS = 'Invalid username or password.';

/** Checks credentials; an unknown user and a wrong password fail identically. */
export async function authenticate(db: Db, rawUsername: unknown, rawPassword: unknown): Promise<User> {
  // Out-of-range input cannot match any account: answer like a wrong password, without leaking the rules.
  const name = username.safeParse(rawUsername);
  const pass = password.safeParse(rawPassword);
  const row = name.success
    ? await db
        .selectFrom('users')
        .select([...USER_COLUMNS, 'password_hash'])
        .where(sql<string>`lower(username)`, '=', name.data)
        .executeTakeFirst()
    : undefined;
  const ok = await verifyPassword(row?.password_hash, pass.success ? pass.data : '');
  if (!row || !ok || !pass.success) throw unauthenticated(INVALID_CREDENTIALS);
  return toUser(row);
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

/**
 * The user named `name`, as `viewerId` may look them up: null when there is none, and when that user
 * blocked the viewer (searchUsers hides them too; a block hides the blocker).
 */
export async function findUserByUsername(db: Db, viewerId: string, name: string): Promise<User | null> {
  const parsed = username.safeParse(name);
  if (!parsed.success) return null;
  const row = await db
    .selectFrom('users')
    .select(USER_COLUMNS)
    .where(sql<string>`lower(username)`, '=', parsed.data)
    .where(notBlocking('users.id', viewerId))
    .executeTakeFirst();
  return row ? toUser(row) : null;
}
