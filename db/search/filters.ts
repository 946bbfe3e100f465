/**
 * Filters with an index of their own (migration 010): when one is selective, the pairs that pass
 * come from that index, are put in the page's order and probed.
 */
import { stmt } from '../open.ts';
import type { SearchSort } from '../../server/search/types.ts';
import { publishedBounds, sectionBindings, sectionMatches } from '../pair-filter.ts';
import type { PairRef, SearchContext } from './context.ts';
import { linkOf } from './hydrate.ts';
import { compareByDate, type KeyedHit } from './order.ts';
import { hasPairFilters, PAIR_FILTERS, pairFilterParams, type HitRow } from './sql.ts';

export interface FilterDriver {
  /** About how many pairs pass (an upper bound), or Infinity when the index holds more than FILTER_ENTRY_CAP entries. */
  estimate: () => number;
  /** Ids of every pair with an entry (a superset of the pairs that pass every filter). */
  pairIds: () => number[];
}

/**
 * A filter's index is read for an estimate up to this many entries (a link filter has an entry per
 * link, ~30 a pair; reading 10,000 costs about 1.5 ms, 40,000 six).
 */
const FILTER_ENTRY_CAP = 10_000;

export function filterDrivers(ctx: SearchContext): FilterDriver[] {
  const { db, filters, indexes, level } = ctx;
  const drivers: FilterDriver[] = [];
  // `where` selects the index entries (links or articles); links count their distinct pairs
  const driver = (where: string, params: Record<string, unknown>, ids: string, links: boolean): FilterDriver => ({
    estimate: () => {
      const r = stmt<[Record<string, unknown>], { entries: number; pairs: number }>(db,
        `SELECT count(*) AS entries, ${links ? 'count(DISTINCT pair_id)' : 'count(*)'} AS pairs
         FROM (SELECT ${links ? 'pair_id' : '1'} FROM ${where} LIMIT @cap)`).get({ ...params, cap: FILTER_ENTRY_CAP });
      return !r || r.entries >= FILTER_ENTRY_CAP ? Infinity : r.pairs;
    },
    pairIds: () => stmt<[Record<string, unknown>], { id: number }>(db, ids).all(params).map((r) => r.id),
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
    drivers.push(driver(where, publishedBounds(filters.from ?? null, filters.to ?? null),
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
export function filterPairs(ctx: SearchContext, driver: FilterDriver, sort: SearchSort): PairRef[] {
  const ids = JSON.stringify(driver.pairIds());
  const dated = sort !== 'added';
  const pairs = stmt<[Record<string, unknown>], PairRef>(ctx.db, dated || hasPairFilters(ctx.filters)
    ? `SELECT p.id, p.en_article_id, p.ko_article_id, coalesce(k.published_at, e.published_at) AS published
       FROM json_each(@ids) j JOIN pairs p ON p.id = j.value
         JOIN articles e ON e.id = p.en_article_id JOIN articles k ON k.id = p.ko_article_id
       WHERE 1 ${PAIR_FILTERS}`
    : 'SELECT p.id, p.en_article_id, p.ko_article_id, NULL AS published FROM json_each(@ids) j JOIN pairs p ON p.id = j.value',
  ).all({ ids, ...pairFilterParams(ctx.filters) });
  return pairs.sort(dated ? compareByDate : (a, b) => b.id - a.id);
}

/** Adds each hit's sort keys: its pair's date and its link's confidence. */
export function keyHits(ctx: SearchContext, rows: readonly HitRow[], pairs: readonly PairRef[]): KeyedHit[] {
  const date = new Map(pairs.map((p) => [p.id, p.published] as const));
  return rows.map((r) => ({ ...r, published: date.get(r.pair_id) ?? null, confidence: linkOf(ctx.db, ctx.level, r)?.confidence ?? null }));
}
