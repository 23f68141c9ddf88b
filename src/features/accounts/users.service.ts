import { z } from 'zod';
import type { Db } from '../../platform/db/database.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { badInput, conflict, notFound, isUniqueViolation, unauthenticated } from '../../platform/errors.js';
import { hasNoDeceptiveFormatting, isWellFormed } from '../../platform/text.js';
import { parseInput } from '../../platform/validation.js';
import * as repository from './users.repository.js';
import { DELETED_USER_DISPLAY_NAME, type User } from './users.repository.js';

// The rules of user accounts: what a username, a password and a display name may be, and how
// credentials are checked (statements in users.repository.ts).

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
  .refine(hasNoDeceptiveFormatting, 'must not contain invisible or text-direction characters')
  // A live account must not pass for a deleted one in member lists and message senders.
  .refine(
    (value) => value.normalize('NFKC').toLowerCase() !== DELETED_USER_DISPLAY_NAME.toLowerCase(),
    `"${DELETED_USER_DISPLAY_NAME}" is reserved for deleted accounts`,
  );

const signUpInput = z.object({ username, password, displayName: displayName.nullish() });

/**
 * True when `displayName` reads as the username of another user (compared NFKC-normalized, in any
 * case), so that it could pass for them in a member list. One's own username is fine.
 */
async function copiesAnotherUsername(db: Db, ownUsername: string, displayName: string): Promise<boolean> {
  const asUsername = displayName.normalize('NFKC').toLowerCase();
  const parsed = username.safeParse(asUsername);
  if (!parsed.success || parsed.data !== asUsername || asUsername === ownUsername) return false;
  return repository.usernameExists(db, asUsername);
}

export async function signUp(db: Db, input: unknown): Promise<User> {
  const data = parseInput(signUpInput, input);
  if (data.displayName && (await copiesAnotherUsername(db, data.username, data.displayName))) {
    throw badInput('displayName', "displayName: must not be another user's username");
  }
  const passwordHash = await hashPassword(data.password);
  try {
    return await repository.insertUser(db, {
      username: data.username,
      displayName: data.displayName ?? data.username,
      passwordHash,
    });
  } catch (err) {
    if (isUniqueViolation(err, 'users_username_lower_key')) throw conflict('That username is taken.');
    throw err;
  }
}

/** What every failed login says, whatever failed: nothing tells which usernames exist. */
export const INVALID_CREDENTIALS = 'Invalid username or password.';

/** Checks credentials; an unknown user and a wrong password fail identically. */
export async function authenticate(db: Db, rawUsername: unknown, rawPassword: unknown): Promise<User> {
  // Out-of-range input cannot match any account: answer like a wrong password, without leaking the rules.
  const name = username.safeParse(rawUsername);
  const pass = password.safeParse(rawPassword);
  const found = name.success ? await repository.findCredentials(db, name.data) : null;
  const ok = await verifyPassword(found?.passwordHash, pass.success ? pass.data : '');
  if (!found || !ok || !pass.success) throw unauthenticated(INVALID_CREDENTIALS);
  return found.user;
}

/**
 * The user named `name`, as `viewerId` may look them up: null when there is none, and when that user
 * blocked the viewer (searchUsers hides them too; a block hides the blocker).
 */
export async function findUserByUsername(db: Db, viewerId: string, name: string): Promise<User | null> {
  const parsed = username.safeParse(name);
  if (!parsed.success) return null;
  return repository.findUserVisibleTo(db, viewerId, parsed.data);
}

const profileInput = z.object({ displayName });

/** The user changes their display name (the same rules as at sign-up). */
export async function updateProfile(db: Db, userId: string, input: unknown): Promise<User> {
  const data = parseInput(profileInput, input);
  const user = await repository.findUserById(db, userId);
  if (!user) throw notFound('User');
  if (await copiesAnotherUsername(db, user.username, data.displayName)) {
    throw badInput('displayName', "displayName: must not be another user's username");
  }
  return repository.setDisplayName(db, userId, data.displayName);
}

/** Refuses (BAD_USER_INPUT on `field`) unless `password` is the user's current password. */
async function requirePassword(db: Db, userId: string, password: string, field: string): Promise<void> {
  const user = await repository.findUserById(db, userId);
  const found = user ? await repository.findCredentials(db, user.username.toLowerCase()) : null;
  if (!found || !(await verifyPassword(found.passwordHash, password))) {
    throw badInput(field, `${field} is not your password.`);
  }
}

const passwordChangeInput = z.object({ currentPassword: z.string().max(256), newPassword: password });

/** Replaces the user's password once their current one is checked (BAD_USER_INPUT on currentPassword otherwise). */
export async function changePassword(db: Db, userId: string, input: unknown): Promise<void> {
  const data = parseInput(passwordChangeInput, input);
  await requirePassword(db, userId, data.currentPassword, 'currentPassword');
  await repository.setPasswordHash(db, userId, await hashPassword(data.newPassword));
}

const accountDeletionInput = z.object({ password: z.string().max(256) });

/** Checks the password that deleting the account asks for (BAD_USER_INPUT on password otherwise). */
export async function checkDeletionPassword(db: Db, userId: string, input: { password: string }): Promise<void> {
  const data = parseInput(accountDeletionInput, input);
  await requirePassword(db, userId, data.password, 'password');
}
