import { stmt, type Db } from './open.ts';

/**
 * The pairs `jjak align --all` works through: those without links (the resumable default), or
 * every pair with force. Read in id order so pairs aligned meanwhile never shift the window.
 */

/** How many pairs an align run would take on. */
export function countPairsToAlign(db: Db, force: boolean): number {
  return stmt<[], { n: number }>(db, force
    ? 'SELECT count(*) AS n FROM pairs'
    : 'SELECT count(*) AS n FROM pairs p WHERE NOT EXISTS (SELECT 1 FROM links b WHERE b.pair_id = p.id)').get()?.n ?? 0;
}

/** Up to `limit` ids after `afterId`, in id order; without force only pairs that have no links yet. */
export function pairIdsToAlign(db: Db, afterId: number, limit: number, force: boolean): number[] {
  return stmt<[number, number], { id: number }>(db, force
    ? 'SELECT id FROM pairs WHERE id > ? ORDER BY id LIMIT ?'
    : `SELECT id FROM pairs p WHERE id > ? AND NOT EXISTS (SELECT 1 FROM links b WHERE b.pair_id = p.id)
       ORDER BY id LIMIT ?`).all(afterId, limit).map((r) => r.id);
}
