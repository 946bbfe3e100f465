/**
 * Which of migration 010's indexes a database has, read once per connection (statements are cached
 * per connection by db/open.ts's stmt).
 */
import { stmt, type Db } from '../open.ts';

/** The indexes (and vocabulary tables) of migration 010 a database has, read once per connection. */
const indexesSeen = new WeakMap<Db, ReadonlySet<string>>();
export function searchIndexes(db: Db): ReadonlySet<string> {
  let found = indexesSeen.get(db);
  if (!found) {
    found = new Set(stmt<[], { name: string }>(db,
      `SELECT name FROM sqlite_schema WHERE type = 'index' AND name IN
         ('links_level_status', 'links_level_type', 'links_level_confidence', 'articles_published', 'articles_section_nocase')
       UNION ALL SELECT name FROM sqlite_schema WHERE type = 'table' AND name IN ('sentence_grams_terms', 'paragraph_grams_terms')`,
    ).all().map((r) => r.name));
    indexesSeen.set(db, found);
  }
  return found;
}

