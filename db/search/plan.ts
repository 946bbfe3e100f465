/**
 * The cost model: how one page is found (SearchStrategy), picked from cheap capped counts.
 */
import { stmt } from '../open.ts';
import type { SearchOptions, SearchSort } from '../../server/search/types.ts';
import type { PairRef, SearchContext } from './context.ts';
import { filterDrivers, filterPairs } from './filters.ts';
import { UNIT_TABLES } from './sql.ts';

/** How the page is found: see SearchStrategy. 'filter' carries the pairs that pass the filters, in the page's order. */
export type Plan = { kind: 'sort-all' } | { kind: 'walk' } | { kind: 'filter'; pairs: PairRef[] };

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

export function choosePlan(ctx: SearchContext, opts: SearchOptions, indexed: number, want: number, cap: number): Plan {
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

  const pairs = Math.max(1, stmt<[], { n: number | null }>(ctx.db, 'SELECT max(id) AS n FROM pairs').get()?.n ?? 1);
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
  const max = stmt<[], { n: number | null }>(ctx.db, `SELECT max(id) AS n FROM ${UNIT_TABLES[ctx.level]}`).get()?.n ?? 0;
  const sides = (ctx.match.en === null ? 0 : 1) + (ctx.match.ko === null ? 0 : 1);
  return Math.max(1, (max * sides) / 2);
}
