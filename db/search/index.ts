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
 *
 * One file a job: expand.ts (short terms to trigrams, MATCH arguments), count.ts, plan.ts (the cost
 * model), sources.ts, walk.ts, probe.ts and confidence.ts (the walks), filters.ts (filters that
 * drive the search), hydrate.ts (a page's hits filled in), page.ts (one search from end to end),
 * sections.ts (the sections for the filters' choices). The types are pure, in server/search/types.ts.
 */
export type {
  HitSide, SearchFilters, SearchHit, SearchLevel, SearchOptions, SearchResult, SearchSort, SearchStrategy,
} from '../../server/search/types.ts';
export { COUNT_CAP, countHits } from './count.ts';
export { expandShortTerms, MAX_SHORT_EXPANSION, QueryTooBroadError } from './expand.ts';
export { searchCorpus } from './page.ts';
export { listSections } from './sections.ts';
