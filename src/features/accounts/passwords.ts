import { hash, verify, type Options } from '@node-rs/argon2';

// OWASP's argon2id baseline: 19 MiB memory, 2 iterations, 1 lane. Set explicitly so a library default change cannot weaken it.
// `algorithm: 2` is Algorithm.Argon2id (an ambient const enum, not importable as a value).
const ARGON2_OPTIONS: Options = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

/**
 * A real hash of a random password nobody is told: no password verifies against it, and verifying
 * costs the same as a real check. What a deleted account keeps as its password.
 */
export const unusablePasswordHash = () => hash(crypto.randomUUID(), ARGON2_OPTIONS);

/** A real hash of a random password: verifying against it costs the same as a real check. */
const decoyHash = unusablePasswordHash();

/**
 * Checks a password against a stored hash. With no hash (unknown user) it still spends the
 * time of one verification, so response time does not reveal which usernames exist.
 */
export async function verifyPassword(storedHash: string | undefined, password: string): Promise<boolean> {
  if (storedHash === undefined) {
    await verify(await decoyHash, password);
    return false;
  }
  return verify(storedHash, password);
}
