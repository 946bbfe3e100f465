/**
 * Concordance queries over the FTS5 indexes of migration 003: hits at sentence or paragraph level,
 * each with its aligned counterpart through the beads, filtered, sorted, counted exactly and paged.
 */
import type { Statement } from 'better-sqlite3';
import type { Db } from './open.ts';
import type { BeadStatus, Lang } from '../server/model.ts';
import {
  englishMatch, koreanMatch, shortTerms, type ParsedQuery,
} from '../server/search/query.ts';

export type SearchLevel = 'sentence' | 'paragraph';

/**
 * Prepared statements per connection and SQL text: a search prepares about a dozen statements,
 * and preparing costs more than running the small ones. All SQL here is constant text.
 */
const statements = new WeakMap<Db, Map<string, Statement>>();
function prepared<P extends unknown[], R>(db: Db, sql: string): Statement<P, R> {
  let cache = statements.get(db);
  if (!cache) statements.set(db, (cache = new Map()));
  let stmt = cache.get(sql);
  if (!stmt) cache.set(sql, (stmt = db.prepare(sql)));
  return stmt as unknown as Statement<P, R>;
}
export type SearchSort = 'date' | 'confidence';
export const SEARCH_LEVELS: readonly SearchLevel[] = ['sentence', 'paragraph'];
export const SEARCH_SORTS: readonly SearchSort[] = ['date', 'confidence'];

/** Filters on the hit's link and pair; every one is optional. */
export interface SearchFilters {
  /** Link status of the hit's bead (a hit without a bead has no status and is left out). */
  status?: BeadStatus;
  /** Link type as "en:ko" sizes, e.g. "1:1", "2:1", "0:1". */
  type?: { en: number; ko: number };
  /** Publication date range, inclusive, as YYYY-MM-DD (the Korean article's date, else the English one's). */
  from?: string;
  to?: string;
  /** Section of either article, case-insensitive. */
  section?: string;
}

export interface SearchOptions {
  level: SearchLevel;
  sort: SearchSort;
  limit: number;
  offset: number;
  /**
   * How the page is found: 'sort-all' joins and sorts every hit; 'newest-pairs' walks pairs newest
   * first and matches their Korean units directly (only Korean queries in date order without filters;
   * others sort all). 'auto' (default) walks for early pages of frequent queries. Tests force each.
   */
  strategy?: 'auto' | 'sort-all' | 'newest-pairs';
}

/** One side of a hit: the units (sentences or paragraphs) of the bead on that side. */
export interface HitSide {
  /** Sentence positions (article-wide) or paragraph positions. */
  positions: number[];
  texts: string[];
}

export interface SearchHit {
  pairId: number;
  level: SearchLevel;
  /** The side the match was found on. */
  lang: Lang;
  /** Id and position of the matching sentence or paragraph. */
  unitId: number;
  position: number;
  /** Index of the paragraph link holding the hit, for `/pairs/:id#link-N`; null before alignment. */
  linkIndex: number | null;
  link: { status: BeadStatus; confidence: number | null; type: string } | null;
  published: string | null;
  section: string | null;
  enTitle: string | null;
  koTitle: string | null;
  en: HitSide;
  ko: HitSide;
}

export interface SearchResult { total: number; hits: SearchHit[] }

/** Short terms expand to at most this many trigrams; more means the term is too common to be useful. */
export const MAX_SHORT_EXPANSION = 400;

type HitRow = {
  unit_id: number; lang: Lang; position: number; pair_id: number; en_article_id: number; ko_article_id: number;
  published: string | null; confidence: number | null;
};

// The hit queries are built once, at load, from the constant fragments below: table and column names come
// from these constants, never from input, and every value is a bound parameter. The side not searched
// gets a NULL MATCH argument and contributes no rows (`@x IS NOT NULL AND … MATCH @x` never reaches the
// FTS5 parser with NULL).
const PAIR_FILTERS = `
  AND (@from IS NULL OR substr(coalesce(k.published_at, e.published_at), 1, 10) >= @from)
  AND (@to IS NULL OR substr(coalesce(k.published_at, e.published_at), 1, 10) <= @to)
  AND (@section IS NULL OR e.section = @section COLLATE NOCASE OR k.section = @section COLLATE NOCASE)`;
