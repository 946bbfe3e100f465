import { stmt, type Db } from '../../db/open.ts';
import { getPair, logChange, type PairDetail } from '../../db/pairs.ts';
import {
  changesSince, lastAppliedOperation, nextRedoOperation, pairArticles, recordOperation, setOperationUndone,
  writeReviewState, type ChangeEntry,
} from '../../db/review.ts';
import { realignAround } from '../align/index.ts';
import { segmentSentences } from '../segment/index.ts';
import { applyOp, type OpContext, type ReviewOp } from '../review/ops.ts';
import { applyPatch, makePatch, parsePatch, patchChangesText, sameParagraph, serializePatch } from '../review/patch.ts';
import { describeOp, touchedParagraphs } from '../review/describe.ts';
import {
  checkInvariants, ReviewOpError, reviewStatus, type ReviewState,
} from '../review/state.ts';
import type { Paragraph } from '../model.ts';

/** An operation request: one of the review operations, or undo / redo. */
export type ReviewRequest = ReviewOp | { op: 'undo' } | { op: 'redo' };

/** The version sent is not the pair's version: someone else changed it in between. */
export class StaleVersionError extends Error {
  constructor(public readonly current: number, public readonly sent: number, public readonly changes: ChangeEntry[]) {
    super(`This pair changed since you loaded it (your version ${sent}, now ${current}). Your change was not applied; the screen now shows the latest state.`);
  }
}

/** Undo or redo cannot restore a snapshot because the alignment was changed another way meanwhile. */
export class HistoryConflictError extends Error {}

export interface ReviewOutcome {
  /** The pair after the operation, as GET /api/pairs/:id shows it. */
  pair: PairDetail;
  /** The state before it (the page re-renders only the rows that differ). */
  before: ReviewState;
  summary: string;
}

/** The library calls the operations need, bound to the real segmenter and aligner. */
export const DEFAULT_DEPS: Pick<OpContext, 'segment' | 'realign'> = {
  segment: segmentSentences,
  realign: (en, ko, fixed) => realignAround(en, ko, fixed),
};

const sameParagraphs = (a: readonly Paragraph[], b: readonly Paragraph[]) =>
  a.length === b.length && a.every((p, i) => sameParagraph(p, b[i]!));

// The last state each pair was read or written in, per database. An operation on a 300-paragraph
// pair spent most of its time re-reading ~4,000 rows; every change to a pair bumps its version and
// updated_at (schema contract), so a matching stamp proves the cached state is current.
const stateCache = new WeakMap<Db, Map<number, { stamp: string; pair: PairDetail }>>();
const CACHED_PAIRS = 20;

function stampOf(db: Db, pairId: number): string | null {
  const r = stmt<[number], { version: number; updated_at: string; en_article_id: number }>(db,
    'SELECT version, updated_at, en_article_id FROM pairs WHERE id = ?').get(pairId);
  return r ? `${r.version}|${r.updated_at}|${r.en_article_id}` : null;
}

function remember(db: Db, pair: PairDetail): void {
  let cache = stateCache.get(db);
  if (!cache) stateCache.set(db, (cache = new Map<number, { stamp: string; pair: PairDetail }>()));
  cache.delete(pair.id);
  if (cache.size >= CACHED_PAIRS) cache.delete(cache.keys().next().value!);
  const stamp = stampOf(db, pair.id);
  if (stamp) cache.set(pair.id, { stamp, pair });
}

/**
 * A pair as getPair reads it, served from memory while its version stamp is unchanged. Callers
 * must not modify the result (the review operations never modify their input).
 */
export function readReviewPair(db: Db, pairId: number): { pair: PairDetail } | null {
  const stamp = stampOf(db, pairId);
  if (!stamp) return null;
  const hit = stateCache.get(db)?.get(pairId);
  if (hit && hit.stamp === stamp) return { pair: hit.pair };
  const pair = getPair(db, pairId);
  if (!pair) return null;
  remember(db, pair);
  return { pair };
}

/**
 * Applies one review operation to a pair in one immediate transaction: checks the version (a
 * stale one throws StaleVersionError), computes the new state with the pure operations, writes
 * it, bumps the version, records the undo snapshot and logs the change. Any error leaves the pair
 * exactly as it was. Returns null when there is no such pair.
 */
export function applyReviewOp(db: Db, pairId: number, request: ReviewRequest, version: number, user: string,
  deps: Pick<OpContext, 'segment' | 'realign'> = DEFAULT_DEPS): ReviewOutcome | null {
  return db.transaction((): ReviewOutcome | null => {
    const ids = pairArticles(db, pairId);
    const read = readReviewPair(db, pairId);
    if (!ids || !read) return null;
    const { pair } = read;
    if (pair.version !== version) throw new StaleVersionError(pair.version, version, changesSince(db, pairId, version));
    const now = new Date().toISOString();
    let next: ReviewState;
    let summary: string;
    let logDetail: Record<string, unknown>;
    if (request.op === 'undo' || request.op === 'redo') {
      const undo = request.op === 'undo';
      const step = undo ? lastAppliedOperation(db, pairId) : nextRedoOperation(db, pairId);
      if (!step) throw new ReviewOpError(undo ? 'nothing_to_undo' : 'nothing_to_redo', undo ? 'There is nothing to undo.' : 'There is nothing to redo.');
      const restored = applyPatch(pair, parsePatch(step.beforeState, step.afterState), request.op);
      if (!restored) {
        throw new HistoryConflictError(`The alignment was changed outside the review history since "${step.summary}", so it cannot be ${undo ? 'undone' : 'redone'} safely.`);
      }
      next = restored;
      checkInvariants(next);
      setOperationUndone(db, step.id, undo ? { by: user, at: now } : null);
      summary = `${undo ? 'undid' : 'redid'}: ${step.summary}`;
      logDetail = { operation: step.seq, summary };
    } else {
      next = applyOp(pair, request, { user, now, ...deps });
      summary = describeOp(pair, request);
      const touched = touchedParagraphs(pair, request);
      const patch = makePatch(pair, next);
      const halves = serializePatch(patch);
      recordOperation(db, {
        pairId, op: request.op, args: argsOf(request), summary, enParagraphs: touched.en, koParagraphs: touched.ko,
        beforeState: halves.before, afterState: halves.after, textChanged: patchChangesText(patch), user, createdAt: now,
      });
      logDetail = { ...argsOf(request), summary };
    }
    const rewrite = {
      en: !sameParagraphs(pair.en.paragraphs, next.en.paragraphs),
      ko: !sameParagraphs(pair.ko.paragraphs, next.ko.paragraphs),
    };
    const status = next.links.length === 0 ? pair.status : reviewStatus(next.links);
    const newVersion = writeReviewState(db, ids, pair, next, status, rewrite, now);
    logChange(db, pairId, user, `review.${request.op}`, { ...logDetail, version: newVersion });
    // the new state is what was just written: no second read of 2,000 rows
    const after: PairDetail = {
      ...pair, version: newVersion, status, updatedAt: now,
      en: { ...pair.en, paragraphs: next.en.paragraphs }, ko: { ...pair.ko, paragraphs: next.ko.paragraphs },
      links: next.links,
    };
    remember(db, after);
    return { pair: after, before: pair, summary };
  }).immediate();
}

function argsOf(request: ReviewOp): Record<string, unknown> {
  const { op: _op, ...args } = request;
  // texts are in the snapshots; the log keeps only their length
  if ('text' in args) return { ...args, text: undefined, textLength: args.text.length };
  return args;
}
