import { describe, expect, it } from 'vitest';
import { cursorPosition, isAfter } from '../../client/src/index.js';

const cursor = (key: string) => Buffer.from(`msg:${key}`).toString('base64url');

describe('message cursors', () => {
  it("reads the server's msg:<row id> cursors, and nothing else", () => {
    expect(cursorPosition(cursor('0'))).toBe(0n);
    expect(cursorPosition(cursor('9007199254740993'))).toBe(9007199254740993n);
    expect(cursorPosition(Buffer.from('room:5').toString('base64url'))).toBeNull();
    expect(cursorPosition('not base64!')).toBeNull();
  });

  it('orders by position, numerically (not as text)', () => {
    expect(isAfter(cursor('10'), cursor('9'))).toBe(true);
    expect(isAfter(cursor('9'), cursor('10'))).toBe(false);
    expect(isAfter(cursor('10'), cursor('10'))).toBe(false);
    expect(isAfter(cursor('1'), cursor('0'))).toBe(true); // an empty room's head
    expect(isAfter(cursor('1'), null)).toBe(true);
  });

  it('dedupes a replay that overlaps what was delivered: each message once, in order', () => {
    const live = [1, 2, 3, 4].map(String).map(cursor);
    // Reconnected after 3 (its `after` lost in flight): the server replays from 2.
    const replay = [3, 4, 5, 6].map(String).map(cursor);
    let last: string | null = null;
    const delivered: string[] = [];
    for (const c of [...live.slice(0, 3), ...replay]) {
      if (!isAfter(c, last)) continue;
      delivered.push(c);
      last = c;
    }
    expect(delivered.map(cursorPosition)).toEqual([1n, 2n, 3n, 4n, 5n, 6n]);
  });

  it('for cursors it cannot order, drops only a repeat of the last one', () => {
    expect(isAfter('opaque-b', 'opaque-a')).toBe(true);
    expect(isAfter('opaque-a', 'opaque-a')).toBe(false);
  });
});
