/** Counting hits: capped from the FTS index alone, or exactly by joining every hit to its filters. */
import { stmt, type Db } from '../open.ts';
import type { ParsedQuery } from '../../server/search/query.ts';
import type { SearchFilters, SearchLevel } from '../../server/search/types.ts';
import { matchExpressions } from './expand.ts';
import {
  bindings, FTS_TABLES, hasLinkFilters, hasFilters, hasPairFilters, hitsSql, type Bindings, type Match,
} from './sql.ts';

/**
 * The 'added' order counts hits exactly up to this many (reading the index's first COUNT_CAP
 * entries costs 1–5 ms; counting a word in a million sentences costs 150 ms and more).
 */
export const COUNT_CAP = 10_000;

/**
 * Indexed units matching each side, counted up to `cap` per side (null: no cap). Every indexed unit
 * belongs to a pair (rows are indexed only once their article is paired, and articles are deleted
 * with their pair), so without filters this is the number of hits, read from the index alone.
 */
export function countIndexed(db: Db, level: SearchLevel, match: Match, cap: number | null): number {
  let n = 0;
  for (const lang of ['en', 'ko'] as const) {
    const expr = match[lang];
    if (expr === null) continue;
    const fts = FTS_TABLES[level][lang];
    n += cap === null
      ? stmt<[string], { n: number }>(db, `SELECT count(*) AS n FROM ${fts} WHERE ${fts} MATCH ?`).get(expr)?.n ?? 0
      : stmt<[string, number], { n: number }>(db, `SELECT count(*) AS n FROM (SELECT 1 FROM ${fts} WHERE ${fts} MATCH ? LIMIT ?)`).get(expr, cap)?.n ?? 0;
  }
  return n;
}

/** Exact number of hits that pass the filters, by joining every hit (cost grows with the hits). */
export function countFiltered(db: Db, level: SearchLevel, params: Bindings, filters: SearchFilters): number {
  const sql = `SELECT count(*) AS n FROM (${hitsSql(level, hasPairFilters(filters), hasLinkFilters(filters))})`;
  return stmt<[Bindings], { n: number }>(db, sql).get(params)?.n ?? 0;
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
