/**
 * Concordance queries over the FTS5 indexes of migration 003: hits at sentence or paragraph level,
 * each with its aligned counterpart through the beads, filtered, ordered, counted and paged.
 *
 * A frequent word ("said", 정부) matches millions of sentences in a large archive, and a page shows
 * twenty. So the default order (newest pairs first) is one the pairs' primary key delivers: the
 * page is found by walking pairs newest first and asking the index only for the hits in each batch
 * of pairs, and the total is counted exactly only up to COUNT_CAP hits unless the caller asks for
 * more. The other orders (publication date, confidence) must see every hit, and count them all.
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

/**
 * 'added': newest pairs first (the list page's order), then reading order inside a pair, English
 * before Korean. 'date': publication date, newest first, then as 'added'. 'confidence': the link's
 * confidence, highest first, then as 'date'.
 */
export type SearchSort = 'added' | 'date' | 'confidence';
export const SEARCH_LEVELS: readonly SearchLevel[] = ['sentence', 'paragraph'];
export const SEARCH_SORTS: readonly SearchSort[] = ['added', 'date', 'confidence'];

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
  /** Count every hit, however many (by default the 'added' order counts up to `countCap`). */
  exactTotal?: boolean;
  /** Where the 'added' order stops counting (default COUNT_CAP). */
  countCap?: number;
  /**
   * How an 'added' page is found: 'walk' visits pairs newest first and asks the index for each
   * batch's hits; 'sort-all' joins and sorts every hit. 'auto' (default) picks the cheaper one from
   * the number of hits. The other orders always sort all. Tests force each.
   */
  strategy?: 'auto' | 'sort-all' | 'walk';
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

export interface SearchResult {
  /** Number of hits; a lower bound when totalExact is false. */
  total: number;
  /** False when counting stopped early: there are more than `total` hits. */
  totalExact: boolean;
  /** True when hits follow this page. */
  hasMore: boolean;
  hits: SearchHit[];
}

/** Short terms expand to at most this many trigrams; more means the term is too common to be useful. */
export const MAX_SHORT_EXPANSION = 400;

/**
 * The 'added' order counts hits exactly up to this many (reading the index's first COUNT_CAP
 * entries costs 1–5 ms; counting a word in a million sentences costs 150 ms and more).
 */
export const COUNT_CAP = 10_000;

type HitRow = { unit_id: number; lang: Lang; position: number; pair_id: number; en_article_id: number; ko_article_id: number };
type Match = { en: string | null; ko: string | null };

// The hit queries are built from the constant fragments below: table and column names come from
// these constants, never from input, and every value is a bound parameter. The side not searched
// gets a NULL MATCH argument and contributes no rows (`@x IS NOT NULL AND … MATCH @x` never reaches
// the FTS5 parser with NULL).
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
const UNIT_TABLES = { sentence: 'sentences', paragraph: 'paragraphs' } as const;

/**
 * All hits of one level, from both sides, each joined to its pair. With `articles`, also to both
 * articles (publication date and section: the date order and the pair filters). With `beads`, to
 * the bead that holds the hit (one index seek: the first bead whose range ends after the
 * position), for the status and type filters and the confidence order.
 */
function hitsSql(level: SearchLevel, articles: boolean, beads: boolean): string {
  const branch = (lang: Lang): string => {
    const fts = FTS_TABLES[level][lang];
    return `SELECT m.rowid AS unit_id, '${lang}' AS lang, m.position, p.id AS pair_id, p.en_article_id, p.ko_article_id,
         ${articles ? 'coalesce(k.published_at, e.published_at)' : 'NULL'} AS published, ${beads ? 'b.confidence' : 'NULL'} AS confidence
      FROM ${fts} m
      JOIN pairs p ON p.${lang}_article_id = m.article_id
      ${articles ? 'JOIN articles e ON e.id = p.en_article_id JOIN articles k ON k.id = p.ko_article_id' : ''}
      ${beads ? `LEFT JOIN beads b ON b.id = (SELECT id FROM beads WHERE pair_id = p.id AND level = '${level}'
        AND ${lang}_end > m.position AND ${lang}_start <= m.position ORDER BY ${lang}_end LIMIT 1)` : ''}
      WHERE @${lang} IS NOT NULL AND ${fts} MATCH @${lang} ${articles ? PAIR_FILTERS : ''} ${beads ? BEAD_FILTERS : ''}`;
  };
  return `${branch('en')}\n  UNION ALL\n  ${branch('ko')}`;
}

