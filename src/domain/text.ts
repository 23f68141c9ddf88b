/**
 * A lone surrogate: UTF-16 that is no Unicode text. Stored as UTF-8 it would silently become U+FFFD,
 * so the text read back would not be the text sent. (String.prototype.isWellFormed is Node 20's, but
 * not in the ES2023 typings.)
 */
const LONE_SURROGATE = /\p{Cs}/u;

/** True when `text` is valid Unicode, i.e. holds no lone surrogate. */
export const isWellFormed = (text: string): boolean => !LONE_SURROGATE.test(text);

/**
 * Bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) and invisible characters
 * (U+200B–U+200F, U+2060, U+FEFF): in a name they reverse or hide what is shown, so one name can
 * look like another.
 */
const DECEPTIVE_FORMATTING = /[\u200B-\u200F\u202A-\u202E\u2060\u2066-\u2069\uFEFF]/u;

/** True when `name` holds none of the characters that let a name pose as another. */
export const hasNoDeceptiveFormatting = (name: string): boolean => !DECEPTIVE_FORMATTING.test(name);
