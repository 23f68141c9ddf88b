import { describe, expect, it } from 'vitest';
import { parseEmoji } from '../../src/features/messages/emoji.js';
import { MAX_MENTIONS_PER_MESSAGE, parseMentions } from '../../src/features/messages/mentions.js';
import { highlight, parseSearchQuery } from '../../src/features/messages/search-query.js';

describe('parseEmoji', () => {
  it.each(['👍', '👩‍💻', '🇰🇷', '👍🏽', '❤️', '❤', '1️⃣', ':thumbs_up:', ':+1:', ':a-b:'])('takes %s', (emoji) => {
    expect(parseEmoji(emoji)).toBe(emoji);
  });

  it.each(['', 'a', '👍👍', '👍 ', ':a:', ':Thumbs:', ':x y:', `:${'a'.repeat(33)}:`, '<b>', '🇰', 'ab'])(
    'refuses %j with BAD_USER_INPUT on emoji',
    (emoji) => {
      expect(() => parseEmoji(emoji)).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
    },
  );
});

describe('parseMentions', () => {
  it('finds usernames after @, once each, lower-cased, in order', () => {
    expect(parseMentions('@Bob hi @alice and @bob again, (@carol_1)')).toEqual(['bob', 'alice', 'carol_1']);
  });

  it('leaves out addresses, words, too short or too long names', () => {
    expect(parseMentions(`mail a@bob.com x@bob @ab @${'a'.repeat(33)} e@@bob`)).toEqual([]);
  });

  it(`stops at ${MAX_MENTIONS_PER_MESSAGE} distinct users`, () => {
    const body = Array.from({ length: 60 }, (_, i) => `@user${i}`).join(' ');
    expect(parseMentions(body)).toHaveLength(MAX_MENTIONS_PER_MESSAGE);
  });
});

describe('parseSearchQuery', () => {
  it('matches words by prefix and spaceless scripts by two-character pieces', () => {
    expect(parseSearchQuery('Hel').tsquery).toBe("'hel':*");
    expect(parseSearchQuery('안녕').tsquery).toBe("'안녕'");
    expect(parseSearchQuery('안녕하').tsquery).toBe("'안녕' & '녕하'");
    expect(parseSearchQuery('세').tsquery).toBe("'세':*");
    expect(parseSearchQuery("hello, 世界! don't").tsquery).toBe("'hello':* & '世界' & 'don':*");
  });

  it('refuses a query with nothing to search, or too long', () => {
    for (const query of ['', '  ', '!!!', "'&|:*", 'a', 'a b 1', 'a'.repeat(201)]) {
      expect(() => parseSearchQuery(query)).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
    }
  });
});

describe('highlight', () => {
  const mark = (body: string, query: string) => highlight(body, parseSearchQuery(query).terms);

  it('marks whole words starting with a word term, in any case', () => {
    expect(mark('Hello world, hellos!', 'hel')).toBe('<mark>Hello</mark> world, <mark>hellos</mark>!');
  });

  it('marks fragments inside Korean words', () => {
    expect(mark('안녕하세요 세계는', '세계')).toBe('안녕하세요 <mark>세계</mark>는');
    expect(mark('안녕하세요', '안녕')).toBe('<mark>안녕</mark>하세요');
  });

  it('escapes the body and merges overlapping matches', () => {
    expect(mark('<b>hello</b> & "hi"', 'hello hel')).toBe('&lt;b&gt;<mark>hello</mark>&lt;/b&gt; &amp; &quot;hi&quot;');
  });
});