const ORDER: Record<SearchSort, string> = {
  added: 'ORDER BY pair_id DESC, lang, position',
  // Newest first; undated pairs last; then as 'added'.
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
export function matchExpressions(db: Db, query: ParsedQuery, level: SearchLevel): Match {
  const en = query.sides.includes('en') ? englishMatch(query.terms) : null;
  let ko: string | null = null;
  if (query.sides.includes('ko')) {
    ko = koreanMatch(query.terms, expandShortTerms(db, level, shortTerms(query.terms)));
  }
  return { en, ko };
}

type Bindings = ReturnType<typeof bindings>;
function bindings(match: Match, f: SearchFilters) {
  return {
    en: match.en, ko: match.ko, status: f.status ?? null,
    typeEn: f.type?.en ?? null, typeKo: f.type?.ko ?? null,
    from: f.from ?? null, to: f.to ?? null, section: f.section ?? null,
  };
}

const hasPairFilters = (f: SearchFilters): boolean => f.from !== undefined || f.to !== undefined || f.section !== undefined;
const hasBeadFilters = (f: SearchFilters): boolean => f.status !== undefined || f.type !== undefined;
const hasFilters = (f: SearchFilters): boolean => hasPairFilters(f) || hasBeadFilters(f);

/**
 * Indexed units matching each side, counted up to `cap` per side (null: no cap). Every indexed unit
 * belongs to a pair (rows are indexed only once their article is paired, and articles are deleted
 * with their pair), so without filters this is the number of hits, read from the index alone.
 */
function countIndexed(db: Db, level: SearchLevel, match: Match, cap: number | null): number {
  let n = 0;
  for (const lang of ['en', 'ko'] as const) {
    const expr = match[lang];
    if (expr === null) continue;
    const fts = FTS_TABLES[level][lang];
    n += cap === null
      ? prepared<[string], { n: number }>(db, `SELECT count(*) AS n FROM ${fts} WHERE ${fts} MATCH ?`).get(expr)?.n ?? 0
      : prepared<[string, number], { n: number }>(db, `SELECT count(*) AS n FROM (SELECT 1 FROM ${fts} WHERE ${fts} MATCH ? LIMIT ?)`).get(expr, cap)?.n ?? 0;
  }
  return n;
}

/** Exact number of hits that pass the filters, by joining every hit (cost grows with the hits). */
function countFiltered(db: Db, level: SearchLevel, params: Bindings, filters: SearchFilters): number {
  const sql = `SELECT count(*) AS n FROM (${hitsSql(level, hasPairFilters(filters), hasBeadFilters(filters))})`;
  return prepared<[Bindings], { n: number }>(db, sql).get(params)?.n ?? 0;
}

function countExact(db: Db, level: SearchLevel, match: Match, filters: SearchFilters): number {
  return hasFilters(filters) ? countFiltered(db, level, bindings(match, filters), filters) : countIndexed(db, level, match, null);
}

/** Exact number of hits for a query and filters (no paging). */
export function countHits(db: Db, query: ParsedQuery, filters: SearchFilters, level: SearchLevel): number {
  const match = matchExpressions(db, query, level);
  if (match.en === null && match.ko === null) return 0;
  return countExact(db, level, match, filters);
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

const beadOf = (db: Db, level: SearchLevel, r: HitRow): BeadRow | undefined =>
  prepared<[number, number, number], BeadRow>(db, BEAD_AT[level][r.lang]).get(r.pair_id, r.position, r.position);

/**
 * Searches the corpus: one page of hits, each with both sides of its bead (the matching unit and
 * its aligned counterpart) and the paragraph link index for the review screen, and the total.
 */
export function searchCorpus(db: Db, query: ParsedQuery, filters: SearchFilters, opts: SearchOptions): SearchResult {
  // one read transaction, so the total and the page see the same snapshot when a write lands between them
  return db.transaction(() => searchInSnapshot(db, query, filters, opts))();
}

function searchInSnapshot(db: Db, query: ParsedQuery, filters: SearchFilters, opts: SearchOptions): SearchResult {
  const match = matchExpressions(db, query, opts.level);
  if (match.en === null && match.ko === null) return { total: 0, totalExact: true, hasMore: false, hits: [] };
  const params = bindings(match, filters);
  const want = opts.offset + opts.limit + 1; // one more than the page tells whether another page follows
  let rows: HitRow[];
  let total: number;
  let totalExact = true;
  if (opts.sort !== 'added') {
    total = countExact(db, opts.level, match, filters);
    if (total === 0 || opts.offset >= total) return { total, totalExact, hasMore: false, hits: [] };
    rows = sortedPage(db, opts, params, filters);
  } else {
    const cap = opts.countCap ?? COUNT_CAP;
    const indexed = countIndexed(db, opts.level, match, cap + 1);
    if (indexed === 0) return { total: 0, totalExact, hasMore: false, hits: [] };
    if (chooseWalk(db, opts, indexed, want, cap)) {
      const walked = walkNewestPairs(db, opts.level, match, filters, want);
      rows = walked.rows.slice(opts.offset);
      if (walked.exhausted) total = walked.rows.length;
      else if (opts.exactTotal || indexed <= cap) total = countExact(db, opts.level, match, filters);
      else {
        // the walk stopped one hit past the page, and without filters the index holds more than `cap`
        total = Math.max(walked.rows.length - 1, hasFilters(filters) ? 0 : cap);
        totalExact = false;
      }
    } else {
      total = hasFilters(filters) ? countFiltered(db, opts.level, params, filters) : indexed;
      rows = opts.offset >= total ? [] : sortedPage(db, opts, params, filters);
    }
  }
  const hasMore = rows.length > opts.limit;
  return { total, totalExact, hasMore, hits: rows.slice(0, opts.limit).map((r) => describeHit(db, r, opts.level)) };
}

/** One page (and one hit more) of every hit joined, filtered and sorted in SQL. */
function sortedPage(db: Db, opts: SearchOptions, params: Bindings, filters: SearchFilters): HitRow[] {
  const sql = `SELECT * FROM (${hitsSql(opts.level, hasPairFilters(filters) || opts.sort !== 'added', hasBeadFilters(filters) || opts.sort === 'confidence')})
     ${ORDER[opts.sort]} LIMIT @limit OFFSET @offset`;
  return prepared<[Bindings & { limit: number; offset: number }], HitRow>(db, sql)
    .all({ ...params, limit: opts.limit + 1, offset: opts.offset });
}

/**
 * Cost model for the 'added' order, measured on 100,000 generated pairs: joining and sorting every
 * hit costs 2–6 µs a hit, the walk 15–20 µs a pair visited, and it visits about want × pairs / hits
 * pairs. Past the count cap the number of hits is unknown, and the walk is taken.
 */
const SORT_US_PER_HIT = 3;
const WALK_US_PER_PAIR = 15;

function chooseWalk(db: Db, opts: SearchOptions, indexed: number, want: number, cap: number): boolean {
  if (opts.strategy === 'walk') return true;
  if (opts.strategy === 'sort-all') return false;
  if (indexed > cap) return true;
  const pairs = prepared<[], { n: number }>(db, 'SELECT count(*) AS n FROM pairs').get()?.n ?? 0;
  return (want * pairs / indexed) * WALK_US_PER_PAIR < indexed * SORT_US_PER_HIT;
}

/** The walk's batches of pairs start small (a frequent word fills a page from a few pairs) and double. */
const WALK_FIRST_BATCH = 16;
const WALK_MAX_BATCH = 1024;

type PairIds = { id: number; en_article_id: number; ko_article_id: number };

const PAIRS_BEFORE = `SELECT id, en_article_id, ko_article_id FROM pairs WHERE id < @before ORDER BY id DESC LIMIT @limit`;
const PAIRS_BEFORE_FILTERED = `SELECT p.id, p.en_article_id, p.ko_article_id
  FROM pairs p JOIN articles e ON e.id = p.en_article_id JOIN articles k ON k.id = p.ko_article_id
  WHERE p.id < @before ${PAIR_FILTERS} ORDER BY p.id DESC LIMIT @limit`;

/**
 * The first `want` hits in 'added' order, found by walking pairs newest first in batches. For each
 * batch the index is asked only for the hits whose rowid (= unit id) lies in the id range of some
 * article of the batch, and hits of other articles in those ranges are dropped. An article's units
 * get consecutive ids when it is written, and a pair's two articles are written together, so the
 * ranges of a batch normally join into one: one range query per side. `exhausted` is true when
 * every pair was visited (the rows are then all the hits).
 */
function walkNewestPairs(db: Db, level: SearchLevel, match: Match, filters: SearchFilters, want: number): { rows: HitRow[]; exhausted: boolean } {
  const units = UNIT_TABLES[level];
  const batchRange = prepared<[string], { lo: number | null; hi: number | null; n: number }>(db,
    `SELECT min(u.id) AS lo, max(u.id) AS hi, count(*) AS n FROM json_each(?) j JOIN ${units} u ON u.article_id = j.value`);
  const articleRanges = prepared<[string], { lo: number | null; hi: number | null }>(db,
    `SELECT (SELECT min(id) FROM ${units} WHERE article_id = j.value) AS lo, (SELECT max(id) FROM ${units} WHERE article_id = j.value) AS hi
     FROM json_each(?) j`);
  // better-sqlite3 binds a JS number as a REAL, and FTS5 uses a rowid bound only when it is an INTEGER
  // (otherwise it reads the whole doclist and SQLite filters afterwards: 60 ms instead of 0.5 for "budget").
  // The status and type filters are tested here, in SQL, on the bead that holds each hit.
  const beadFiltered = hasBeadFilters(filters);
  const probeSql = (lang: Lang): string => {
    const fts = FTS_TABLES[level][lang];
    return `SELECT m.rowid AS unit_id, m.article_id, m.position FROM ${fts} m
      WHERE ${fts} MATCH @match AND m.rowid BETWEEN CAST(@lo AS INTEGER) AND CAST(@hi AS INTEGER)
      ${beadFiltered ? `AND EXISTS (SELECT 1 FROM pairs p JOIN beads b ON b.id = (SELECT id FROM beads WHERE pair_id = p.id AND level = '${level}'
          AND ${lang}_end > m.position AND ${lang}_start <= m.position ORDER BY ${lang}_end LIMIT 1)
        WHERE p.${lang}_article_id = m.article_id ${BEAD_FILTERS})` : ''}`;
  };
  type ProbeRow = { unit_id: number; article_id: number; position: number };
  type ProbeParams = { match: string; lo: number; hi: number } & Partial<Bindings>;
  const probes = {
    en: match.en === null ? null : prepared<[ProbeParams], ProbeRow>(db, probeSql('en')),
    ko: match.ko === null ? null : prepared<[ProbeParams], ProbeRow>(db, probeSql('ko')),
  };
  const beadParams = beadFiltered ? { status: filters.status ?? null, typeEn: filters.type?.en ?? null, typeKo: filters.type?.ko ?? null } : {};
  const nextPairs = prepared<[{ before: number; limit: number } & Partial<Bindings>], PairIds>(db,
    hasPairFilters(filters) ? PAIRS_BEFORE_FILTERED : PAIRS_BEFORE);
  const pairParams = hasPairFilters(filters) ? { from: filters.from ?? null, to: filters.to ?? null, section: filters.section ?? null } : {};

  const rows: HitRow[] = [];
  let before = Number.MAX_SAFE_INTEGER;
  let size = WALK_FIRST_BATCH;
  while (rows.length < want) {
    const pairs = nextPairs.all({ before, limit: size, ...pairParams });
    if (pairs.length === 0) return { rows, exhausted: true };
    const owners = new Map<number, { pair: PairIds; lang: Lang }>();
    for (const p of pairs) {
      owners.set(p.en_article_id, { pair: p, lang: 'en' });
      owners.set(p.ko_article_id, { pair: p, lang: 'ko' });
    }
    const found: HitRow[] = [];
    const articles = JSON.stringify(pairs.flatMap((p) => [p.en_article_id, p.ko_article_id]));
    // One range over the whole batch when at least half of it is the batch's own units (the usual
    // case: pairs written one after another); otherwise one range per article, joined where they touch.
    const whole = batchRange.get(articles);
    const ranges = whole && whole.lo !== null && whole.hi !== null && whole.hi - whole.lo + 1 <= 2 * whole.n
      ? [{ lo: whole.lo, hi: whole.hi }] : articleRanges.all(articles);
    for (const [lo, hi] of joinRanges(ranges)) {
      for (const lang of ['en', 'ko'] as const) {
        for (const h of probes[lang]?.all({ match: match[lang]!, lo, hi, ...beadParams }) ?? []) {
          const owner = owners.get(h.article_id);
          if (!owner || owner.lang !== lang) continue; // a unit of another pair inside the range
          found.push({
            unit_id: h.unit_id, lang, position: h.position, pair_id: owner.pair.id,
            en_article_id: owner.pair.en_article_id, ko_article_id: owner.pair.ko_article_id,
          });
        }
      }
    }
    found.sort((a, b) => b.pair_id - a.pair_id || (a.lang === b.lang ? a.position - b.position : a.lang === 'en' ? -1 : 1));
    const room = want - rows.length;
    rows.push(...found.slice(0, room));
    if (found.length > room) return { rows, exhausted: false };
    if (pairs.length < size) return { rows, exhausted: true };
    before = pairs[pairs.length - 1]!.id;
    size = Math.min(size * 2, WALK_MAX_BATCH);
  }
  return { rows, exhausted: false };
}

/** Id ranges that overlap or lie within RANGE_GAP ids of each other (a deleted pair's hole) become one. */
const RANGE_GAP = 256;
function joinRanges(ranges: readonly { lo: number | null; hi: number | null }[]): [number, number][] {
  const joined: [number, number][] = [];
  const known = ranges.filter((r): r is { lo: number; hi: number } => r.lo !== null && r.hi !== null); // an article without units has none
  for (const { lo, hi } of known.sort((a, b) => a.lo - b.lo)) {
    const last = joined[joined.length - 1];
    if (last && lo <= last[1] + 1 + RANGE_GAP) last[1] = Math.max(last[1], hi);
    else joined.push([lo, hi]);
  }
  return joined;
}

/** Fills in one page row: titles, date, bead, both sides' texts and the paragraph link index. */
function describeHit(db: Db, r: HitRow, level: SearchLevel): SearchHit {
  const meta = prepared<[number, number], { en_title: string | null; ko_title: string | null; section: string | null; published: string | null }>(db,
    `SELECT e.title AS en_title, k.title AS ko_title, coalesce(k.section, e.section) AS section,
       coalesce(k.published_at, e.published_at) AS published
     FROM articles e, articles k WHERE e.id = ? AND k.id = ?`,
  ).get(r.en_article_id, r.ko_article_id);
  const bead = beadOf(db, level, r);
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
    published: meta?.published ?? null, section: meta?.section ?? null, enTitle: meta?.en_title ?? null, koTitle: meta?.ko_title ?? null,
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

/** An index on articles (section) lets listSections jump from one section to the next. */
const sectionIndexed = new WeakMap<Db, boolean>();

/**
 * Sections present in the corpus, for the filter's choices. With an index on the section column,
 * one index seek per distinct section; without one, the sections of the newest 2,000 articles
 * (a scan of every article costs most of a second at 100,000 pairs).
 */
export function listSections(db: Db): string[] {
  let indexed = sectionIndexed.get(db);
  if (indexed === undefined) {
    indexed = prepared<[], { ok: number }>(db,
      `SELECT EXISTS (SELECT 1 FROM pragma_index_list('articles') l JOIN pragma_index_info(l.name) i
         WHERE l.partial = 0 AND i.seqno = 0 AND i.name = 'section') AS ok`).get()?.ok === 1;
    sectionIndexed.set(db, indexed);
  }
  const sql = indexed
    ? `WITH RECURSIVE next (section) AS (
         SELECT min(section) FROM articles WHERE section > ''
         UNION ALL SELECT (SELECT min(section) FROM articles WHERE section > next.section) FROM next WHERE next.section IS NOT NULL)
       SELECT section FROM next WHERE section IS NOT NULL LIMIT 200`
    : `SELECT DISTINCT section FROM (SELECT section FROM articles ORDER BY id DESC LIMIT 2000)
       WHERE section IS NOT NULL AND section <> '' ORDER BY section LIMIT 200`;
  return prepared<[], { section: string }>(db, sql).all().map((r) => r.section);
}
