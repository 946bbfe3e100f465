/**
 * The list page's query: pairs newest first, one page at a time. A deep page costs about what the
 * first one does: the page's first id is found by walking ids alone (from whichever end of the id
 * order is nearer), then the page is read from that id on (keyset), so the figures of the pairs
 * before it are never computed.
 */
import { stmt, type Db } from './open.ts';
import { type PairSummary } from './pairs.ts';
import { SECTION_FILTER_SQL, sectionBindings } from './pair-filter.ts';
import { type PairStatus, LOW_CONFIDENCE } from '../server/model.ts';

type SummaryRow = {
  id: number; status: PairStatus; version: number; en_title: string | null; ko_title: string | null;
  published: string | null; en_paragraphs: number; ko_paragraphs: number; links: number;
  confirmed_links: number; low_links: number; min_confidence: number | null; created_at: string;
};

const toSummary = (r: SummaryRow): PairSummary => ({
  id: r.id, status: r.status, version: r.version, enTitle: r.en_title, koTitle: r.ko_title,
  published: r.published, enParagraphs: r.en_paragraphs, koParagraphs: r.ko_paragraphs, links: r.links,
  confirmedLinks: r.confirmed_links, lowConfidenceLinks: r.low_links, minConfidence: r.min_confidence,
  createdAt: r.created_at,
});

/**
 * The page from pair @first down: every subquery is an index seek for one of the page's pairs. The
 * unary + keeps level and confidence out of index choice: with an index on (level, confidence) the
 * planner took min(confidence) from it, scanning every paragraph link of the corpus (25 s at 100,000 pairs).
 */
export const PAGE_SQL = `SELECT p.id, p.status, p.version, e.title AS en_title, k.title AS ko_title,
    COALESCE(k.published_at, e.published_at) AS published, p.created_at,
    (SELECT count(*) FROM paragraphs WHERE article_id = e.id) AS en_paragraphs,
    (SELECT count(*) FROM paragraphs WHERE article_id = k.id) AS ko_paragraphs,
    (SELECT count(*) FROM links b WHERE b.pair_id = p.id AND +b.level = 'paragraph') AS links,
    (SELECT count(*) FROM links b WHERE b.pair_id = p.id AND +b.level = 'paragraph' AND +b.status = 'confirmed') AS confirmed_links,
    (SELECT count(*) FROM links b WHERE b.pair_id = p.id AND +b.level = 'paragraph' AND +b.status = 'auto'
       AND +b.confidence < @low) AS low_links,
    (SELECT min(+b.confidence) FROM links b WHERE b.pair_id = p.id AND +b.level = 'paragraph') AS min_confidence
  FROM pairs p JOIN articles e ON e.id = p.en_article_id JOIN articles k ON k.id = p.ko_article_id
  WHERE p.id <= @first
  ORDER BY p.id DESC LIMIT @limit`;

/** PAGE_SQL for one collection's pairs (migrations/015: the partial index pairs_collection). */
const COLLECTION_PAGE_SQL = PAGE_SQL.replace('WHERE p.id <= @first', 'WHERE p.id <= @first AND p.collection_id = @collectionId');

/**
 * The pairs of one section (and the sections under it, db/pair-filter.ts), optionally of one
 * collection: ids newest first. (A section filter cannot walk one index like a collection does.)
 */
const SECTION_IDS = `SELECT p.id FROM pairs p JOIN articles e ON e.id = p.en_article_id JOIN articles k ON k.id = p.ko_article_id
  WHERE (@cid IS NULL OR p.collection_id = @cid) AND ${SECTION_FILTER_SQL}`;
const SECTION_PAGE_SQL = PAGE_SQL.replace('WHERE p.id <= @first', `WHERE p.id <= @first AND p.id IN (${SECTION_IDS})`);
const sectionParams = (collectionId: number | null, section: string) => ({ cid: collectionId, ...sectionBindings(section) });

/** How many pairs the list shows: all, one collection's, and/or one section's. */
export function countListedPairs(db: Db, collectionId: number | null = null, section: string | null = null): number {
  if (section !== null) {
    return stmt<[ReturnType<typeof sectionParams>], { n: number }>(db, `SELECT count(*) AS n FROM (${SECTION_IDS})`).get(sectionParams(collectionId, section))?.n ?? 0;
  }
  return collectionId === null
    ? stmt<[], { n: number }>(db, 'SELECT count(*) AS n FROM pairs').get()?.n ?? 0
    : stmt<[number], { n: number }>(db, 'SELECT count(*) AS n FROM pairs WHERE collection_id = ?').get(collectionId)?.n ?? 0;
}

/** firstIdOfPage within one collection: its ids come from the collection's index, newest first. */
function firstIdOfCollectionPage(db: Db, collectionId: number, offset: number): number | null {
  return stmt<[number, number], { id: number }>(db, 'SELECT id FROM pairs WHERE collection_id = ? ORDER BY id DESC LIMIT 1 OFFSET ?')
    .get(collectionId, offset)?.id ?? null;
}

/** Id of the pair at `offset` in newest-first order, or null past the end. Walks ids only. */
function firstIdOfPage(db: Db, offset: number): number | null {
  const total = countListedPairs(db);
  if (offset >= total) return null;
  // The oldest pages are nearest the other end: count from there (offset total - 1 - offset in ascending order).
  const row = offset <= (total - 1) / 2
    ? stmt<[number], { id: number }>(db, 'SELECT id FROM pairs ORDER BY id DESC LIMIT 1 OFFSET ?').get(offset)
    : stmt<[number], { id: number }>(db, 'SELECT id FROM pairs ORDER BY id ASC LIMIT 1 OFFSET ?').get(total - 1 - offset);
  return row?.id ?? null;
}

/**
 * Pairs newest first (highest id first), with the figures the list page shows. `offset` counts
 * pairs from the newest; one read transaction, so the page is consistent with the count it used.
 */
export function listPairs(db: Db, opts: { limit: number; offset: number; collectionId?: number | null; section?: string | null }): PairSummary[] {
  if (opts.limit <= 0) return [];
  const collectionId = opts.collectionId ?? null;
  const section = opts.section ?? null;
  if (section !== null) {
    return db.transaction(() => {
      const params = sectionParams(collectionId, section);
      const first = stmt<[ReturnType<typeof sectionParams> & { offset: number }], { id: number }>(db, `${SECTION_IDS} ORDER BY p.id DESC LIMIT 1 OFFSET @offset`)
        .get({ ...params, offset: opts.offset })?.id;
      if (first === undefined) return [];
      return stmt<[ReturnType<typeof sectionParams> & { first: number; limit: number; low: number }], SummaryRow>(db, SECTION_PAGE_SQL)
        .all({ ...params, first, limit: opts.limit, low: LOW_CONFIDENCE }).map(toSummary);
    })();
  }
  return db.transaction(() => {
    const first = collectionId === null ? firstIdOfPage(db, opts.offset) : firstIdOfCollectionPage(db, collectionId, opts.offset);
    if (first === null) return [];
    return stmt<[{ first: number; limit: number; low: number; collectionId: number | null }], SummaryRow>(db, collectionId === null ? PAGE_SQL : COLLECTION_PAGE_SQL)
      .all({ first, limit: opts.limit, low: LOW_CONFIDENCE, collectionId }).map(toSummary);
  })();
}
