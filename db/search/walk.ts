/**
 * Walks: pairs arrive in the page's order, a batch at a time, and the FTS index is asked only for
 * the units of each batch (probe.ts) until the page is full.
 */
import { ANY_LINK, WalkAbandoned, type LinkTest, type PairSource, type SearchContext, type Walked } from './context.ts';
import { compareLangPosition } from './order.ts';
import { hitsOfPairs } from './probe.ts';
import type { HitRow } from './sql.ts';

/** The walks' batches of pairs start small (a frequent word fills a page from a few pairs) and double. */
export const WALK_FIRST_BATCH = 16;
export const WALK_MAX_BATCH = 1024;

/**
 * The first `want` hits of the pairs a source delivers, in its order (then reading order, English
 * first). `exhausted` is true when the source ran dry (the rows are then every hit).
 */
export function walkPairs(ctx: SearchContext, source: PairSource, want: number, test: LinkTest = ANY_LINK): Walked {
  const rows: HitRow[] = [];
  let size = WALK_FIRST_BATCH;
  for (;;) {
    const { pairs, done } = source(size);
    if (pairs.length > 0) {
      const rank = new Map(pairs.map((p, i) => [p.id, i] as const));
      const found = hitsOfPairs(ctx, pairs, test);
      found.sort((a, b) => rank.get(a.pair_id)! - rank.get(b.pair_id)! || compareLangPosition(a, b));
      const room = want - rows.length;
      for (const h of found.length > room ? found.slice(0, room) : found) rows.push(h);
      if (found.length > room) return { rows, exhausted: false };
    }
    if (done) return { rows, exhausted: true };
    if (rows.length >= want) return { rows, exhausted: false };
    if (performance.now() > ctx.deadline) throw new WalkAbandoned();
    size = Math.min(size * 2, WALK_MAX_BATCH);
  }
}