const BEAD_FILTERS = `
  AND (@status IS NULL OR b.status = @status)
  AND (@typeEn IS NULL OR (b.en_end - b.en_start = @typeEn AND b.ko_end - b.ko_start = @typeKo))`;
const FTS_TABLES = {
  sentence: { en: 'sentence_words', ko: 'sentence_grams' },
  paragraph: { en: 'paragraph_words', ko: 'paragraph_grams' },
} as const;

/**
 * All hits of one level, from both sides. With `beads`, each hit is joined to the bead that holds it
 * (one index seek: the first bead whose range ends after the position), for the status and type
 * filters and the confidence order; without, the join is skipped, which roughly halves the cost per
 * hit, and the page's beads are looked up afterwards.
 */
function hitsSql(level: SearchLevel, beads: boolean): string {
  const branch = (lang: Lang): string => {
    const fts = FTS_TABLES[level][lang];
    return `SELECT m.rowid AS unit_id, '${lang}' AS lang, m.position, p.id AS pair_id, p.en_article_id, p.ko_article_id,
         coalesce(k.published_at, e.published_at) AS published, ${beads ? 'b.confidence' : 'NULL'} AS confidence
      FROM ${fts} m
      JOIN pairs p ON p.${lang}_article_id = m.article_id
      JOIN articles e ON e.id = p.en_article_id JOIN articles k ON k.id = p.ko_article_id
      ${beads ? `LEFT JOIN beads b ON b.id = (SELECT id FROM beads WHERE pair_id = p.id AND level = '${level}'
        AND ${lang}_end > m.position AND ${lang}_start <= m.position ORDER BY ${lang}_end LIMIT 1)` : ''}
      WHERE @${lang} IS NOT NULL AND ${fts} MATCH @${lang} ${PAIR_FILTERS} ${beads ? BEAD_FILTERS : ''}`;
  };
  return `${branch('en')}\n  UNION ALL\n  ${branch('ko')}`;
}

const HITS_SQL: Record<SearchLevel, Record<'plain' | 'beads', string>> = {
  sentence: { plain: hitsSql('sentence', false), beads: hitsSql('sentence', true) },
  paragraph: { plain: hitsSql('paragraph', false), beads: hitsSql('paragraph', true) },
};

const ORDER: Record<SearchSort, string> = {
  // Newest first; undated pairs last; then reading order inside a pair, English before Korean.
  date: 'ORDER BY published IS NULL, published DESC, pair_id DESC, lang, position',
  confidence: 'ORDER BY confidence IS NULL, confidence DESC, published IS NULL, published DESC, pair_id DESC, lang, position',
};

const VOCAB_SQL: Record<SearchLevel, string> = {
  sentence: 'SELECT term FROM sentence_grams_vocab WHERE term >= ? AND term < ? LIMIT ?',
  paragraph: 'SELECT term FROM paragraph_grams_vocab WHERE term >= ? AND term < ? LIMIT ?',
};

/** Thrown when a short term is so common that expanding it would match most of the corpus. */
export class QueryTooBroadError extends Error {
  constructor(public readonly term: string) {
    super(`"${term}" is too short and too common to search for on its own; add a character or another word.`);
  }
}

/**
 * The indexed trigrams that begin with each short term (one or two characters). Korean text is
 * indexed with two trailing spaces, so every occurrence of a short term starts some trigram.
 */
export function expandShortTerms(db: Db, level: SearchLevel, terms: readonly string[]): Map<string, string[]> {
  const stmt = prepared<[string, string, number], { term: string }>(db, VOCAB_SQL[level]);
  const out = new Map<string, string[]>();
  for (const t of terms) {
    // Terms are ordered by their UTF-8 bytes, so [t, t + U+10FFFF) holds exactly the terms starting with t.
    const grams = stmt.all(t, `${t}\u{10FFFF}`, MAX_SHORT_EXPANSION + 1).map((r) => r.term);
    if (grams.length > MAX_SHORT_EXPANSION) throw new QueryTooBroadError(t);
    out.set(t, grams);
  }
  return out;
}

