import { stmt, type Db } from './open.ts';

/**
 * The search backlog (migrations/008_search_backlog.sql): pairs a bulk import stored without
 * indexing them for search. Indexing them in batches of a few hundred costs about a quarter of
 * indexing each pair as it is stored, because FTS5 then writes one index segment a batch.
 */

/** How many pairs wait to be indexed for search. */
export function countSearchBacklog(db: Db): number {
  return stmt<[], { n: number }>(db, 'SELECT count(*) AS n FROM pairs WHERE search_indexed = 0').get()?.n ?? 0;
}

/**
 * Indexes up to `maxPairs` pairs of the backlog, oldest first, in one statement (the trigger on
 * pairs.search_indexed writes their rows into the four FTS5 tables). Returns how many it indexed.
 * Runs in the caller's transaction if there is one, else in its own.
 */
export function indexSearchBacklog(db: Db, maxPairs: number): number {
  return stmt(db,
    `UPDATE pairs SET search_indexed = 1
     WHERE id IN (SELECT id FROM pairs WHERE search_indexed = 0 ORDER BY id LIMIT ?)`,
  ).run(maxPairs).changes;
}

/** Indexes the given pairs if they are in the backlog (others are left as they are). */
export function indexPairsForSearch(db: Db, pairIds: readonly number[]): number {
  if (pairIds.length === 0) return 0;
  return stmt(db,
    `UPDATE pairs SET search_indexed = 1
     WHERE search_indexed = 0 AND id IN (SELECT value FROM json_each(?))`,
  ).run(JSON.stringify(pairIds)).changes;
}

/**
 * Indexes the whole backlog in transactions of `batch` pairs, calling onProgress after each.
 * Synchronous: for a CLI command; the server uses startSearchIndexer (server/services/search-indexer.ts).
 */
export function drainSearchBacklog(db: Db, opts: { batch?: number; onProgress?: (done: number, total: number) => void } = {}): number {
  const total = countSearchBacklog(db);
  const step = db.transaction(() => indexSearchBacklog(db, opts.batch ?? 500));
  let done = 0;
  for (let n = total > 0 ? step.immediate() : 0; n > 0; n = step.immediate()) {
    done += n;
    opts.onProgress?.(done, Math.max(total, done));
  }
  return done;
}
