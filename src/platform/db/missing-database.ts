import type { DatabaseTarget } from '../config.js';

/** PostgreSQL's invalid_catalog_name, sent at connect when the database in the URL does not exist. */
const INVALID_CATALOG_NAME = '3D000';

/**
 * One line for an operator whose DATABASE_URL names a database that does not exist yet (the
 * README's first PostgreSQL start): which one, and the command that creates it. Null for any
 * other error. Looks through `cause`, as the migrator wraps what the connection threw.
 */
export function missingDatabaseMessage(err: unknown, target: DatabaseTarget): string | null {
  const cause = withCode(err, INVALID_CATALOG_NAME);
  if (target.kind !== 'postgres' || !cause) return null;
  const url = new URL(target.url);
  // Without a name in the URL, pg connects to one named after the user: the server's message says which.
  const name =
    decodeURIComponent(url.pathname.slice(1)) ||
    (/"(.+)"/.exec(cause.message)?.[1] ?? decodeURIComponent(url.username));
  const options = [
    url.hostname && `-h ${shellWord(url.hostname)}`,
    url.port && `-p ${url.port}`,
    url.username && `-U ${shellWord(decodeURIComponent(url.username))}`,
  ].filter(Boolean);
  const server = url.host ? ` on ${url.host}` : '';
  return `database "${name}" does not exist${server}; create it with: createdb ${[...options, shellWord(name)].join(' ')}`;
}

function withCode(err: unknown, code: string): Error | null {
  for (let e = err; e instanceof Error; e = e.cause) {
    if ((e as { code?: unknown }).code === code) return e;
  }
  return null;
}

/** Quotes a word for a POSIX shell only when it needs it, so the usual command reads plainly. */
function shellWord(word: string): string {
  return /^[\w.,:@%+=/-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}
