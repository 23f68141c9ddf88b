/**
 * A lone surrogate: UTF-16 that is no Unicode text. Stored as UTF-8 it would silently become U+FFFD,
 * so the text read back would not be the text sent. (String.prototype.isWellFormed is Node 20's, but
 * not in the ES2023 typings.)
 */
const LONE_SURROGATE = /\p{Cs}/u;

/** True when `text` is valid Unicode, i.e. holds no lone surrogate. */
export const isWellFormed = (text: string): boolean => !LONE_SURROGATE.test(text);

/**
 * Format characters (\p{Cf}: bidi embeddings, overrides and isolates, zero-width joiners and
 * spaces, soft hyphens, tags…) and other default-ignorable ones (Hangul fillers, Mongolian
 * selectors…): in a name they reverse, hide or pad what is shown, so one name can look like
 * another, or like nothing. Emoji variation selectors (U+FE00–U+FE0F) stay allowed.
 */
const DECEPTIVE_FORMATTING = /(?![\uFE00-\uFE0F])[\p{Cf}\p{Default_Ignorable_Code_Point}]/u;

/** True when `name` holds none of the characters that let a name pose as another. */
export const hasNoDeceptiveFormatting = (name: string): boolean => !DECEPTIVE_FORMATTING.test(name);

/**
 * Text-direction marks, embeddings, overrides and isolates: in a name shown among others they can
 * reverse what is read (U+202E turns "gnp.exe" around). Unlike hasNoDeceptiveFormatting, emoji
 * joiners stay allowed: room names and topics are free text, and 👩‍💻 is one.
 */
const DIRECTION_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;

/** True when `text` holds no text-direction control. */
export const hasNoDirectionControls = (text: string): boolean => !DIRECTION_CONTROLS.test(text);
