import { decodeBase64Url } from './jwt.js';

/**
 * The room position a message cursor stands for: this server's cursors are base64url `msg:<row id>`,
 * and row ids grow in the room's delivery order. Null for a cursor of another shape.
 */
export function cursorPosition(cursor: string): bigint | null {
  try {
    const match = /^msg:(\d{1,20})$/.exec(decodeBase64Url(cursor));
    return match ? BigInt(match[1]!) : null;
  } catch {
    return null;
  }
}

/**
 * Whether a message at `cursor` is new after the last one delivered (`last`): the dedupe rule.
 * Cursors of an unknown shape cannot be ordered, so only a repeat of the last one is dropped.
 */
export function isAfter(cursor: string, last: string | null): boolean {
  if (last === null) return true;
  const position = cursorPosition(cursor);
  const lastPosition = cursorPosition(last);
  if (position === null || lastPosition === null) return cursor !== last;
  return position > lastPosition;
}