/** MATCH arguments for each side: null for a side not searched or that cannot match. */
export function matchExpressions(db: Db, query: ParsedQuery, level: SearchLevel): { en: string | null; ko: string | null } {
  const en = query.sides.includes('en') ? englishMatch(query.terms) : null;
  let ko: string | null = null;
  if (query.sides.includes('ko')) {
    ko = koreanMatch(query.terms, expandShortTerms(db, level, shortTerms(query.terms)));
  }
  return { en, ko };
}

function bindings(match: { en: string | null; ko: string | null }, f: SearchFilters) {
  return {
    en: match.en, ko: match.ko, status: f.status ?? null,
    typeEn: f.type?.en ?? null, typeKo: f.type?.ko ?? null,
    from: f.from ?? null, to: f.to ?? null, section: f.section ?? null,
  };
}

const COUNT_SQL: Record<SearchLevel, string> = {
  sentence: `SELECT (SELECT count(*) FROM sentence_words WHERE @en IS NOT NULL AND sentence_words MATCH @en)
    + (SELECT count(*) FROM sentence_grams WHERE @ko IS NOT NULL AND sentence_grams MATCH @ko) AS n`,
  paragraph: `SELECT (SELECT count(*) FROM paragraph_words WHERE @en IS NOT NULL AND paragraph_words MATCH @en)
    + (SELECT count(*) FROM paragraph_grams WHERE @ko IS NOT NULL AND paragraph_grams MATCH @ko) AS n`,
};

const hasFilters = (f: SearchFilters): boolean =>
  f.status !== undefined || f.type !== undefined || f.from !== undefined || f.to !== undefined || f.section !== undefined;
const needsBeads = (f: SearchFilters): boolean => f.status !== undefined || f.type !== undefined;

/**
 * Exact number of hits. Without filters every indexed unit is a hit, because every article belongs
 * to exactly one pair (insertPair stores both articles with their pair; deletePair removes both), so
 * the index alone counts them, which is much faster than joining every hit. The invariant is checked
 * (articles = 2 × pairs) and the full join used whenever it does not hold.
 */
function countMatches(db: Db, level: SearchLevel, params: ReturnType<typeof bindings>, filters: SearchFilters): number {
  const sql = !hasFilters(filters) && everyArticlePaired(db) ? COUNT_SQL[level]
    : `SELECT count(*) AS n FROM (${HITS_SQL[level][needsBeads(filters) ? 'beads' : 'plain']})`;
  return prepared<[typeof params], { n: number }>(db, sql).get(params)?.n ?? 0;
}

const everyArticlePaired = (db: Db): boolean => prepared<[], { ok: number }>(db,
  'SELECT (SELECT count(*) FROM articles) = 2 * (SELECT count(*) FROM pairs) AS ok',
).get()?.ok === 1;

/** Exact number of hits for a query and filters (no paging). */
export function countHits(db: Db, query: ParsedQuery, filters: SearchFilters, level: SearchLevel): number {
  const match = matchExpressions(db, query, level);
  if (match.en === null && match.ko === null) return 0;
  return countMatches(db, level, bindings(match, filters), filters);
}

const beadAt = (level: SearchLevel, lang: Lang): string =>
  `SELECT position, status, confidence, en_start, en_end, ko_start, ko_end FROM beads
   WHERE pair_id = ? AND level = '${level}' AND ${lang}_end > ? AND ${lang}_start <= ? ORDER BY ${lang}_end LIMIT 1`;
/** The bead of a level that holds position N on one side (constant SQL, one per level and side). */
const BEAD_AT: Record<SearchLevel, Record<Lang, string>> = {
  sentence: { en: beadAt('sentence', 'en'), ko: beadAt('sentence', 'ko') },
  paragraph: { en: beadAt('paragraph', 'en'), ko: beadAt('paragraph', 'ko') },
};

type BeadRow = { position: number; status: BeadStatus; confidence: number | null; en_start: number; en_end: number; ko_start: number; ko_end: number };
const range = (start: number, end: number): number[] => Array.from({ length: end - start }, (_, i) => start + i);

/**
 * Searches the corpus: the exact total and one page of hits, each with both sides of its bead
 * (the matching unit and its aligned counterpart) and the paragraph link index for the review screen.
 */
