/**
 * The hit queries' shared SQL: the FTS tables of each level, the link filters, the statement that
 * joins every hit, and the bindings every search statement takes.
 */
import type { Lang } from '../../server/model.ts';
import type { SearchFilters, SearchLevel } from '../../server/search/types.ts';
import { PAIR_SCOPE_SQL, pairScopeBindings } from '../pair-filter.ts';

export type HitRow = { unit_id: number; lang: Lang; position: number; pair_id: number; en_article_id: number; ko_article_id: number };
export type Match = { en: string | null; ko: string | null };

// The hit queries are built from the constant fragments below: table and column names come from
// these constants, never from input, and every value is a bound parameter. The side not searched
// gets a NULL MATCH argument and contributes no rows (`@x IS NOT NULL AND … MATCH @x` never reaches
// the FTS5 parser with NULL). The pair filters (date, section, collection) are the ones export, stats
// and the pair list use (db/pair-filter.ts).
export const PAIR_FILTERS = `
  AND ${PAIR_SCOPE_SQL}`;
export const LINK_FILTERS = `
  AND (@status IS NULL OR b.status = @status)
  AND (@typeEn IS NULL OR (b.en_end - b.en_start = @typeEn AND b.ko_end - b.ko_start = @typeKo))`;
export const FTS_TABLES = {
  sentence: { en: 'sentence_words', ko: 'sentence_grams' },
  paragraph: { en: 'paragraph_words', ko: 'paragraph_grams' },
} as const;
export const UNIT_TABLES = { sentence: 'sentences', paragraph: 'paragraphs' } as const;

/**
 * All hits of one level, from both sides, each joined to its pair. With `articles`, also to both
 * articles (publication date and section: the date order and the pair filters). With `links`, to
 * the link that holds the hit (one index seek: the first link whose range ends after the
 * position), for the status and type filters and the confidence order.
 */
export function hitsSql(level: SearchLevel, articles: boolean, links: boolean): string {
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

/** The pair filters' bindings (see PAIR_FILTERS). */
export const pairFilterParams = (f: SearchFilters) =>
  pairScopeBindings({ from: f.from ?? null, to: f.to ?? null, section: f.section ?? null, collection: f.collection ?? null });

/** Every binding a hit statement may take: both MATCH arguments and every filter. */
export type Bindings = ReturnType<typeof bindings>;
export function bindings(match: Match, f: SearchFilters) {
  return {
    en: match.en, ko: match.ko, status: f.status ?? null,
    typeEn: f.type?.en ?? null, typeKo: f.type?.ko ?? null,
    ...pairFilterParams(f),
  };
}

export const hasPairFilters = (f: SearchFilters): boolean => f.from !== undefined || f.to !== undefined || f.section !== undefined || f.collection !== undefined;
export const hasLinkFilters = (f: SearchFilters): boolean => f.status !== undefined || f.type !== undefined;
export const hasFilters = (f: SearchFilters): boolean => hasPairFilters(f) || hasLinkFilters(f);
