/** The three orders of hits (SearchSort), in SQL for the full sort and in code for the walks. */
import type { SearchSort } from '../../server/search/types.ts';
import type { HitRow } from './sql.ts';

export const ORDER: Record<SearchSort, string> = {
  added: 'ORDER BY pair_id DESC, lang, position',
  // Newest first; undated pairs last; then as 'added'.
  date: 'ORDER BY published IS NULL, published DESC, pair_id DESC, lang, position',
  confidence: 'ORDER BY confidence IS NULL, confidence DESC, published IS NULL, published DESC, pair_id DESC, lang, position',
};

/** A hit with the keys of the date and confidence orders. */
export type KeyedHit = HitRow & { published: string | null; confidence: number | null };

export const compareLangPosition = (a: HitRow, b: HitRow): number =>
  a.lang === b.lang ? a.position - b.position : a.lang === 'en' ? -1 : 1;

/** SQLite's order for TEXT (BINARY: UTF-8 bytes, i.e. code points), which is not JS's UTF-16 order. */
export function compareText(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x - y;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}

/** The date order of pairs: newest first, undated last, then the newest pair first. */
export function compareByDate(a: { published: string | null; id: number }, b: { published: string | null; id: number }): number {
  if (a.published !== b.published) {
    if (a.published === null) return 1;
    if (b.published === null) return -1;
    return compareText(b.published, a.published);
  }
  return b.id - a.id;
}

/** The confidence order of hits (ORDER.confidence). */
export function compareByConfidence(a: KeyedHit, b: KeyedHit): number {
  if (a.confidence !== b.confidence) {
    if (a.confidence === null) return 1;
    if (b.confidence === null) return -1;
    return b.confidence - a.confidence;
  }
  return compareByDate({ published: a.published, id: a.pair_id }, { published: b.published, id: b.pair_id }) || compareLangPosition(a, b);
}
