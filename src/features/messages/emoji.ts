import { badInput } from '../../platform/errors.js';

// A reaction is one emoji or a :shortcode:. RGI_Emoji (a property of strings, regex flag v)
// covers ZWJ sequences (👩‍💻), flags (🇰🇷), keycaps and skin tones as one emoji each; built at run
// time because TypeScript's target (ES2023) does not accept the v flag in a literal.
const RGI_EMOJI = new RegExp('^\\p{RGI_Emoji}$', 'v');
/** A pictograph typed without its emoji variation selector (❤ for ❤️), which RGI leaves out. */
const BARE_PICTOGRAPH = /^\p{Extended_Pictographic}\uFE0F?$/u;
const SHORTCODE = /^:[a-z0-9_+-]{2,32}:$/;
/** Longer than any emoji sequence: refused before the regular expressions look at it. */
const MAX_EMOJI_LENGTH = 64;

/** The reaction as given when it is one emoji or a :shortcode:; BAD_USER_INPUT (field `emoji`) otherwise. */
export function parseEmoji(value: string): string {
  const ok =
    value.length <= MAX_EMOJI_LENGTH && (SHORTCODE.test(value) || RGI_EMOJI.test(value) || BARE_PICTOGRAPH.test(value));
  if (!ok) throw badInput('emoji', 'emoji must be one emoji (👍, 👩‍💻, 🇰🇷) or a :shortcode: of 2–32 a–z, 0–9, _ + -.');
  return value;
}
