import { badInput } from '../../platform/errors.js';

/** Scripts written without spaces between morphemes; indexed as two-character pieces (migration 0005). */
const SPACELESS_RUN = /[ぁ-ヿ㐀-鿿가-힯]+|[^ぁ-ヿ㐀-鿿가-힯]+/gu;
const SPACELESS = /^[ぁ-ヿ㐀-鿿가-힯]/u;
export const MAX_SEARCH_QUERY_LENGTH = 200;
const MAX_TERMS = 16;

/** One part of a query: a fragment of a spaceless script, or the start of a word. */
interface Term {
  text: string;
  spaceless: boolean;
}

export interface SearchQuery {
  /** For `to_tsquery('simple', …)`: every term must match (lexemes are letters and digits only). */
  tsquery: string;
  terms: Term[];
}

/**
 * Reads what a user typed: words match messages with a word starting so (`hel` finds "Hello");
 * a run of Korean, Japanese or Chinese matches wherever it stands (`안녕` finds "안녕하세요"): its
 * two-character pieces must all be there. BAD_USER_INPUT when nothing searchable is left.
 */
export function parseSearchQuery(raw: string): SearchQuery {
  if (raw.length > MAX_SEARCH_QUERY_LENGTH) {
    throw badInput('query', `query must be at most ${MAX_SEARCH_QUERY_LENGTH} characters.`);
  }
  const terms: Term[] = [];
  for (const word of raw.toLowerCase().split(/[^\p{L}\p{N}]+/u)) {
    for (const [part] of word.matchAll(SPACELESS_RUN)) terms.push({ text: part, spaceless: SPACELESS.test(part) });
  }
  // A one-letter word prefix would match most of a room: words need two characters (a character
  // of a spaceless script is a word of its own).
  const searchable = terms.filter((term) => term.spaceless || [...term.text].length >= 2);
  const unique = [...new Map(searchable.map((term) => [term.text, term])).values()];
  if (unique.length === 0)
    throw badInput(
      'query',
      'query must contain a word of two letters or digits, or a Korean, Japanese or Chinese character.',
    );
  if (unique.length > MAX_TERMS) throw badInput('query', `query may have at most ${MAX_TERMS} words.`);
  return { tsquery: unique.flatMap(lexemes).join(' & '), terms: unique };
}

function lexemes({ text, spaceless }: Term): string[] {
  const chars = [...text];
  if (!spaceless || chars.length === 1) return [`'${text}':*`];
  return chars.slice(0, -1).map((char, i) => `'${char}${chars[i + 1]}'`);
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!);

/** The body, HTML-escaped, with each part a term matched wrapped in <mark>…</mark> (whole words for word terms). */
export function highlight(body: string, terms: readonly Term[]): string {
  const ranges: Array<[number, number]> = [];
  for (const term of terms) {
    const pattern = term.spaceless
      ? escapeRegExp(term.text)
      : `(?<![\\p{L}\\p{N}])${escapeRegExp(term.text)}[\\p{L}\\p{N}]*`;
    for (const match of body.matchAll(new RegExp(pattern, 'giu'))) {
      ranges.push([match.index, match.index + match[0].length]);
    }
  }
  let html = '';
  let at = 0;
  for (const [start, end] of mergeRanges(ranges)) {
    html += `${escapeHtml(body.slice(at, start))}<mark>${escapeHtml(body.slice(start, end))}</mark>`;
    at = end;
  }
  return html + escapeHtml(body.slice(at));
}

/** Overlapping or touching ranges as one, in order: one <mark> per matched stretch. */
function mergeRanges(ranges: Array<[number, number]>): Array<[number, number]> {
  const merged: Array<[number, number]> = [];
  for (const [start, end] of ranges.sort((a, b) => a[0] - b[0])) {
    const last = merged.at(-1);
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged;
}
