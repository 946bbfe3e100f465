/** A page's hits filled in for display: titles, date, section, the link and both sides' texts. */
import { stmt, type Db } from '../open.ts';
import { linkItems, type LinkRecord } from '../links.ts';
import type { Lang } from '../../server/model.ts';
import type { SearchHit, SearchLevel } from '../../server/search/types.ts';
import type { HitRow } from './sql.ts';

const linkAt = (level: SearchLevel, lang: Lang): string =>
  `SELECT position, status, confidence, en_start, en_end, ko_start, ko_end FROM links
   WHERE pair_id = ? AND level = '${level}' AND ${lang}_end > ? AND ${lang}_start <= ? ORDER BY ${lang}_end LIMIT 1`;
/** The link of a level that holds position N on one side (constant SQL, one per level and side). */
const LINK_AT: Record<SearchLevel, Record<Lang, string>> = {
  sentence: { en: linkAt('sentence', 'en'), ko: linkAt('sentence', 'ko') },
  paragraph: { en: linkAt('paragraph', 'en'), ko: linkAt('paragraph', 'ko') },
};

type LinkRow = Pick<LinkRecord, 'position' | 'status' | 'confidence' | 'en_start' | 'en_end' | 'ko_start' | 'ko_end'>;

export const linkOf = (db: Db, level: SearchLevel, r: HitRow): LinkRow | undefined =>
  stmt<[number, number, number], LinkRow>(db, LINK_AT[level][r.lang]).get(r.pair_id, r.position, r.position);

/** Fills in one page row: titles, date, link, both sides' texts and the paragraph link index. */
export function describeHit(db: Db, r: HitRow, level: SearchLevel): SearchHit {
  const meta = stmt<[number, number], { en_title: string | null; ko_title: string | null; section: string | null; published: string | null }>(db,
    `SELECT e.title AS en_title, k.title AS ko_title, coalesce(k.section, e.section) AS section,
       coalesce(k.published_at, e.published_at) AS published
     FROM articles e, articles k WHERE e.id = ? AND k.id = ?`,
  ).get(r.en_article_id, r.ko_article_id);
  const link = linkOf(db, level, r);
  const items = link ? linkItems(link) : null;
  const enPositions = items ? items.en : r.lang === 'en' ? [r.position] : [];
  const koPositions = items ? items.ko : r.lang === 'ko' ? [r.position] : [];
  const texts = (articleId: number, positions: number[]): string[] => {
    if (positions.length === 0) return [];
    const sql = level === 'sentence'
      ? 'SELECT text FROM sentences WHERE article_id = ? AND position >= ? AND position < ? ORDER BY position'
      : 'SELECT text FROM paragraphs WHERE article_id = ? AND position >= ? AND position < ? ORDER BY position';
    return stmt<[number, number, number], { text: string }>(db, sql)
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
  return stmt<[number, number], { position: number }>(db, sql).get(r.pair_id, r.unit_id)?.position ?? null;
}
