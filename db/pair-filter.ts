/**
 * The one definition of the pair filters, shared by export, search, stats and the pair list, so a
 * filter means the same on every page and in every command. SQL fragments over the aliases `p`
 * (pairs), `e` (the English article) and `k` (the Korean article); every value a bound parameter.
 *
 * Section: sections are stored as paths (`경제 > 경제일반`, server/import/section.ts). A filter
 * matches a section and everything under it, without regard to case: `경제` matches `경제` and
 * `경제 > 경제일반`, never `경제일반`. The test is an equality or a range on the NOCASE index
 * of migration 010 (`S > ` ≤ section < `S >!`: `!` follows the space after `>`), so it is an index
 * seek, not a LIKE scan. (SQLite's NOCASE folds ASCII letters only; Hangul has no case.)
 */

/** The article columns a section test runs on. */
type SectionColumn = 'e.section' | 'k.section' | 'a.section';

/** SQL: the section column matches @section or lies under it (binds @section, @sectionLo, @sectionHi). */
export const sectionMatches = (col: SectionColumn): string =>
  `(${col} = @section COLLATE NOCASE OR (${col} >= @sectionLo COLLATE NOCASE AND ${col} < @sectionHi COLLATE NOCASE))`;

/** SQL: no section filter, or the English or the Korean article's section matches. */
export const SECTION_FILTER_SQL = `(@section IS NULL OR ${sectionMatches('e.section')} OR ${sectionMatches('k.section')})`;

/** Bindings for {@link sectionMatches}: the path and the bounds of the paths under it. */
export function sectionBindings(section: string | null): { section: string | null; sectionLo: string | null; sectionHi: string | null } {
  return { section, sectionLo: section === null ? null : `${section} > `, sectionHi: section === null ? null : `${section} >!` };
}

/** The pair filters every listing takes. Null means "no filter". */
export interface PairFilter {
  pairIds: number[] | null;
  /** Published date range, inclusive, on the article's own calendar date (YYYY-MM-DD). */
  from: string | null;
  to: string | null;
  /** A section path; matches it and everything under it. */
  section: string | null;
  /** A collection's name (migrations/015); undefined or null: every pair. */
  collection?: string | null;
}

/** The filters on where a pair stands (its date, section and collection), without the list of ids. */
export type PairScope = Omit<PairFilter, 'pairIds'>;

/**
 * SQL: the pair passes the date, section and collection filters (bind with {@link pairScopeBindings}).
 * A pair's date is its Korean article's, else its English article's.
 */
export const PAIR_SCOPE_SQL = `(@from IS NULL OR substr(COALESCE(k.published_at, e.published_at), 1, 10) >= @from)
  AND (@to IS NULL OR substr(COALESCE(k.published_at, e.published_at), 1, 10) <= @to)
  AND ${SECTION_FILTER_SQL}
  AND (@collection IS NULL OR p.collection_id = (SELECT c.id FROM collections c WHERE c.name = @collection))`;

/** SQL: the pair passes every pair filter (bind with {@link pairFilterBindings}). */
export const PAIR_FILTER_SQL = `
  (@pairIds IS NULL OR p.id IN (SELECT value FROM json_each(@pairIds)))
  AND ${PAIR_SCOPE_SQL}`;

export function pairScopeBindings(f: PairScope) {
  return { from: f.from, to: f.to, ...sectionBindings(f.section), collection: f.collection ?? null };
}

export function pairFilterBindings(f: PairFilter) {
  return { pairIds: f.pairIds ? JSON.stringify(f.pairIds) : null, ...pairScopeBindings(f) };
}

/**
 * The date filters as a range of one article's `published_at`, for a seek on an index of it:
 * `substr(x, 1, 10) <= to` holds exactly when x < `to` with its last character one higher
 * (`to` is YYYY-MM-DD), and `substr(x, 1, 10) >= from` when x >= from.
 */
export function publishedBounds(from: string | null, to: string | null): { lo: string; hi: string } {
  const hi = to === null ? '\u{10FFFF}' : to.slice(0, -1) + String.fromCharCode(to.charCodeAt(to.length - 1) + 1);
  return { lo: from ?? '', hi };
}
