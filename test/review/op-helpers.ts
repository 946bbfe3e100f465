/** Short ways to run and read the pure review operations in tests. */
import assert from 'node:assert/strict';
import { applyOp, type ReviewOp } from '../../server/review/ops.ts';
import { ReviewOpError, type ReviewState } from '../../server/review/state.ts';
import { CTX } from './fixtures.ts';

/** Compact rendering: rows as "en-ko" index lists, e.g. "0/0 1,2/1 -/2". */
export const rows = (s: ReviewState): string => s.links.map((l) => `${l.en.join(',') || '-'}/${l.ko.join(',') || '-'}`).join(' ');
/** The sentence links inside row `r`, rendered like rows. */
export const sents = (s: ReviewState, r: number): string => s.links[r]!.sentences.map((l) => `${l.en.join(',') || '-'}/${l.ko.join(',') || '-'}`).join(' ');
/** Applies operations one after another with the test context. */
export const run = (s: ReviewState, ...ops: ReviewOp[]): ReviewState => ops.reduce((st, op) => applyOp(st, op, CTX), s);
/** Asserts that the operation is refused with that error code. */
export const refuses = (s: ReviewState, op: ReviewOp, code: string): void =>
  assert.throws(() => applyOp(s, op, CTX), (e) => e instanceof ReviewOpError && e.code === code);