export function searchCorpus(db: Db, query: ParsedQuery, filters: SearchFilters, opts: SearchOptions): SearchResult {
  // one read transaction, so the total and the page see the same snapshot when a write lands between them
  return db.transaction(() => searchInSnapshot(db, query, filters, opts))();
}

function searchInSnapshot(db: Db, query: ParsedQuery, filters: SearchFilters, opts: SearchOptions): SearchResult {
  const match = matchExpressions(db, query, opts.level);
  if (match.en === null && match.ko === null) return { total: 0, hits: [] };
  const params = bindings(match, filters);
  const total = countMatches(db, opts.level, params, filters);
  if (total === 0 || opts.offset >= total) return { total, hits: [] };
  const strategy = opts.strategy ?? 'auto';
  const walkable = opts.sort === 'date' && !hasFilters(filters) && everyArticlePaired(db);
  let rows: HitRow[] | null = null;
  if (walkable && strategy !== 'sort-all') {
    rows = newestPairsPage(db, opts.level, query, total, opts, strategy === 'newest-pairs');
  }
  rows ??= prepared<[typeof params & { limit: number; offset: number }], HitRow>(db,
    `SELECT * FROM (${HITS_SQL[opts.level][needsBeads(filters) || opts.sort === 'confidence' ? 'beads' : 'plain']})
     ${ORDER[opts.sort]} LIMIT @limit OFFSET @offset`,
  ).all({ ...params, limit: opts.limit, offset: opts.offset });
  return { total, hits: rows.map((r) => describeHit(db, r, opts.level)) };
}

/** The newest-pairs walk is worth it from this many hits on (below, sorting every hit is cheap). */
const NEWEST_MIN_TOTAL = 2000;
/** …and gives up after this many pairs (the hits are in old pairs, or the page is deep). */
const NEWEST_MAX_PAIRS = 400;

const PAIRS_BY_DATE = `SELECT p.id AS pair_id, p.en_article_id, p.ko_article_id, coalesce(k.published_at, e.published_at) AS published
  FROM pairs p JOIN articles e ON e.id = p.en_article_id JOIN articles k ON k.id = p.ko_article_id
  ORDER BY published IS NULL, published DESC, p.id DESC`;
const UNITS_OF_ARTICLE: Record<SearchLevel, string> = {
  sentence: 'SELECT id, position, text FROM sentences WHERE article_id = ? ORDER BY position',
  paragraph: 'SELECT id, position, text FROM paragraphs WHERE article_id = ? ORDER BY position',
};

/**
 * The terms a walk can match itself, or null. Only Korean-only queries whose terms have no letter
 * case (Hangul, digits, punctuation): for them the trigram index's rule is exactly "every term is a
 * substring", which String.includes reproduces. (Asking FTS5 pair by pair is no good: each query
 * reads the terms' whole doclists, about 1 ms.)
 */
function walkableTerms(query: ParsedQuery): string[] | null {
  if (query.sides.length !== 1 || query.sides[0] !== 'ko') return null;
  const terms = query.terms.map((t) => t.text);
  return terms.every((t) => t.toLowerCase() === t && t.toUpperCase() === t) ? terms : null;
}

/**
 * One page of a date-ordered Korean search without filters, found by walking pairs newest first and
 * matching each Korean article's units directly, so a query that matches half the corpus costs only
 * the pairs on its first pages instead of a join and sort of every hit. Same order as ORDER.date.
 * Returns null (use the full query) when the query does not qualify or the walk would be long.
 */
