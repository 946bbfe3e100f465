/**
 * Concordance queries over the FTS5 indexes of migration 003: hits at sentence or paragraph level,
 * each with its aligned counterpart through the links, filtered, ordered, counted and paged.
 *
 * A frequent word ("said", 정부) matches millions of sentences in a large archive, and a page shows
 * twenty. So a page is found by going through an index in the page's own order and asking the FTS
 * index only for the hits among what it visits: pairs newest first (the primary key), pairs by
 * publication date (migration 010's index on articles), or links by confidence (010's index on
 * links). A selective filter drives the search instead: the pairs that pass it come from its own
 * index (link status or type, date range, section), are put in order and probed the same way. A
 * rare word is cheaper to join and sort whole; the plan is picked from cheap capped counts. Totals
 * are counted exactly up to COUNT_CAP hits unless the caller asks for more.
 */
import type { Statement } from 'better-sqlite3';
import type { Db } from './open.ts';
import type { LinkStatus, Lang } from '../server/model.ts';
import { SECTION_FILTER_SQL, sectionBindings, sectionMatches } from './pair-filter.ts';
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
  if (!cache) statements.set(db, (cache = new Map<string, Statement>()));
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

/** Filters on the hit's link and pair; every one is optional. */
export interface SearchFilters {
  /** Link status of the hit's link (a hit without a link has no status and is left out). */
  status?: LinkStatus;
  /** Link type as "en:ko" sizes, e.g. "1:1", "2:1", "0:1". */
  type?: { en: number; ko: number };
  /** Publication date range, inclusive, as YYYY-MM-DD (the Korean article's date, else the English one's). */
  from?: string;
  to?: string;
  /** Section of either article, case-insensitive. */
  section?: string;
  /** Only pairs of the collection of this name (migrations/015). */
  collection?: string;
}

export interface SearchOptions {
  level: SearchLevel;
  sort: SearchSort;
  limit: number;
  offset: number;
  /** Count every hit, however many (by default counting stops at `countCap`). */
  exactTotal?: boolean;
  /** Where counting stops (default COUNT_CAP). */
  countCap?: number;
  /** The confidence walk takes the links of one confidence whole up to this many (default LINK_GROUP_CAP; tests lower it). */
  linkGroupCap?: number;
  /** How the page is found ('auto', the default, picks the cheapest; tests force each). */
  strategy?: SearchStrategy;
}

/**
 * 'sort-all': join, filter and sort every hit in SQL. 'walk': go through the order's own index
 * (pairs newest first, pairs by publication date, links by confidence) and probe the FTS index
 * for each batch, testing the filters on the way. 'filter': take the pairs that pass the most
 * selective filter from that filter's index, order them and probe them; with no filter that has
 * an index, the same as 'walk'.
 */
export type SearchStrategy = 'auto' | 'sort-all' | 'walk' | 'filter';

