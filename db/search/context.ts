/** What the steps of one search share: its context, the pairs and hits they pass on, and how a walk gives up. */
import type { Db } from '../open.ts';
import type { SearchFilters, SearchLevel } from '../../server/search/types.ts';
import type { Bindings, HitRow, Match } from './sql.ts';

/** What every step of one search needs. */
export interface SearchContext {
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
export class WalkAbandoned extends Error {}

export type PairRef = { id: number; en_article_id: number; ko_article_id: number; published: string | null };
export type Walked = { rows: HitRow[]; exhausted: boolean };
/** The next pairs in order, at most about `size` of them; `done` when none follow. */
export type PairSource = (size: number) => { pairs: PairRef[]; done: boolean };

/**
 * Which hits count, by the link that holds them (besides the status and type filters): any hit;
 * hits whose link has confidence `value`; hits whose link has no confidence, or that have no link.
 */
export type LinkTest = { confidence: 'any' } | { confidence: 'equal'; value: number } | { confidence: 'null' };
export const ANY_LINK: LinkTest = { confidence: 'any' };
