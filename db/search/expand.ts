/**
 * From a parsed query to the MATCH argument of each side's FTS index: English words as they are,
 * Korean terms as trigrams, with terms of one or two characters expanded to the indexed trigrams
 * that begin with them.
 */
import { stmt, type Db } from '../open.ts';
import type { SearchLevel } from '../../server/search/types.ts';
import { englishMatch, koreanMatch, shortTerms, type ParsedQuery } from '../../server/search/query.ts';
import { searchIndexes } from './prepared.ts';
import type { Match } from './sql.ts';

/** Short terms expand to at most this many trigrams; more means the term is too common to be useful. */
export const MAX_SHORT_EXPANSION = 400;

const VOCAB_SQL: Record<SearchLevel, string> = {
  sentence: 'SELECT term FROM sentence_grams_vocab WHERE term >= ? AND term < ? LIMIT ?',
  paragraph: 'SELECT term FROM paragraph_grams_vocab WHERE term >= ? AND term < ? LIMIT ?',
};
/** The first indexed trigram in a range, through migration 010's 'instance' vocabulary tables. */
const NEXT_TERM_SQL: Record<SearchLevel, string> = {
  sentence: 'SELECT term FROM sentence_grams_terms WHERE term >= ? AND term < ? LIMIT 1',
  paragraph: 'SELECT term FROM paragraph_grams_terms WHERE term >= ? AND term < ? LIMIT 1',
};
/** A short term is expanded by seeking from trigram to trigram while it has at most this many. */
const MAX_SEEKS = 24;

/** Thrown when a short term is so common that expanding it would match most of the corpus. */
export class QueryTooBroadError extends Error {
  constructor(public readonly term: string) {
    super(`"${term}" is too short and too common to search for on its own; add a character or another word.`);
  }
}

/**
 * The indexed trigrams that begin with each short term (one or two characters). Korean text is
 * indexed with two trailing spaces, so every occurrence of a short term starts some trigram.
 *
 * The 'row' vocabulary lists them, but counts every occurrence of each as it goes (15 ms for a
 * word in every tenth sentence of 100,000 pairs, growing with the corpus). The 'instance'
 * vocabulary stops at the first occurrence, so a seek per distinct trigram (a quarter of a
 * millisecond) finds them without reading their occurrences; a term with more than MAX_SEEKS
 * trigrams goes back to the 'row' listing, whose cost then no longer depends on how many there are.
 */
export function expandShortTerms(db: Db, level: SearchLevel, terms: readonly string[]): Map<string, string[]> {
  const vocab = stmt<[string, string, number], { term: string }>(db, VOCAB_SQL[level]);
  const seekable = searchIndexes(db).has(`${level}_grams_terms`);
  const out = new Map<string, string[]>();
  for (const t of terms) {
    // Terms are ordered by their UTF-8 bytes, so [t, t + U+10FFFF) holds exactly the terms starting with t.
    const end = `${t}\u{10FFFF}`;
    let grams = seekable ? seekTerms(db, level, t, end) : null;
    if (grams === null) {
      grams = vocab.all(t, end, MAX_SHORT_EXPANSION + 1).map((r) => r.term);
      if (grams.length > MAX_SHORT_EXPANSION) throw new QueryTooBroadError(t);
    }
    out.set(t, grams);
  }
  return out;
}

/** The trigrams in [start, end), one seek each; null when there are more than MAX_SEEKS. */
function seekTerms(db: Db, level: SearchLevel, start: string, end: string): string[] | null {
  const next = stmt<[string, string], { term: string }>(db, NEXT_TERM_SQL[level]);
  const grams: string[] = [];
  for (let from = start; grams.length <= MAX_SEEKS;) {
    const term = next.get(from, end)?.term;
    if (term === undefined) return grams;
    grams.push(term);
    from = `${term}\u0001`; // the least string after `term` that text can hold
  }
  return null;
}

/** MATCH arguments for each side: null for a side not searched or that cannot match. */
export function matchExpressions(db: Db, query: ParsedQuery, level: SearchLevel): Match {
  const en = query.sides.includes('en') ? englishMatch(query.terms) : null;
  let ko: string | null = null;
  if (query.sides.includes('ko')) {
    ko = koreanMatch(query.terms, expandShortTerms(db, level, shortTerms(query.terms)));
  }
  return { en, ko };
}