function newestPairsPage(db: Db, level: SearchLevel, query: ParsedQuery, total: number, opts: SearchOptions, forced: boolean): HitRow[] | null {
  const terms = walkableTerms(query);
  if (!terms) return null;
  const want = opts.offset + opts.limit;
  if (!forced) {
    const pairs = prepared<[], { n: number }>(db, 'SELECT count(*) AS n FROM pairs').get()?.n ?? 0;
    // expected pairs to visit = hits wanted / hits per pair; keep well inside the cap
    if (total < NEWEST_MIN_TOTAL || pairs === 0 || (want * pairs) / total > NEWEST_MAX_PAIRS / 2) return null;
  }
  const units = prepared<[number], { id: number; position: number; text: string }>(db, UNITS_OF_ARTICLE[level]);
  const rows: HitRow[] = [];
  let visited = 0;
  for (const p of prepared<[], { pair_id: number; en_article_id: number; ko_article_id: number; published: string | null }>(db, PAIRS_BY_DATE).iterate()) {
    if (!forced && ++visited > NEWEST_MAX_PAIRS) return null;
    for (const u of units.all(p.ko_article_id)) {
      if (!terms.every((t) => u.text.includes(t))) continue;
      rows.push({
        unit_id: u.id, lang: 'ko', position: u.position, pair_id: p.pair_id, en_article_id: p.en_article_id,
        ko_article_id: p.ko_article_id, published: p.published, confidence: null,
      });
    }
    if (rows.length >= want) break;
  }
  return rows.slice(opts.offset, want);
}

/** Fills in one page row: titles, bead, both sides' texts and the paragraph link index. */
function describeHit(db: Db, r: HitRow, level: SearchLevel): SearchHit {
  const meta = prepared<[number, number], { en_title: string | null; ko_title: string | null; section: string | null }>(db,
    `SELECT e.title AS en_title, k.title AS ko_title, coalesce(k.section, e.section) AS section
     FROM articles e, articles k WHERE e.id = ? AND k.id = ?`,
  ).get(r.en_article_id, r.ko_article_id);
  const bead = prepared<[number, number, number], BeadRow>(db, BEAD_AT[level][r.lang]).get(r.pair_id, r.position, r.position);
  const enPositions = bead ? range(bead.en_start, bead.en_end) : r.lang === 'en' ? [r.position] : [];
  const koPositions = bead ? range(bead.ko_start, bead.ko_end) : r.lang === 'ko' ? [r.position] : [];
  const texts = (articleId: number, positions: number[]): string[] => {
    if (positions.length === 0) return [];
    const sql = level === 'sentence'
      ? 'SELECT text FROM sentences WHERE article_id = ? AND position >= ? AND position < ? ORDER BY position'
      : 'SELECT text FROM paragraphs WHERE article_id = ? AND position >= ? AND position < ? ORDER BY position';
    return prepared<[number, number, number], { text: string }>(db, sql)
      .all(articleId, positions[0]!, positions[positions.length - 1]! + 1).map((t) => t.text);
  };
  return {
    pairId: r.pair_id, level, lang: r.lang, unitId: r.unit_id, position: r.position,
    linkIndex: level === 'paragraph' ? (bead?.position ?? null) : paragraphLinkOfSentence(db, r),
    link: bead ? { status: bead.status, confidence: bead.confidence, type: `${bead.en_end - bead.en_start}:${bead.ko_end - bead.ko_start}` } : null,
    published: r.published, section: meta?.section ?? null, enTitle: meta?.en_title ?? null, koTitle: meta?.ko_title ?? null,
    en: { positions: enPositions, texts: texts(r.en_article_id, enPositions) },
    ko: { positions: koPositions, texts: texts(r.ko_article_id, koPositions) },
  };
}

/** Position of the paragraph link whose paragraphs hold the matching sentence. */
function paragraphLinkOfSentence(db: Db, r: HitRow): number | null {
  const sql = r.lang === 'en'
    ? `SELECT b.position FROM sentences s JOIN paragraphs u ON u.id = s.paragraph_id
       JOIN beads b ON b.pair_id = ? AND b.level = 'paragraph' AND u.position >= b.en_start AND u.position < b.en_end
       WHERE s.id = ?`
    : `SELECT b.position FROM sentences s JOIN paragraphs u ON u.id = s.paragraph_id
       JOIN beads b ON b.pair_id = ? AND b.level = 'paragraph' AND u.position >= b.ko_start AND u.position < b.ko_end
       WHERE s.id = ?`;
  return prepared<[number, number], { position: number }>(db, sql).get(r.pair_id, r.unit_id)?.position ?? null;
}

/** Sections present in the corpus, for the filter's choices. */
export function listSections(db: Db): string[] {
  return prepared<[], { section: string }>(db,
    'SELECT DISTINCT section FROM articles WHERE section IS NOT NULL AND section <> \'\' ORDER BY section LIMIT 200',
  ).all().map((r) => r.section);
}
