/** Review steps on the bus pair (pair 1) of the export corpus, for the tests that need a crossed link. */
import type { Db } from '../../db/open.ts';
import { getPair } from '../../db/pairs.ts';
import { applyReviewOp } from '../../server/services/review.ts';

export type ReviewRequest = Parameters<typeof applyReviewOp>[2];

/** Runs review operations on pair 1 as lee, each against the pair's current version. */
export function reviewBusPair(db: Db, ...ops: ReviewRequest[]): void {
  for (const o of ops) applyReviewOp(db, 1, o, getPair(db, 1)!.version, 'lee');
}

/** Splits row 1 and links English ¶1 with Korean ¶3 across the two-sided row between: a crossed link. */
export const CROSS_BUS_PAIR: ReviewRequest[] = [{ op: 'split', link: 1 }, { op: 'link', level: 'paragraph', en: [1], ko: [3] }];
