/**
 * The shapes of a concordance search: what is asked (level, order, filters) and what comes back
 * (hits, each with both sides of its link). Pure types, shared by the search form (params.ts) and
 * the queries of db/search/, which import them from here.
 */
import type { LinkStatus, Lang } from '../model.ts';

export type SearchLevel = 'sentence' | 'paragraph';

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
