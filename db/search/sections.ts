/** The sections present in the corpus, for the filters' choices (search, export, stats, the pair list). */
import { stmt, type Db } from '../open.ts';

/** An index on articles (section), in SQLite's own order (not 010's NOCASE one), lets listSections jump from one section to the next. */
const sectionIndexed = new WeakMap<Db, boolean>();

/**
 * Sections present in the corpus, for the filter's choices. With an index on the section column,
 * one index seek per distinct section; without one, the sections of the newest 2,000 articles
 * (a scan of every article costs most of a second at 100,000 pairs).
 */
export function listSections(db: Db): string[] {
  let indexed = sectionIndexed.get(db);
  if (indexed === undefined) {
    indexed = stmt<[], { ok: number }>(db,
      `SELECT EXISTS (SELECT 1 FROM pragma_index_list('articles') l JOIN pragma_index_xinfo(l.name) i
         WHERE l.partial = 0 AND i.seqno = 0 AND i.name = 'section' AND i.coll = 'BINARY') AS ok`).get()?.ok === 1;
    sectionIndexed.set(db, indexed);
  }
  const sql = indexed
    ? `WITH RECURSIVE next (section) AS (
         SELECT min(section) FROM articles WHERE section > ''
         UNION ALL SELECT (SELECT min(section) FROM articles WHERE section > next.section) FROM next WHERE next.section IS NOT NULL)
       SELECT section FROM next WHERE section IS NOT NULL LIMIT 200`
    : `SELECT DISTINCT section FROM (SELECT section FROM articles ORDER BY id DESC LIMIT 2000)
       WHERE section IS NOT NULL AND section <> '' ORDER BY section LIMIT 200`;
  return stmt<[], { section: string }>(db, sql).all().map((r) => r.section);
}
