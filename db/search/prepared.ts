/**
 * Per-connection caches of the search: prepared statements and which of migration 010's indexes a
 * database has.
 */
import type { Statement } from 'better-sqlite3';
import type { Db } from '../open.ts';

/**
 * Prepared statements per connection and SQL text: a search prepares about a dozen statements,
 * and preparing costs more than running the small ones. All SQL here is constant text.
 */
const statements = new WeakMap<Db, Map<string, Statement>>();
export function prepared<P extends unknown[], R>(db: Db, sql: string): Statement<P, R> {
  let cache = statements.get(db);
  if (!cache) statements.set(db, (cache = new Map<string, Statement>()));
  let stmt = cache.get(sql);
  if (!stmt) cache.set(sql, (stmt = db.prepare(sql)));
  return stmt as unknown as Statement<P, R>;
}

/** The indexes (and vocabulary tables) of migration 010 a database has, read once per connection. */
const indexesSeen = new WeakMap<Db, ReadonlySet<string>>();
export function searchIndexes(db: Db): ReadonlySet<string> {
  let found = indexesSeen.get(db);
  if (!found) {
    found = new Set(prepared<[], { name: string }>(db,
      `SELECT name FROM sqlite_schema WHERE type = 'index' AND name IN
         ('links_level_status', 'links_level_type', 'links_level_confidence', 'articles_published', 'articles_section_nocase')
       UNION ALL SELECT name FROM sqlite_schema WHERE type = 'table' AND name IN ('sentence_grams_terms', 'paragraph_grams_terms')`,
    ).all().map((r) => r.name));
    indexesSeen.set(db, found);
  }
  return found;
}