/** One side of a hit: the units (sentences or paragraphs) of the link on that side. */
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
  link: { status: LinkStatus; confidence: number | null; type: string } | null;
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
  AND ${SECTION_FILTER_SQL}
  AND (@collection IS NULL OR p.collection_id = (SELECT c.id FROM collections c WHERE c.name = @collection))`;
const LINK_FILTERS = `
  AND (@status IS NULL OR b.status = @status)
  AND (@typeEn IS NULL OR (b.en_end - b.en_start = @typeEn AND b.ko_end - b.ko_start = @typeKo))`;
const FTS_TABLES = {
  sentence: { en: 'sentence_words', ko: 'sentence_grams' },
  paragraph: { en: 'paragraph_words', ko: 'paragraph_grams' },
} as const;
const UNIT_TABLES = { sentence: 'sentences', paragraph: 'paragraphs' } as const;

/**
 * All hits of one level, from both sides, each joined to its pair. With `articles`, also to both
 * articles (publication date and section: the date order and the pair filters). With `links`, to
 * the link that holds the hit (one index seek: the first link whose range ends after the
 * position), for the status and type filters and the confidence order.
 */
function hitsSql(level: SearchLevel, articles: boolean, links: boolean): string {
  const branch = (lang: Lang): string => {
    const fts = FTS_TABLES[level][lang];
    return `SELECT m.rowid AS unit_id, '${lang}' AS lang, m.position, p.id AS pair_id, p.en_article_id, p.ko_article_id,
         ${articles ? 'coalesce(k.published_at, e.published_at)' : 'NULL'} AS published, ${links ? 'b.confidence' : 'NULL'} AS confidence
      FROM ${fts} m
      JOIN pairs p ON p.${lang}_article_id = m.article_id
      ${articles ? 'JOIN articles e ON e.id = p.en_article_id JOIN articles k ON k.id = p.ko_article_id' : ''}
      ${links ? `LEFT JOIN links b ON b.id = (SELECT id FROM links WHERE pair_id = p.id AND level = '${level}'
        AND ${lang}_end > m.position AND ${lang}_start <= m.position ORDER BY ${lang}_end LIMIT 1)` : ''}
      WHERE @${lang} IS NOT NULL AND ${fts} MATCH @${lang} ${articles ? PAIR_FILTERS : ''} ${links ? LINK_FILTERS : ''}`;
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
  const stmt = prepared<[string, string, number], { term: string }>(db, VOCAB_SQL[level]);
  const seekable = searchIndexes(db).has(`${level}_grams_terms`);
  const out = new Map<string, string[]>();
  for (const t of terms) {
    // Terms are ordered by their UTF-8 bytes, so [t, t + U+10FFFF) holds exactly the terms starting with t.
    const end = `${t}\u{10FFFF}`;
    let grams = seekable ? seekTerms(db, level, t, end) : null;
    if (grams === null) {
      grams = stmt.all(t, end, MAX_SHORT_EXPANSION + 1).map((r) => r.term);
      if (grams.length > MAX_SHORT_EXPANSION) throw new QueryTooBroadError(t);
    }
    out.set(t, grams);
  }
  return out;
}

/** The trigrams in [start, end), one seek each; null when there are more than MAX_SEEKS. */
function seekTerms(db: Db, level: SearchLevel, start: string, end: string): string[] | null {
  const next = prepared<[string, string], { term: string }>(db, NEXT_TERM_SQL[level]);
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

type Bindings = ReturnType<typeof bindings>;
function bindings(match: Match, f: SearchFilters) {
  return {
    en: match.en, ko: match.ko, status: f.status ?? null,
    typeEn: f.type?.en ?? null, typeKo: f.type?.ko ?? null,
    from: f.from ?? null, to: f.to ?? null, ...sectionBindings(f.section ?? null), collection: f.collection ?? null,
  };
}

const hasPairFilters = (f: SearchFilters): boolean => f.from !== undefined || f.to !== undefined || f.section !== undefined || f.collection !== undefined;
const hasLinkFilters = (f: SearchFilters): boolean => f.status !== undefined || f.type !== undefined;
const hasFilters = (f: SearchFilters): boolean => hasPairFilters(f) || hasLinkFilters(f);

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
  const sql = `SELECT count(*) AS n FROM (${hitsSql(level, hasPairFilters(filters), hasLinkFilters(filters))})`;
  return prepared<[Bindings], { n: number }>(db, sql).get(params)?.n ?? 0;
}

function countAll(db: Db, level: SearchLevel, match: Match, filters: SearchFilters): number {
  return hasFilters(filters) ? countFiltered(db, level, bindings(match, filters), filters) : countIndexed(db, level, match, null);
}

/** Exact number of hits for a query and filters (no paging). */
export function countHits(db: Db, query: ParsedQuery, filters: SearchFilters, level: SearchLevel): number {
  const match = matchExpressions(db, query, level);
  if (match.en === null && match.ko === null) return 0;
  return countAll(db, level, match, filters);
}

const linkAt = (level: SearchLevel, lang: Lang): string =>
  `SELECT position, status, confidence, en_start, en_end, ko_start, ko_end FROM links
   WHERE pair_id = ? AND level = '${level}' AND ${lang}_end > ? AND ${lang}_start <= ? ORDER BY ${lang}_end LIMIT 1`;
/** The link of a level that holds position N on one side (constant SQL, one per level and side). */
const LINK_AT: Record<SearchLevel, Record<Lang, string>> = {
  sentence: { en: linkAt('sentence', 'en'), ko: linkAt('sentence', 'ko') },
  paragraph: { en: linkAt('paragraph', 'en'), ko: linkAt('paragraph', 'ko') },
};

type LinkRecord = { position: number; status: LinkStatus; confidence: number | null; en_start: number; en_end: number; ko_start: number; ko_end: number };
const range = (start: number, end: number): number[] => Array.from({ length: end - start }, (_, i) => start + i);

const linkOf = (db: Db, level: SearchLevel, r: HitRow): LinkRecord | undefined =>
  prepared<[number, number, number], LinkRecord>(db, LINK_AT[level][r.lang]).get(r.pair_id, r.position, r.position);

/**
 * Searches the corpus: one page of hits, each with both sides of its link (the matching unit and
 * its aligned counterpart) and the paragraph link index for the review screen, and the total.
 */
export function searchCorpus(db: Db, query: ParsedQuery, filters: SearchFilters, opts: SearchOptions): SearchResult {
  // one read transaction, so the total and the page see the same snapshot when a write lands between them
  return db.transaction(() => searchInSnapshot(db, query, filters, opts))();
}

/** What every step of one search needs. */
interface SearchContext {
  db: Db;
  level: SearchLevel;
  match: Match;
  filters: SearchFilters;
  params: Bindings;
  /** The indexes of migration 010 this database has (a plan that needs a missing one is not taken). */
  indexes: ReadonlySet<string>;
  /** performance.now() past which a walk the cost model chose gives up for the full sort (Infinity: never). */
  deadline: number;
  /** Unit id ranges closer than this are probed as one (see joinRanges). */
  rangeGap: number;
}

/**
 * Thrown by a walk that has run much longer than the cost model expected: the hits are not spread
 * as it assumes (a word only in old articles, or only in low-confidence links), and the full sort,
 * whose cost does not depend on where the hits are, takes over.
 */
class WalkAbandoned extends Error {}

/** How the page is found: see SearchStrategy. 'filter' carries the pairs that pass the filters, in the page's order. */
type Plan = { kind: 'sort-all' } | { kind: 'walk' } | { kind: 'filter'; pairs: PairRef[] };

function searchInSnapshot(db: Db, query: ParsedQuery, filters: SearchFilters, opts: SearchOptions): SearchResult {
  const match = matchExpressions(db, query, opts.level);
  if (match.en === null && match.ko === null) return { total: 0, totalExact: true, hasMore: false, hits: [] };
  const ctx: SearchContext = {
    db, level: opts.level, match, filters, params: bindings(match, filters), indexes: searchIndexes(db), deadline: Infinity, rangeGap: RANGE_GAP,
  };
  const want = opts.offset + opts.limit + 1; // one more than the page tells whether another page follows
  const cap = opts.countCap ?? COUNT_CAP;
  const indexed = countIndexed(db, opts.level, match, cap + 1);
  if (indexed === 0) return { total: 0, totalExact: true, hasMore: false, hits: [] };
  ctx.rangeGap = rangeGap(db, opts.level, indexed, cap);
  let plan = choosePlan(ctx, opts, indexed, want, cap);

  let rows: HitRow[];
  let seen: number; // hits found from the first one on
  let exhausted: boolean; // true when `seen` is every hit
  if (plan.kind === 'sort-all') {
    rows = sortedPage(db, opts, ctx.params, filters);
    seen = opts.offset + rows.length;
    exhausted = rows.length <= opts.limit && (rows.length > 0 || opts.offset === 0);
  } else {
    let walked: Walked | null = null;
    try {
      walked = walkPlan(ctx, opts, plan, want);
    } catch (e) {
      if (!(e instanceof WalkAbandoned)) throw e;
      plan = { kind: 'sort-all' };
    }
    ctx.deadline = Infinity;
    if (walked) {
      rows = walked.rows.slice(opts.offset);
      seen = walked.rows.length;
      exhausted = walked.exhausted;
    } else {
      rows = sortedPage(db, opts, ctx.params, filters);
      seen = opts.offset + rows.length;
      exhausted = rows.length <= opts.limit && (rows.length > 0 || opts.offset === 0);
    }
  }
  let total = seen;
  let totalExact = true;
  if (!exhausted) {
    if (indexed <= cap && !hasFilters(filters)) total = indexed; // the capped count was the whole count
    else if (opts.exactTotal || indexed <= cap) total = countExact(ctx, plan);
    else {
      // counting stopped one hit past the page; without filters the index holds more than `cap`
      total = Math.max(seen - 1, hasFilters(filters) ? 0 : cap);
      totalExact = false;
    }
  }
  const hasMore = rows.length > opts.limit;
  return { total, totalExact, hasMore, hits: rows.slice(0, opts.limit).map((r) => describeHit(db, r, opts.level)) };
}

/** Exact number of hits: from the filter's pairs when the plan has them, else by joining every hit. */
function countExact(ctx: SearchContext, plan: Plan): number {
  if (plan.kind === 'filter') return walkPairs(ctx, listSource(plan.pairs), Infinity).rows.length;
  return hasFilters(ctx.filters) ? countFiltered(ctx.db, ctx.level, ctx.params, ctx.filters) : countIndexed(ctx.db, ctx.level, ctx.match, null);
}

/** One page (and one hit more) of every hit joined, filtered and sorted in SQL. */
function sortedPage(db: Db, opts: SearchOptions, params: Bindings, filters: SearchFilters): HitRow[] {
  const sql = `SELECT * FROM (${hitsSql(opts.level, hasPairFilters(filters) || opts.sort !== 'added', hasLinkFilters(filters) || opts.sort === 'confidence')})
     ${ORDER[opts.sort]} LIMIT @limit OFFSET @offset`;
  return prepared<[Bindings & { limit: number; offset: number }], HitRow>(db, sql)
    .all({ ...params, limit: opts.limit + 1, offset: opts.offset });
}

function walkPlan(ctx: SearchContext, opts: SearchOptions, plan: Exclude<Plan, { kind: 'sort-all' }>, want: number): Walked {
  const { sort } = opts;
  if (plan.kind === 'filter') {
    if (sort !== 'confidence') return walkPairs(ctx, listSource(plan.pairs), want);
    // the confidence order is per hit, not per pair: rank every hit of the filter's pairs
    const all = keyHits(ctx, walkPairs(ctx, listSource(plan.pairs), Infinity).rows, plan.pairs).sort(compareByConfidence);
    return { rows: all.slice(0, want), exhausted: all.length <= want };
  }
  if (sort === 'added') return walkPairs(ctx, pairsById(ctx), want);
  if (sort === 'date') return walkPairs(ctx, pairsByDate(ctx), want);
  return walkByConfidence(ctx, want, opts.linkGroupCap ?? LINK_GROUP_CAP);
}

/**
 * Cost model, in microseconds, measured on 100,000 generated pairs (bench:scale's corpus, grown, with
 * publication dates that follow the ids only roughly): joining and sorting every hit costs SORT_US a
 * hit (more when the order needs the articles or the links); a walk costs WALK_US a pair it visits
 * when the pairs' units are one id range (newest first), SPARSE_US when each pair is probed on its
 * own (publication date, a filter's pairs; 170-240 measured) and JOINED_US when a rare word lets
 * those probes join (see rangeGap); a filter's pairs cost COLLECT_US each to read from its index and
 * check; the confidence walk costs LINK_US a link (100 measured for a phrase). A walk visits about
 * want × pairs / hits pairs (want × links / hits links), if the hits are spread evenly.
 */
const SORT_US: Record<SearchSort, number> = { added: 3, date: 6, confidence: 8 };
const WALK_US = 15;
const SPARSE_US = 200;
const JOINED_US = 25;
const COLLECT_US = 5;
const LINK_US = 100;
const WALK_MIN_BUDGET_MS = 25;
const CONFIDENCE_BUDGET_MS = 100;
/** A filter drives the search only when at most this many pairs pass it. */
const FILTER_CAP = 5_000;

function choosePlan(ctx: SearchContext, opts: SearchOptions, indexed: number, want: number, cap: number): Plan {
  const strategy = opts.strategy ?? 'auto';
  if (strategy === 'sort-all') return { kind: 'sort-all' };
  const walkable = opts.sort === 'added'
    || (opts.sort === 'date' && ctx.indexes.has('articles_published'))
    || (opts.sort === 'confidence' && ctx.indexes.has('links_level_confidence') && ctx.indexes.has('articles_published'));
  const drivers = filterDrivers(ctx);
  const estimates = drivers.map((d) => d.estimate());
  const best = estimates.length ? Math.min(...estimates) : Infinity;
  const driver = best <= FILTER_CAP ? drivers[estimates.indexOf(best)] : undefined;
  const filterPlan = (): Plan => ({ kind: 'filter', pairs: filterPairs(ctx, driver!, opts.sort) });
  if (strategy === 'filter') return driver ? filterPlan() : walkable ? { kind: 'walk' } : { kind: 'sort-all' };
  if (strategy === 'walk') return walkable ? { kind: 'walk' } : { kind: 'sort-all' };

  const pairs = Math.max(1, prepared<[], { n: number | null }>(ctx.db, 'SELECT max(id) AS n FROM pairs').get()?.n ?? 1);
  const hits = Math.min(indexed, cap + 1); // past the cap, a lower bound
  // the share of pairs that pass the filters: known for an indexed filter, else taken as all
  const passing = driver ? Math.max(best, 1) / pairs : 1;
  const sortCost = indexed > cap ? Infinity : hits * SORT_US[opts.sort];
  let walkCost = Infinity;
  if (walkable && opts.sort !== 'confidence') {
    const visits = Math.min(pairs, (want * pairs) / (hits * passing));
    walkCost = visits * (opts.sort === 'added' ? WALK_US : indexed > cap ? SPARSE_US : JOINED_US);
  } else if (walkable) {
    const units = unitCount(ctx);
    walkCost = Math.min(units, (want * units) / (hits * passing)) * LINK_US;
  }
  let filterCost = Infinity;
  if (driver) {
    const visits = opts.sort === 'confidence' ? best : Math.min(best, (want * pairs) / hits);
    filterCost = best * COLLECT_US + visits * (indexed > cap ? SPARSE_US : JOINED_US);
  }
  const cheapest = Math.min(sortCost, walkCost, filterCost);
  if (cheapest === Infinity) return { kind: 'sort-all' };
  // A walk may take twice what was expected (and at least WALK_MIN_BUDGET_MS) before the full sort takes
  // over; the confidence walk at most CONFIDENCE_BUDGET_MS, since confidence often follows the kind of
  // text (titles score high) and a word absent from one kind is then met only after all of it.
  if (cheapest !== sortCost) {
    const budget = Math.max(WALK_MIN_BUDGET_MS, (2 * cheapest) / 1000);
    ctx.deadline = performance.now() + (cheapest === walkCost && opts.sort === 'confidence' ? Math.min(budget, CONFIDENCE_BUDGET_MS) : budget);
  }
  if (cheapest === filterCost) return filterPlan();
  if (cheapest === walkCost) return { kind: 'walk' };
  return { kind: 'sort-all' };
}

/** Units on the searched sides (an upper bound from the largest id: the two sides share one id sequence). */
function unitCount(ctx: SearchContext): number {
  const max = prepared<[], { n: number | null }>(ctx.db, `SELECT max(id) AS n FROM ${UNIT_TABLES[ctx.level]}`).get()?.n ?? 0;
  const sides = (ctx.match.en === null ? 0 : 1) + (ctx.match.ko === null ? 0 : 1);
  return Math.max(1, (max * sides) / 2);
}

// ---------------------------------------------------------------------------------------------
// Walks: pairs (or links) arrive in the page's order, a batch at a time, and the FTS index is
// asked only for the units of each batch.

type PairRef = { id: number; en_article_id: number; ko_article_id: number; published: string | null };
/** A hit with the keys of the date and confidence orders. */
type KeyedHit = HitRow & { published: string | null; confidence: number | null };
type Walked = { rows: HitRow[]; exhausted: boolean };
/** The next pairs in order, at most about `size` of them; `done` when none follow. */
type PairSource = (size: number) => { pairs: PairRef[]; done: boolean };

/**
 * Which hits count, by the link that holds them (besides the status and type filters): any hit;
 * hits whose link has confidence `value`; hits whose link has no confidence, or that have no link.
 */
type LinkTest = { confidence: 'any' } | { confidence: 'equal'; value: number } | { confidence: 'null' };
const ANY_LINK: LinkTest = { confidence: 'any' };

/** The walks' batches of pairs start small (a frequent word fills a page from a few pairs) and double. */
const WALK_FIRST_BATCH = 16;
const WALK_MAX_BATCH = 1024;

const compareLangPosition = (a: HitRow, b: HitRow): number =>
  a.lang === b.lang ? a.position - b.position : a.lang === 'en' ? -1 : 1;

/** SQLite's order for TEXT (BINARY: UTF-8 bytes, i.e. code points), which is not JS's UTF-16 order. */
function compareText(a: string, b: string): number {
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
function compareByDate(a: { published: string | null; id: number }, b: { published: string | null; id: number }): number {
  if (a.published !== b.published) {
    if (a.published === null) return 1;
    if (b.published === null) return -1;
    return compareText(b.published, a.published);
  }
  return b.id - a.id;
}

/** The confidence order of hits (ORDER.confidence). */
function compareByConfidence(a: KeyedHit, b: KeyedHit): number {
  if (a.confidence !== b.confidence) {
    if (a.confidence === null) return 1;
    if (b.confidence === null) return -1;
    return b.confidence - a.confidence;
  }
  return compareByDate({ published: a.published, id: a.pair_id }, { published: b.published, id: b.pair_id }) || compareLangPosition(a, b);
}

/**
 * The first `want` hits of the pairs a source delivers, in its order (then reading order, English
 * first). `exhausted` is true when the source ran dry (the rows are then every hit).
 */
function walkPairs(ctx: SearchContext, source: PairSource, want: number, test: LinkTest = ANY_LINK): Walked {
  const rows: HitRow[] = [];
  let size = WALK_FIRST_BATCH;
  for (;;) {
    const { pairs, done } = source(size);
    if (pairs.length > 0) {
      const rank = new Map(pairs.map((p, i) => [p.id, i] as const));
      const found = hitsOfPairs(ctx, pairs, test);
      found.sort((a, b) => rank.get(a.pair_id)! - rank.get(b.pair_id)! || compareLangPosition(a, b));
      const room = want - rows.length;
      for (const h of found.length > room ? found.slice(0, room) : found) rows.push(h);
      if (found.length > room) return { rows, exhausted: false };
    }
    if (done) return { rows, exhausted: true };
    if (rows.length >= want) return { rows, exhausted: false };
    if (performance.now() > ctx.deadline) throw new WalkAbandoned();
    size = Math.min(size * 2, WALK_MAX_BATCH);
  }
}

/**
 * The probe: hits of one side whose rowid (= unit id) lies in [lo, hi], optionally tested on the
 * link that holds them (the status and type filters, the confidence group) in the same statement.
 * better-sqlite3 binds a JS number as a REAL, and FTS5 uses a rowid bound only when it is an INTEGER
 * (otherwise it reads the whole doclist and SQLite filters afterwards: 60 ms instead of 0.5 for "budget").
 */
function probeSql(level: SearchLevel, lang: Lang, filtered: boolean, test: LinkTest['confidence']): string {
  const fts = FTS_TABLES[level][lang];
  const holds = `b.id = (SELECT id FROM links WHERE pair_id = p.id AND level = '${level}'
    AND ${lang}_end > m.position AND ${lang}_start <= m.position ORDER BY ${lang}_end LIMIT 1)`;
  let linkTest = '';
  if (test === 'null' && !filtered) {
    linkTest = `AND NOT EXISTS (SELECT 1 FROM pairs p JOIN links b ON ${holds} WHERE p.${lang}_article_id = m.article_id AND b.confidence IS NOT NULL)`;
  } else if (filtered || test !== 'any') {
    const confidence = test === 'equal' ? 'AND b.confidence = @conf' : test === 'null' ? 'AND b.confidence IS NULL' : '';
    linkTest = `AND EXISTS (SELECT 1 FROM pairs p JOIN links b ON ${holds}
      WHERE p.${lang}_article_id = m.article_id ${filtered ? LINK_FILTERS : ''} ${confidence})`;
  }
  return `SELECT m.rowid AS unit_id, m.article_id, m.position FROM ${fts} m
    WHERE ${fts} MATCH @match AND m.rowid BETWEEN CAST(@lo AS INTEGER) AND CAST(@hi AS INTEGER) ${linkTest}`;
}
type ProbeRow = { unit_id: number; article_id: number; position: number };
type ProbeParams = { match: string; lo: number; hi: number } & Partial<Bindings> & { conf?: number };

function probe(ctx: SearchContext, lang: Lang, lo: number, hi: number, test: LinkTest, withFilters = true): ProbeRow[] {
  const filtered = withFilters && hasLinkFilters(ctx.filters);
  return prepared<[ProbeParams], ProbeRow>(ctx.db, probeSql(ctx.level, lang, filtered, test.confidence))
    .all({ ...ctx.params, match: ctx.match[lang]!, lo, hi, conf: test.confidence === 'equal' ? test.value : 0 });
}

/**
 * Every hit in a batch of pairs. The index is asked only for the hits whose rowid lies in the id
 * range of some article of the batch, and hits of other articles in those ranges are dropped. An
 * article's units get consecutive ids when it is written, and a pair's two articles are written
 * together, so the ranges of pairs stored one after another join into one: one probe per side.
 */
function hitsOfPairs(ctx: SearchContext, pairs: readonly PairRef[], test: LinkTest): HitRow[] {
  const units = UNIT_TABLES[ctx.level];
  const batchRange = prepared<[string], { lo: number | null; hi: number | null; n: number }>(ctx.db,
    `SELECT min(u.id) AS lo, max(u.id) AS hi, count(*) AS n FROM json_each(?) j JOIN ${units} u ON u.article_id = j.value`);
  const articleRanges = prepared<[string], { lo: number | null; hi: number | null }>(ctx.db,
    `SELECT (SELECT min(id) FROM ${units} WHERE article_id = j.value) AS lo, (SELECT max(id) FROM ${units} WHERE article_id = j.value) AS hi
     FROM json_each(?) j`);
  const owners = new Map<number, { pair: PairRef; lang: Lang }>();
  for (const p of pairs) {
    owners.set(p.en_article_id, { pair: p, lang: 'en' });
    owners.set(p.ko_article_id, { pair: p, lang: 'ko' });
  }
  const articles = JSON.stringify(pairs.flatMap((p) => [p.en_article_id, p.ko_article_id]));
  // One range over the whole batch when at least half of it is the batch's own units (pairs written
  // one after another); otherwise one range per article, joined where they touch.
  const whole = pairs.length > 1 ? batchRange.get(articles) : undefined;
  const ranges = whole && whole.lo !== null && whole.hi !== null && whole.hi - whole.lo + 1 <= 2 * whole.n
    ? [{ lo: whole.lo, hi: whole.hi }] : articleRanges.all(articles);
  const found: HitRow[] = [];
  for (const [lo, hi] of joinRanges(ranges, ctx.rangeGap)) {
    for (const lang of ['en', 'ko'] as const) {
      if (ctx.match[lang] === null) continue;
      for (const h of probe(ctx, lang, lo, hi, test)) {
        const owner = owners.get(h.article_id);
        if (!owner || owner.lang !== lang) continue; // a unit of another pair inside the range
        found.push({
          unit_id: h.unit_id, lang, position: h.position, pair_id: owner.pair.id,
          en_article_id: owner.pair.en_article_id, ko_article_id: owner.pair.ko_article_id,
        });
      }
    }
  }
  return found;
}

/**
 * Id ranges that overlap or lie within `gap` ids of each other become one: a probe costs PROBE_US
 * to set up and HIT_US a hit it returns, so a gap is worth reading when it holds fewer hits than
 * that. For a frequent word the gap is RANGE_GAP (a deleted pair's hole); for a rare one, whose
 * few hits are known, the scattered pairs of a date or filter batch join into one or two probes.
 */
const RANGE_GAP = 256;
const PROBE_US = 150;
const HIT_US = 1.5;
function rangeGap(db: Db, level: SearchLevel, indexed: number, cap: number): number {
  if (indexed > cap) return RANGE_GAP;
  const ids = prepared<[], { n: number | null }>(db, `SELECT max(id) AS n FROM ${UNIT_TABLES[level]}`).get()?.n ?? 0;
  return Math.max(RANGE_GAP, Math.floor((PROBE_US * ids) / (Math.max(indexed, 1) * HIT_US)));
}
function joinRanges(ranges: readonly { lo: number | null; hi: number | null }[], gap: number): [number, number][] {
  const joined: [number, number][] = [];
  const known = ranges.filter((r): r is { lo: number; hi: number } => r.lo !== null && r.hi !== null); // an article without units has none
  for (const { lo, hi } of known.sort((a, b) => a.lo - b.lo)) {
    const last = joined[joined.length - 1];
    if (last && lo <= last[1] + 1 + gap) last[1] = Math.max(last[1], hi);
    else joined.push([lo, hi]);
  }
  return joined;
}

const PAIRS_BEFORE = `SELECT id, en_article_id, ko_article_id, NULL AS published FROM pairs WHERE id < @before ORDER BY id DESC LIMIT @limit`;
const PAIRS_BEFORE_FILTERED = `SELECT p.id, p.en_article_id, p.ko_article_id, NULL AS published
  FROM pairs p JOIN articles e ON e.id = p.en_article_id JOIN articles k ON k.id = p.ko_article_id
  WHERE p.id < @before ${PAIR_FILTERS} ORDER BY p.id DESC LIMIT @limit`;
const pairFilterParams = (f: SearchFilters) => ({ from: f.from ?? null, to: f.to ?? null, ...sectionBindings(f.section ?? null), collection: f.collection ?? null });

/** Pairs newest first (the primary key), with the pair filters tested in the same statement. */
function pairsById(ctx: SearchContext): PairSource {
  const filtered = hasPairFilters(ctx.filters);
  const next = prepared<[{ before: number; limit: number }], PairRef>(ctx.db, filtered ? PAIRS_BEFORE_FILTERED : PAIRS_BEFORE);
  let before = Number.MAX_SAFE_INTEGER;
  return (size) => {
    const pairs = next.all({ before, limit: size, ...pairFilterParams(ctx.filters) });
    if (pairs.length > 0) before = pairs[pairs.length - 1]!.id;
    return { pairs, done: pairs.length < size };
  };
}

/** A list of pairs already in order, a batch at a time. */
function listSource(pairs: readonly PairRef[]): PairSource {
  let at = 0;
  return (size) => {
    const batch = pairs.slice(at, at + size);
    at += batch.length;
    return { pairs: batch, done: at >= pairs.length };
  };
}

// The date order walks articles by publication date (index articles_published). A pair's date is
// its Korean article's, else its English article's: a dated Korean article stands for its pair,
// and a dated English article does when its Korean partner has no date. Undated pairs come last.
const DATED_ARTICLES = {
  first: `SELECT id, published_at FROM articles INDEXED BY articles_published WHERE published_at IS NOT NULL ORDER BY published_at DESC LIMIT ?`,
  below: `SELECT id, published_at FROM articles INDEXED BY articles_published WHERE published_at < ? ORDER BY published_at DESC LIMIT ?`,
  atOrBelow: `SELECT id, published_at FROM articles INDEXED BY articles_published WHERE published_at <= ? ORDER BY published_at DESC LIMIT ?`,
  at: `SELECT id, published_at FROM articles INDEXED BY articles_published WHERE published_at = ?`,
};
const PAIRS_OF_DATED_ARTICLES = `SELECT p.id, p.en_article_id, p.ko_article_id, j.value AS article_id
    FROM json_each(?) j JOIN pairs p ON p.ko_article_id = j.value
  UNION ALL
  SELECT p.id, p.en_article_id, p.ko_article_id, j.value AS article_id
    FROM json_each(?) j JOIN pairs p ON p.en_article_id = j.value
    WHERE EXISTS (SELECT 1 FROM articles INDEXED BY articles_published WHERE published_at IS NULL AND id = p.ko_article_id)`;
const UNDATED_PAIRS_BEFORE = `SELECT p.id, p.en_article_id, p.ko_article_id, NULL AS published FROM pairs p
  WHERE p.id < @before
    AND EXISTS (SELECT 1 FROM articles INDEXED BY articles_published WHERE published_at IS NULL AND id = p.ko_article_id)
    AND EXISTS (SELECT 1 FROM articles INDEXED BY articles_published WHERE published_at IS NULL AND id = p.en_article_id)
  ORDER BY p.id DESC LIMIT @limit`;
type DatedArticle = { id: number; published_at: string };

/** Pairs by publication date, newest first, undated last (ORDER.date); needs articles_published. */
function pairsByDate(ctx: SearchContext): PairSource {
  const { db } = ctx;
  let bound: { value: string; inclusive: boolean } | null = null;
  let undated: PairSource | null = null;
  return (size) => {
    if (undated) return undated(size);
    const articles = bound === null
      ? prepared<[number], DatedArticle>(db, DATED_ARTICLES.first).all(size)
      : prepared<[string, number], DatedArticle>(db, bound.inclusive ? DATED_ARTICLES.atOrBelow : DATED_ARTICLES.below).all(bound.value, size);
    let complete = articles;
    if (articles.length === size) {
      // a batch ends with a whole date: the pairs of one date are ordered by id, so all are needed at once
      const last = articles[size - 1]!.published_at;
      complete = articles.filter((a) => a.published_at !== last);
      if (complete.length > 0) bound = { value: last, inclusive: true }; // the last date is read again, whole
      else {
        complete = prepared<[string], DatedArticle>(db, DATED_ARTICLES.at).all(last);
        bound = { value: last, inclusive: false };
      }
    } else {
      undated = ctx.filters.from !== undefined || ctx.filters.to !== undefined
        ? () => ({ pairs: [], done: true }) // an undated pair has no date in any range
        : undatedPairs(ctx);
    }
    return { pairs: pairsOfDatedArticles(ctx, complete), done: false };
  };
}

function pairsOfDatedArticles(ctx: SearchContext, articles: readonly DatedArticle[]): PairRef[] {
  if (articles.length === 0) return [];
  const date = new Map(articles.map((a) => [a.id, a.published_at] as const));
  const ids = JSON.stringify(articles.map((a) => a.id));
  const rows = prepared<[string, string], { id: number; en_article_id: number; ko_article_id: number; article_id: number }>(ctx.db, PAIRS_OF_DATED_ARTICLES)
    .all(ids, ids);
  const pairs = keepPassing(ctx, rows.map((r) => ({ id: r.id, en_article_id: r.en_article_id, ko_article_id: r.ko_article_id, published: date.get(r.article_id)! })));
  return pairs.sort(compareByDate);
}

/** Pairs with no date on either article, newest first. */
function undatedPairs(ctx: SearchContext): PairSource {
  const next = prepared<[{ before: number; limit: number }], PairRef>(ctx.db, UNDATED_PAIRS_BEFORE);
  let before = Number.MAX_SAFE_INTEGER;
  return (size) => {
    const batch = next.all({ before, limit: size });
    if (batch.length > 0) before = batch[batch.length - 1]!.id;
    return { pairs: keepPassing(ctx, batch), done: batch.length < size };
  };
}

/** The pairs that pass the pair filters (all of them when there are none). */
function keepPassing(ctx: SearchContext, pairs: PairRef[]): PairRef[] {
  if (!hasPairFilters(ctx.filters) || pairs.length === 0) return pairs;
  const passing = new Set(prepared<[{ ids: string } & ReturnType<typeof pairFilterParams>], { id: number }>(ctx.db,
    `SELECT p.id FROM json_each(@ids) j JOIN pairs p ON p.id = j.value
       JOIN articles e ON e.id = p.en_article_id JOIN articles k ON k.id = p.ko_article_id
     WHERE 1 ${PAIR_FILTERS}`).all({ ids: JSON.stringify(pairs.map((p) => p.id)), ...pairFilterParams(ctx.filters) }).map((r) => r.id));
  return pairs.filter((p) => passing.has(p.id));
}

// ---------------------------------------------------------------------------------------------
// Filters with an index of their own (migration 010): the pairs that pass come from that index.

interface FilterDriver {
  /** About how many pairs pass (an upper bound), or Infinity when the index holds more than FILTER_ENTRY_CAP entries. */
  estimate: () => number;
  /** Ids of every pair with an entry (a superset of the pairs that pass every filter). */
  pairIds: () => number[];
}

/** `published_at` bounds equivalent to the date filters on substr(…, 1, 10), for an index range. */
function dateBounds(f: SearchFilters): { lo: string; hi: string } {
  // substr(x, 1, 10) <= to  ⇔  x < to with its last character one higher (to is YYYY-MM-DD)
  const hi = f.to === undefined ? '\u{10FFFF}' : f.to.slice(0, -1) + String.fromCharCode(f.to.charCodeAt(f.to.length - 1) + 1);
  return { lo: f.from ?? '', hi };
}

/**
 * A filter's index is read for an estimate up to this many entries (a link filter has an entry per
 * link, ~30 a pair; reading 10,000 costs about 1.5 ms, 40,000 six).
 */
const FILTER_ENTRY_CAP = 10_000;

function filterDrivers(ctx: SearchContext): FilterDriver[] {
  const { db, filters, indexes, level } = ctx;
  const drivers: FilterDriver[] = [];
  // `where` selects the index entries (links or articles); links count their distinct pairs
  const driver = (where: string, params: Record<string, unknown>, ids: string, links: boolean): FilterDriver => ({
    estimate: () => {
      const r = prepared<[Record<string, unknown>], { entries: number; pairs: number }>(db,
        `SELECT count(*) AS entries, ${links ? 'count(DISTINCT pair_id)' : 'count(*)'} AS pairs
         FROM (SELECT ${links ? 'pair_id' : '1'} FROM ${where} LIMIT @cap)`).get({ ...params, cap: FILTER_ENTRY_CAP });
      return !r || r.entries >= FILTER_ENTRY_CAP ? Infinity : r.pairs;
    },
    pairIds: () => prepared<[Record<string, unknown>], { id: number }>(db, ids).all(params).map((r) => r.id),
  });
  if (filters.status !== undefined && indexes.has('links_level_status')) {
    const where = 'links WHERE level = @level AND status = @status';
    drivers.push(driver(where, { level, status: filters.status }, `SELECT DISTINCT pair_id AS id FROM ${where}`, true));
  }
  if (filters.type !== undefined && indexes.has('links_level_type')) {
    const where = 'links WHERE level = @level AND en_end - en_start = @typeEn AND ko_end - ko_start = @typeKo';
    drivers.push(driver(where, { level, typeEn: filters.type.en, typeKo: filters.type.ko }, `SELECT DISTINCT pair_id AS id FROM ${where}`, true));
  }
  if ((filters.from !== undefined || filters.to !== undefined) && indexes.has('articles_published')) {
    const where = 'articles a WHERE a.published_at >= @lo AND a.published_at < @hi';
    drivers.push(driver(where, dateBounds(filters),
      `SELECT p.id FROM ${where.replace('articles a', 'articles a JOIN pairs p ON p.ko_article_id = a.id')}
       UNION SELECT p.id FROM ${where.replace('articles a', 'articles a JOIN pairs p ON p.en_article_id = a.id')}`, false));
  }
  if (filters.section !== undefined && indexes.has('articles_section_nocase')) {
    const where = `articles a WHERE ${sectionMatches('a.section')}`;
    drivers.push(driver(where, sectionBindings(filters.section),
      `SELECT p.id FROM ${where.replace('articles a', 'articles a JOIN pairs p ON p.ko_article_id = a.id')}
       UNION SELECT p.id FROM ${where.replace('articles a', 'articles a JOIN pairs p ON p.en_article_id = a.id')}`, false));
  }
  return drivers;
}

/** The pairs a filter's index names that pass the pair filters, in the order of the page. */
function filterPairs(ctx: SearchContext, driver: FilterDriver, sort: SearchSort): PairRef[] {
  const ids = JSON.stringify(driver.pairIds());
  const dated = sort !== 'added';
  const pairs = prepared<[Record<string, unknown>], PairRef>(ctx.db, dated || hasPairFilters(ctx.filters)
    ? `SELECT p.id, p.en_article_id, p.ko_article_id, coalesce(k.published_at, e.published_at) AS published
       FROM json_each(@ids) j JOIN pairs p ON p.id = j.value
         JOIN articles e ON e.id = p.en_article_id JOIN articles k ON k.id = p.ko_article_id
       WHERE 1 ${PAIR_FILTERS}`
    : 'SELECT p.id, p.en_article_id, p.ko_article_id, NULL AS published FROM json_each(@ids) j JOIN pairs p ON p.id = j.value',
  ).all({ ids, ...pairFilterParams(ctx.filters) });
  return pairs.sort(dated ? compareByDate : (a, b) => b.id - a.id);
}

/** Adds each hit's sort keys: its pair's date and its link's confidence. */
function keyHits(ctx: SearchContext, rows: readonly HitRow[], pairs: readonly PairRef[]): KeyedHit[] {
  const date = new Map(pairs.map((p) => [p.id, p.published] as const));
  return rows.map((r) => ({ ...r, published: date.get(r.pair_id) ?? null, confidence: linkOf(ctx.db, ctx.level, r)?.confidence ?? null }));
}

// ---------------------------------------------------------------------------------------------
// The confidence order walks links by confidence (index links_level_confidence). Links of equal
// confidence are taken whole, since their hits are then ordered by date; a confidence shared by
// more links than LINK_GROUP_CAP is walked by date instead, as are links without a confidence
// and hits without a link, which come last.

type LinkRef = { id: number; pair_id: number; en_start: number; en_end: number; ko_start: number; ko_end: number; status: LinkStatus; confidence: number };
const LINK_COLUMNS = 'id, pair_id, en_start, en_end, ko_start, ko_end, status, confidence';
const LINKS_BY_CONFIDENCE = {
  first: `SELECT ${LINK_COLUMNS} FROM links WHERE level = ? AND confidence IS NOT NULL ORDER BY confidence DESC LIMIT ?`,
  below: `SELECT ${LINK_COLUMNS} FROM links WHERE level = ? AND confidence < ? ORDER BY confidence DESC LIMIT ?`,
  atOrBelow: `SELECT ${LINK_COLUMNS} FROM links WHERE level = ? AND confidence <= ? ORDER BY confidence DESC LIMIT ?`,
  at: `SELECT ${LINK_COLUMNS} FROM links WHERE level = ? AND confidence = ?`,
  count: 'SELECT count(*) AS n FROM (SELECT 1 FROM links WHERE level = ? AND confidence = ? LIMIT ?)',
};
const LINK_GROUP_CAP = 4096;

function walkByConfidence(ctx: SearchContext, want: number, groupCap: number): Walked {
  const { db, level } = ctx;
  const rows: HitRow[] = [];
  let bound: { value: number; inclusive: boolean } | null = null;
  let size = WALK_FIRST_BATCH;
  const take = (found: readonly HitRow[]): boolean => {
    const room = want - rows.length;
    for (const h of found.length > room ? found.slice(0, room) : found) rows.push(h);
    return found.length > room || rows.length >= want;
  };
  for (;;) {
    const links: LinkRef[] = bound === null
      ? prepared<[string, number], LinkRef>(db, LINKS_BY_CONFIDENCE.first).all(level, size)
      : prepared<[string, number, number], LinkRef>(db, bound.inclusive ? LINKS_BY_CONFIDENCE.atOrBelow : LINKS_BY_CONFIDENCE.below)
        .all(level, bound.value, size);
    if (links.length === 0) break;
    const last = links[links.length - 1]!.confidence;
    let whole = links;
    if (links.length === size) whole = links.filter((l) => l.confidence !== last); // the last confidence may go on
    if (whole.length > 0) {
      bound = { value: last, inclusive: links.length === size };
      if (take(hitsOfLinks(ctx, whole))) return { rows, exhausted: false };
    } else {
      // one confidence fills the batch
      bound = { value: last, inclusive: false };
      const n = prepared<[string, number, number], { n: number }>(db, LINKS_BY_CONFIDENCE.count).get(level, last, groupCap + 1)?.n ?? 0;
      if (n <= groupCap) {
        if (take(hitsOfLinks(ctx, prepared<[string, number], LinkRef>(db, LINKS_BY_CONFIDENCE.at).all(level, last)))) return { rows, exhausted: false };
      } else {
        const walked = walkPairs(ctx, pairsByDate(ctx), want - rows.length, { confidence: 'equal', value: last });
        if (take(walked.rows) || !walked.exhausted) return { rows, exhausted: false };
      }
    }
    if (performance.now() > ctx.deadline) throw new WalkAbandoned();
    size = Math.min(size * 2, WALK_MAX_BATCH);
  }
  const rest = walkPairs(ctx, pairsByDate(ctx), want - rows.length, { confidence: 'null' });
  take(rest.rows);
  return { rows, exhausted: rest.exhausted };
}

const HOLDING_LINK: Record<Lang, string> = {
  en: 'SELECT id FROM links WHERE pair_id = ? AND level = ? AND en_end > ? AND en_start <= ? ORDER BY en_end LIMIT 1',
  ko: 'SELECT id FROM links WHERE pair_id = ? AND level = ? AND ko_end > ? AND ko_start <= ? ORDER BY ko_end LIMIT 1',
};

/** Every hit held by a set of links of whole confidence groups, in the confidence order. */
function hitsOfLinks(ctx: SearchContext, links: readonly LinkRef[]): KeyedHit[] {
  const { db, level, filters } = ctx;
  const kept = links.filter((l) => (filters.status === undefined || l.status === filters.status)
    && (filters.type === undefined || (l.en_end - l.en_start === filters.type.en && l.ko_end - l.ko_start === filters.type.ko)));
  if (kept.length === 0) return [];
  const pairs = new Map(prepared<[Record<string, unknown>], PairRef>(db,
    `SELECT p.id, p.en_article_id, p.ko_article_id, coalesce(k.published_at, e.published_at) AS published
     FROM pairs p JOIN articles e ON e.id = p.en_article_id JOIN articles k ON k.id = p.ko_article_id
     WHERE p.id IN (SELECT value FROM json_each(@ids)) ${PAIR_FILTERS}`,
  ).all({ ids: JSON.stringify([...new Set(kept.map((l) => l.pair_id))]), ...pairFilterParams(filters) }).map((p) => [p.id, p] as const));
  const byId = new Map(kept.map((l) => [l.id, l] as const));
  const found: KeyedHit[] = [];
  for (const lang of ['en', 'ko'] as const) {
    if (ctx.match[lang] === null) continue;
    // the units each link holds on this side: an id range found through (article_id, position)
    const targets = kept.flatMap((l) => {
      const pair = pairs.get(l.pair_id);
      const [start, end] = lang === 'en' ? [l.en_start, l.en_end] : [l.ko_start, l.ko_end];
      return pair && end > start ? [{ link: l, pair, article: lang === 'en' ? pair.en_article_id : pair.ko_article_id, start, end }] : [];
    });
    if (targets.length === 0) continue;
    const units = UNIT_TABLES[level];
    const ranges = prepared<[string], { lo: number | null; hi: number | null }>(db,
      `SELECT (SELECT min(id) FROM ${units} WHERE article_id = j.value ->> 0 AND position >= j.value ->> 1 AND position < j.value ->> 2) AS lo,
              (SELECT max(id) FROM ${units} WHERE article_id = j.value ->> 0 AND position >= j.value ->> 1 AND position < j.value ->> 2) AS hi
       FROM json_each(?) j`).all(JSON.stringify(targets.map((t) => [t.article, t.start, t.end])));
    const byArticle = new Map<number, typeof targets>();
    for (const t of targets) byArticle.set(t.article, [...(byArticle.get(t.article) ?? []), t]);
    const seen = new Set<number>();
    for (const [lo, hi] of joinRanges(ranges, ctx.rangeGap)) {
      for (const h of probe(ctx, lang, lo, hi, ANY_LINK, false)) {
        const t = byArticle.get(h.article_id)?.find((x) => x.start <= h.position && h.position < x.end);
        if (!t || seen.has(h.unit_id)) continue;
        // the hit belongs to the link that holds it (the one the other plans join), which must be one of these
        const holding = prepared<[number, string, number, number], { id: number }>(db, HOLDING_LINK[lang]).get(t.pair.id, level, h.position, h.position)?.id;
        const link = holding === undefined ? undefined : byId.get(holding);
        if (!link) continue;
        seen.add(h.unit_id);
        found.push({
          unit_id: h.unit_id, lang, position: h.position, pair_id: t.pair.id, en_article_id: t.pair.en_article_id,
          ko_article_id: t.pair.ko_article_id, published: t.pair.published, confidence: link.confidence,
        });
      }
    }
  }
  return found.sort(compareByConfidence);
}

/** The indexes (and vocabulary tables) of migration 010 a database has, read once per connection. */
const indexesSeen = new WeakMap<Db, ReadonlySet<string>>();
function searchIndexes(db: Db): ReadonlySet<string> {
  let found = indexesSeen.get(db);
  if (!found) {
    found = new Set(prepared<[], { name: string }>(db,
      `SELECT name FROM sqlite_schema WHERE type = 'index' AND name IN
         ('links_level_status', 'links_level_type', 'links_level_confidence', 'articles_published', 'articles_section_nocase')
       UNION ALL SELECT name FROM sqlite_schema WHERE type = 'table' AND name IN ('sentence_grams_terms', 'paragraph_grams_terms')`,
    ).all().map((r) => r.name));
    indexesSeen.set(db, found);
  }
  return found;
}

/** Fills in one page row: titles, date, link, both sides' texts and the paragraph link index. */
function describeHit(db: Db, r: HitRow, level: SearchLevel): SearchHit {
  const meta = prepared<[number, number], { en_title: string | null; ko_title: string | null; section: string | null; published: string | null }>(db,
    `SELECT e.title AS en_title, k.title AS ko_title, coalesce(k.section, e.section) AS section,
       coalesce(k.published_at, e.published_at) AS published
     FROM articles e, articles k WHERE e.id = ? AND k.id = ?`,
  ).get(r.en_article_id, r.ko_article_id);
  const link = linkOf(db, level, r);
  const enPositions = link ? range(link.en_start, link.en_end) : r.lang === 'en' ? [r.position] : [];
  const koPositions = link ? range(link.ko_start, link.ko_end) : r.lang === 'ko' ? [r.position] : [];
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
    linkIndex: level === 'paragraph' ? (link?.position ?? null) : paragraphLinkOfSentence(db, r),
    link: link ? { status: link.status, confidence: link.confidence, type: `${link.en_end - link.en_start}:${link.ko_end - link.ko_start}` } : null,
    published: meta?.published ?? null, section: meta?.section ?? null, enTitle: meta?.en_title ?? null, koTitle: meta?.ko_title ?? null,
    en: { positions: enPositions, texts: texts(r.en_article_id, enPositions) },
    ko: { positions: koPositions, texts: texts(r.ko_article_id, koPositions) },
  };
}

/** Position of the paragraph link whose paragraphs hold the matching sentence. */
function paragraphLinkOfSentence(db: Db, r: HitRow): number | null {
  const sql = r.lang === 'en'
    ? `SELECT b.position FROM sentences s JOIN paragraphs u ON u.id = s.paragraph_id
       JOIN links b ON b.pair_id = ? AND b.level = 'paragraph' AND u.position >= b.en_start AND u.position < b.en_end
       WHERE s.id = ?`
    : `SELECT b.position FROM sentences s JOIN paragraphs u ON u.id = s.paragraph_id
       JOIN links b ON b.pair_id = ? AND b.level = 'paragraph' AND u.position >= b.ko_start AND u.position < b.ko_end
       WHERE s.id = ?`;
  return prepared<[number, number], { position: number }>(db, sql).get(r.pair_id, r.unit_id)?.position ?? null;
}

/** An index on articles (section), in SQLite's own order (not 010's NOCASE one), lets listSections jump from one section to the next. */
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
      `SELECT EXISTS (SELECT 1 FROM pragma_index_list('articles') l JOIN pragma_index_xinfo(l.name) i
         WHERE l.partial = 0 AND i.seqno = 0 AND i.name = 'section' AND i.coll = 'BINARY') AS ok`).get()?.ok === 1;
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
