/**
 * Concordance query parsing: pure, no database. A query is a list of terms (bare words or "quoted
 * phrases"), all of which must occur in a hit. The language of the query decides which side is
 * searched unless the caller chose one.
 */
import type { Lang } from '../model.ts';

/** Which side(s) to search: one language, both, or whatever the query's script says. */
export type LangChoice = Lang | 'both' | 'auto';
export const LANG_CHOICES: readonly LangChoice[] = ['auto', 'en', 'ko', 'both'];

export interface QueryTerm {
  /** The term as typed, trimmed, without its quotes (NFC-normalised like the stored text). */
  text: string;
  /** True for a "quoted phrase": its words must be adjacent (English) or it is one substring (Korean). */
  phrase: boolean;
  /** True for `negotiat*`: English words starting with `text`. */
  prefix: boolean;
}

export interface ParsedQuery {
  ok: true;
  /** The query as typed (trimmed), for the search box. */
  raw: string;
  terms: QueryTerm[];
  /** The sides to search, after detection. */
  sides: Lang[];
  /** The query's own script: Hangul → ko, Latin → en, neither (digits only) → null. */
  detected: Lang | null;
}

/** A query that cannot be run, with a message that says how to fix it (shown, not thrown). */
export interface RejectedQuery {
  ok: false;
  raw: string;
  reason: 'empty' | 'too_long' | 'too_many_terms' | 'no_letters' | 'too_short';
  message: string;
}

export const MAX_QUERY_CHARS = 200;
export const MAX_TERMS = 8;

const HANGUL = /[\u1100-\u11FF\u3130-\u318F\uAC00-\uD7AF]/u;
const LATIN = /[A-Za-z\u00C0-\u024F]/u;
const WORD_CHAR = /[\p{L}\p{N}]/u;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_OR_LONE_SURROGATE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** The script of a text: Hangul wins (Korean articles quote Latin acronyms), then Latin. */
export function detectLang(text: string): Lang | null {
  if (HANGUL.test(text)) return 'ko';
  if (LATIN.test(text)) return 'en';
  return null;
}

/** Splits a query into terms: "double-quoted phrases" (curly quotes too) and bare words. */
export function splitTerms(raw: string): QueryTerm[] {
  const text = raw.normalize('NFC').replace(/[\u201C\u201D\u201E\u00AB\u00BB]/g, '"');
  const terms: QueryTerm[] = [];
  const pattern = /"([^"]*)"?|([^\s"]+)/g;
  for (const m of text.matchAll(pattern)) {
    if (m[1] !== undefined) {
      const phrase = m[1].replace(/\s+/g, ' ').trim();
      if (phrase) terms.push({ text: phrase, phrase: true, prefix: false });
    } else if (m[2] !== undefined) {
      const prefix = m[2].length > 1 && m[2].endsWith('*');
      const word = prefix ? m[2].replace(/\*+$/, '') : m[2];
      if (word) terms.push({ text: word, phrase: false, prefix });
    }
  }
  return terms;
}

/**
 * Parses what a user typed into terms and the sides to search; an empty or unusable query comes
 * back as a RejectedQuery with a helpful message instead of an error.
 */
export function parseQuery(input: unknown, lang: LangChoice = 'auto'): ParsedQuery | RejectedQuery {
  // NUL and other control characters never occur in stored text (and SQLite strings end at NUL);
  // lone surrogates cannot be encoded as UTF-8: both become spaces instead of an error.
  const raw = typeof input === 'string' ? input.replace(CONTROL_OR_LONE_SURROGATE, ' ').trim() : '';
  const reject = (reason: RejectedQuery['reason'], message: string): RejectedQuery => ({ ok: false, raw, reason, message });
  if (!raw) {
    return reject('empty', 'Type a word or a phrase to search for, in English or Korean: for example 비핵화 or "nuclear talks".');
  }
  if (raw.length > MAX_QUERY_CHARS) {
    return reject('too_long', `That query is ${raw.length} characters long; search for at most ${MAX_QUERY_CHARS} (a word or a phrase, not a whole passage).`);
  }
  const terms = splitTerms(raw);
  if (terms.length > MAX_TERMS) {
    return reject('too_many_terms', `That query has ${terms.length} words; use at most ${MAX_TERMS}, or put a phrase in "quotes".`);
  }
  const usable = terms.filter((t) => WORD_CHAR.test(t.text));
  if (usable.length === 0) {
    return reject('no_letters', 'The query has no letters or digits to search for. Try a word such as 북한 or "summit".');
  }
  const detected = detectLang(usable.map((t) => t.text).join(' '));
  const sides: Lang[] = lang === 'both' ? ['en', 'ko']
    : lang === 'en' || lang === 'ko' ? [lang]
    : detected ? [detected] : ['en', 'ko'];
  // A single Korean character matches nearly every sentence; two (북한, 남북) is the shortest useful word.
  if (sides.includes('ko') && usable.some((t) => [...t.text].length < 2)) {
    return reject('too_short', 'Korean search needs at least two characters (for example 북한 rather than 북).');
  }
  return { ok: true, raw, terms: usable, sides, detected };
}

/** Quotes a string as an FTS5 string literal (a double quote inside is doubled). */
export const ftsString = (s: string): string => `"${s.replace(/"/g, '""')}"`;

/**
 * FTS5 MATCH expression for the English word index: every term must occur; a phrase is a word
 * sequence; `word*` is a prefix. The tokenizer drops punctuation inside the quoted strings.
 */
export function englishMatch(terms: readonly QueryTerm[]): string {
  return terms.map((t) => (t.prefix ? `${ftsString(t.text)} *` : ftsString(t.text))).join(' AND ');
}

/**
 * FTS5 MATCH expression for the Korean trigram index, given the expansion of short terms
 * (fewer than three characters) into the indexed trigrams that begin with them. Returns null when
 * some short term occurs nowhere, so the query cannot match.
 */
export function koreanMatch(terms: readonly QueryTerm[], expansions: ReadonlyMap<string, readonly string[]>): string | null {
  const parts: string[] = [];
  for (const t of terms) {
    const key = t.text.toLowerCase();
    if ([...key].length >= 3) {
      parts.push(ftsString(key));
      continue;
    }
    const grams = expansions.get(key) ?? [];
    if (grams.length === 0) return null;
    parts.push(`(${grams.map(ftsString).join(' OR ')})`);
  }
  return parts.join(' AND ');
}

/** Terms shorter than three characters: the trigram index cannot match them directly. */
export const shortTerms = (terms: readonly QueryTerm[]): string[] =>
  [...new Set(terms.map((t) => t.text.toLowerCase()).filter((t) => [...t].length < 3))];
