/** At most this many distinct users are mentioned by one message; further names stay plain text. */
export const MAX_MENTIONS_PER_MESSAGE = 50;

// `@name` where name is a username (3–32 of a–z, 0–9, _, any case), not inside a word or an address.
const MENTION = /(?<![\p{L}\p{N}_@.])@([a-z0-9_]{3,32})(?![a-z0-9_])/giu;

/** The usernames a body mentions, lower-cased, each once, in order of first mention. */
export function parseMentions(body: string): string[] {
  const names = new Set<string>();
  for (const match of body.matchAll(MENTION)) {
    names.add(match[1]!.toLowerCase());
    if (names.size === MAX_MENTIONS_PER_MESSAGE) break;
  }
  return [...names];
}
