/**
 * Highlighting of query matches in a hit's text: pure. The result is a list of plain-text segments
 * flagged as match or not; the view prints each with `<%= %>` (escaped) and wraps matches in <mark>,
 * so no markup from the text, or from the query, is ever injected.
 */
import type { Lang } from '../model.ts';
import type { QueryTerm } from './query.ts';

/** One run of text: `match` runs are shown marked. Joining every `text` gives back the input. */
export interface Segment { text: string; match: boolean }

// Only the syntax characters: with the u flag, escaping anything else ("\-") is itself an error.
const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const NOT_WORD = '[^\\p{L}\\p{N}]+';

/**
 * The regular expression that finds one term the way the index matched it: whole words (or a
 * word sequence, or a prefix) in English, a substring in Korean; case-insensitive both.
 */
export function termPattern(term: QueryTerm, lang: Lang): RegExp | null {
  if (lang === 'en') {
    const words = term.text.split(/[^\p{L}\p{N}]+/u).filter(Boolean).map(escapeRegExp);
    if (words.length === 0) return null;
    const tail = term.prefix ? '[\\p{L}\\p{N}]*' : '(?![\\p{L}\\p{N}])';
    return new RegExp(`(?<![\\p{L}\\p{N}])${words.join(NOT_WORD)}${tail}`, 'giu');
  }
  const parts = term.text.trim().split(/\s+/).filter(Boolean).map(escapeRegExp);
  if (parts.length === 0) return null;
  return new RegExp(parts.join('\\s+'), 'giu');
}

/** Splits `text` into marked and unmarked segments for the given terms (overlapping matches merge). */
export function highlight(text: string, terms: readonly QueryTerm[], lang: Lang): Segment[] {
  const ranges: [number, number][] = [];
  for (const term of terms) {
    const re = termPattern(term, lang);
    if (!re) continue;
    for (const m of text.matchAll(re)) {
      if (m[0].length > 0) ranges.push([m.index, m.index + m[0].length]);
    }
  }
  ranges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: [number, number][] = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  const segments: Segment[] = [];
  let at = 0;
  for (const [start, end] of merged) {
    if (start > at) segments.push({ text: text.slice(at, start), match: false });
    segments.push({ text: text.slice(start, end), match: true });
    at = end;
  }
  if (at < text.length || segments.length === 0) segments.push({ text: text.slice(at), match: false });
  return segments;
}

/** Plain-text rendering for terminals: matches between the given markers (default `[` `]`). */
export function markSegments(segments: readonly Segment[], open = '[', close = ']'): string {
  return segments.map((s) => (s.match ? `${open}${s.text}${close}` : s.text)).join('');
}
