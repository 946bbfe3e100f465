/**
 * One search: the page of hits and the total, found by the plan the cost model picks (plan.ts),
 * with the full sort taking over from a walk that runs far past its estimate.
 */
import { stmt, type Db } from '../open.ts';
import type { ParsedQuery } from '../../server/search/query.ts';
import type { SearchFilters, SearchOptions, SearchResult } from '../../server/search/types.ts';
import { walkByConfidence, LINK_GROUP_CAP } from './confidence.ts';
import { WalkAbandoned, type SearchContext, type Walked } from './context.ts';
import { COUNT_CAP, countFiltered, countIndexed } from './count.ts';
import { matchExpressions } from './expand.ts';
import { keyHits } from './filters.ts';
import { describeHit } from './hydrate.ts';
import { compareByConfidence, ORDER } from './order.ts';
import { choosePlan, type Plan } from './plan.ts';
import { searchIndexes } from './prepared.ts';
import { rangeGap, RANGE_GAP } from './probe.ts';
import { listSource, pairsByDate, pairsById } from './sources.ts';
import { bindings, hasLinkFilters, hasFilters, hasPairFilters, hitsSql, type Bindings, type HitRow } from './sql.ts';
import { walkPairs } from './walk.ts';

/**
 * Searches the corpus: one page of hits, each with both sides of its link (the matching unit and
 * its aligned counterpart) and the paragraph link index for the review screen, and the total.
 */
export function searchCorpus(db: Db, query: ParsedQuery, filters: SearchFilters, opts: SearchOptions): SearchResult {
  // one read transaction, so the total and the page see the same snapshot when a write lands between them
  return db.transaction(() => searchInSnapshot(db, query, filters, opts))();
}

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
  const found = findPage(ctx, opts, choosePlan(ctx, opts, indexed, want, cap), want);
  const { total, totalExact } = pageTotal(ctx, opts, found, indexed, cap);
  const hasMore = found.rows.length > opts.limit;
  return { total, totalExact, hasMore, hits: found.rows.slice(0, opts.limit).map((r) => describeHit(db, r, opts.level)) };
}

/**
 * The page's rows (and one more), how many hits were met from the first one on (`seen`), whether
 * that is every hit (`exhausted`), and the plan that found them (sort-all after an abandoned walk).
 */
type Found = { rows: HitRow[]; seen: number; exhausted: boolean; plan: Plan };

function findPage(ctx: SearchContext, opts: SearchOptions, plan: Plan, want: number): Found {
  if (plan.kind !== 'sort-all') {
    let walked: Walked | null = null;
    try {
      walked = walkPlan(ctx, opts, plan, want);
    } catch (e) {
      if (!(e instanceof WalkAbandoned)) throw e;
    }
    ctx.deadline = Infinity;
    if (walked) return { rows: walked.rows.slice(opts.offset), seen: walked.rows.length, exhausted: walked.exhausted, plan };
  }
  const rows = sortedPage(ctx.db, opts, ctx.params, ctx.filters);
  const exhausted = rows.length <= opts.limit && (rows.length > 0 || opts.offset === 0);
  return { rows, seen: opts.offset + rows.length, exhausted, plan: { kind: 'sort-all' } };
}

/** The total: what the page met when that was all, else the capped count, an exact count, or a lower bound. */
function pageTotal(ctx: SearchContext, opts: SearchOptions, found: Found, indexed: number, cap: number): { total: number; totalExact: boolean } {
  if (found.exhausted) return { total: found.seen, totalExact: true };
  if (indexed <= cap && !hasFilters(ctx.filters)) return { total: indexed, totalExact: true }; // the capped count was the whole count
  if (opts.exactTotal || indexed <= cap) return { total: countExact(ctx, found.plan), totalExact: true };
  // counting stopped one hit past the page; without filters the index holds more than `cap`
  return { total: Math.max(found.seen - 1, hasFilters(ctx.filters) ? 0 : cap), totalExact: false };
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
  return stmt<[Bindings & { limit: number; offset: number }], HitRow>(db, sql)
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
