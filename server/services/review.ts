import type { Db } from '../../db/open.ts';
import { getPair, logChange, type PairDetail } from '../../db/pairs.ts';
import {
  changesSince, lastAppliedOperation, laterOperationsOfOthers, nextRedoOperation, pairArticles, pairStamp, recordOperation,
  setOperationUndone, writeReviewState, type ChangeEntry, type OperationRecord,
} from '../../db/review.ts';
import { realignAround, type AlignSide } from '../align/index.ts';
import { segmentSentences } from '../segment/index.ts';
import { applyOp, linksAtLeast, type OpContext, type ReviewOp } from '../review/ops.ts';
import {
  applyPatch, makePatch, parsePatch, patchChangesText, patchParagraphs, sameParagraph, serializePatch,
} from '../review/patch.ts';
import { reviewEvents } from './review-events.ts';
import { describeOp, touchedParagraphs } from '../review/describe.ts';
import { checkInvariants, InvariantError, ReviewOpError, reviewStatus, type ReviewState } from '../review/state.ts';
import type { Paragraph } from '../model.ts';
import { changedWindow, type ChangedLinks } from '../review/view-model.ts';

/** An operation request: one of the review operations, or undo / redo. */
export type ReviewRequest = ReviewOp | { op: 'undo' } | { op: 'redo' };

/**
 * A text edit that met someone else's change: the paragraph as it is now beside the text typed,
 * and the request that saves the typed text on top of the current version as it stands.
 */
export interface TextConflict {
  side: 'en' | 'ko';
  paragraph: number;
  /** The paragraph's text now; null when there is no such paragraph any more. */
  theirs: string | null;
  yours: string;
  resend: { op: 'edit-text'; side: 'en' | 'ko'; paragraph: number; text: string; version: number };
}

/** The version sent is not the pair's version: someone else changed it in between. */
export class StaleVersionError extends Error {
  constructor(public readonly current: number, public readonly sent: number, public readonly changes: ChangeEntry[],
    public readonly conflict: TextConflict | null = null) {
    super(conflict
      ? `Someone else changed this pair since you loaded it (your version ${sent}, now ${current}). Your text was not saved; it is kept beside the current text, and you can save it on top.`
      : `This pair changed since you loaded it (your version ${sent}, now ${current}). Your change was not applied; the screen now shows the latest state.`);
  }
}

/** Undo or redo cannot restore a snapshot because the alignment was changed another way meanwhile. */
export class HistoryConflictError extends Error {
  readonly code: string = 'history_conflict';
}

/** An undo or redo that another reviewer's later operation depends on. */
export class UndoConflictError extends HistoryConflictError {
  override readonly code = 'undo_conflict';
  constructor(message: string, public readonly by: string, public readonly summary: string) {
    super(message);
  }
}

export interface ReviewOutcome {
  /** The pair after the operation, as GET /api/pairs/:id shows it. */
  pair: PairDetail;
  /** The state before it (the page re-renders only the rows that differ). */
  before: ReviewState;
  summary: string;
  /** Rows that differ from `before` (window and changed indices in the new state). */
  changed: ChangedLinks;
  /** Set for a confirm-at-least dry run: nothing was written; these rows would be confirmed. */
  dryRun?: { count: number; rows: number[] };
}

/**
 * Band half-width for realigning a long article from the review screen. The aligner searches the
 * whole table up to 250,000 cells and a band of max(48, 2·√units) beyond; the band widens by
 * itself wherever the best path touches its edge (dp.ts), so a narrower start finds the same path
 * and, on a 400-row pair, the same links and confidences in a third of the time (Realign rest
 * has a 500 ms budget).
 */
export const REALIGN_BAND = 24;
const FULL_TABLE_CELLS = 250_000;
const units = (side: AlignSide) => side.paragraphs.reduce((n, p) => n + p.sentences.length, 0);

/** The library calls the operations need, bound to the real segmenter and aligner. */
export const DEFAULT_DEPS: Pick<OpContext, 'segment' | 'realign'> = {
  segment: segmentSentences,
  realign: (en, ko, fixed) => realignAround(en, ko, fixed,
    (units(en) + 1) * (units(ko) + 1) > FULL_TABLE_CELLS ? { band: REALIGN_BAND } : {}),
};

const sameParagraphs = (a: readonly Paragraph[], b: readonly Paragraph[]) =>
  a.length === b.length && a.every((p, i) => sameParagraph(p, b[i]!));

// The last state each pair was read or written in, per database. An operation on a 300-paragraph
// pair spent most of its time re-reading ~4,000 rows; every change to a pair bumps its version and
// updated_at (schema contract), so a matching stamp proves the cached state is current.
const stateCache = new WeakMap<Db, Map<number, { stamp: string; pair: PairDetail }>>();
const CACHED_PAIRS = 20;

function remember(db: Db, pair: PairDetail): void {
  let cache = stateCache.get(db);
  if (!cache) stateCache.set(db, (cache = new Map<number, { stamp: string; pair: PairDetail }>()));
  cache.delete(pair.id);
  if (cache.size >= CACHED_PAIRS) cache.delete(cache.keys().next().value!);
  const stamp = pairStamp(db, pair.id);
  if (stamp) cache.set(pair.id, { stamp, pair });
}

/**
 * A pair as getPair reads it, served from memory while its version stamp is unchanged. Callers
 * must not modify the result (the review operations never modify their input).
 */
export function readReviewPair(db: Db, pairId: number): { pair: PairDetail } | null {
  const stamp = pairStamp(db, pairId);
  if (!stamp) return null;
  const hit = stateCache.get(db)?.get(pairId);
  if (hit && hit.stamp === stamp) return { pair: hit.pair };
  const pair = getPair(db, pairId);
  if (!pair) return null;
  remember(db, pair);
  return { pair };
}

/** A state reached by one step, what to call it, and what the change log keeps of it. */
type Step = { next: ReviewState; summary: string; logDetail: Record<string, unknown> };

/** Undo or redo of `user`'s own last (or last undone) operation on the pair. */
function stepHistory(db: Db, pair: PairDetail, op: 'undo' | 'redo', user: string, now: string): Step {
  const undo = op === 'undo';
  const step = undo ? lastAppliedOperation(db, pair.id, user) : nextRedoOperation(db, pair.id, user);
  if (!step) {
    throw new ReviewOpError(undo ? 'nothing_to_undo' : 'nothing_to_redo',
      undo ? 'You have nothing to undo on this pair.' : 'You have nothing to redo on this pair.');
  }
  const next = restoreStep(db, pair, step, op, user);
  setOperationUndone(db, step.id, undo ? { by: user, at: now } : null);
  const summary = `${undo ? 'undid' : 'redid'}: ${step.summary}`;
  return { next, summary, logDetail: { operation: step.seq, summary } };
}

/** A review operation applied by the pure core, with its undo patch recorded. */
function applyAndRecord(db: Db, pair: PairDetail, request: Exclude<ReviewRequest, { op: 'undo' | 'redo' }>, ctx: OpContext): Step {
  const next = applyOp(pair, request, ctx);
  const summary = describeOp(pair, request);
  const touched = touchedParagraphs(pair, request);
  const patch = makePatch(pair, next);
  const halves = serializePatch(patch);
  recordOperation(db, {
    pairId: pair.id, op: request.op, args: argsOf(request), summary, enParagraphs: touched.en, koParagraphs: touched.ko,
    beforeState: halves.before, afterState: halves.after, textChanged: patchChangesText(patch), user: ctx.user, createdAt: ctx.now,
  });
  return { next, summary, logDetail: { ...argsOf(request), summary } };
}

/**
 * Writes the new state over the stored one (only what changed), logs it and returns the pair as it
 * now is: the state just written, with no second read of 2,000 rows.
 */
function commitState(db: Db, ids: { id: number; enArticleId: number; koArticleId: number }, pair: PairDetail, { next, logDetail }: Step,
  op: string, user: string, now: string): PairDetail {
  const rewrite = {
    en: !sameParagraphs(pair.en.paragraphs, next.en.paragraphs),
    ko: !sameParagraphs(pair.ko.paragraphs, next.ko.paragraphs),
  };
  const status = next.links.length === 0 ? pair.status : reviewStatus(next.links);
  const newVersion = writeReviewState(db, ids, pair, next, status, rewrite, now);
  logChange(db, pair.id, user, `review.${op}`, { ...logDetail, version: newVersion });
  const after: PairDetail = {
    ...pair, version: newVersion, status, updatedAt: now,
    en: { ...pair.en, paragraphs: next.en.paragraphs }, ko: { ...pair.ko, paragraphs: next.ko.paragraphs },
    links: next.links,
  };
  remember(db, after);
  return after;
}

/**
 * Applies one review operation to a pair in one immediate transaction: checks the version (a
 * stale one throws StaleVersionError), computes the new state with the pure operations, writes
 * it, bumps the version, records the undo snapshot and logs the change. Any error leaves the pair
 * exactly as it was. Undo and redo step through `user`'s own operations. After the commit the
 * operation is published to the pair's listeners (server/services/review-events.ts). Returns null when
 * there is no such pair.
 */
export function applyReviewOp(db: Db, pairId: number, request: ReviewRequest, version: number, user: string,
  deps: Pick<OpContext, 'segment' | 'realign'> = DEFAULT_DEPS): ReviewOutcome | null {
  const outcome = db.transaction((): ReviewOutcome | null => {
    const ids = pairArticles(db, pairId);
    const read = readReviewPair(db, pairId);
    if (!ids || !read) return null;
    const { pair } = read;
    if (pair.version !== version) throw new StaleVersionError(pair.version, version, changesSince(db, pairId, version), textConflict(pair, request));
    if (request.op === 'confirm-at-least' && request.dryRun) {
      const rows = linksAtLeast(pair, request.confidence);
      return {
        pair, before: pair, changed: { start: 0, removed: 0, inserted: 0, rows: [] }, dryRun: { count: rows.length, rows },
        summary: `would confirm ${rows.length} row${rows.length === 1 ? '' : 's'} at or above ${request.confidence}`,
      };
    }
    const now = new Date().toISOString();
    const step = request.op === 'undo' || request.op === 'redo'
      ? stepHistory(db, pair, request.op, user, now)
      : applyAndRecord(db, pair, request, { user, now, ...deps });
    const after = commitState(db, ids, pair, step, request.op, user, now);
    return { pair: after, before: pair, summary: step.summary, changed: changedWindow(pair, after) };
  }).immediate();
  if (outcome && !outcome.dryRun) {
    reviewEvents(db).publish({
      pairId, version: outcome.pair.version, by: user, op: request.op, summary: outcome.summary, changed: outcome.changed,
    });
  }
  return outcome;
}

/** For a stale edit-text: the paragraph as it is now, the text sent, and how to save it on top. */
function textConflict(pair: PairDetail, request: ReviewRequest): TextConflict | null {
  if (request.op !== 'edit-text') return null;
  const { side, paragraph, text } = request;
  return {
    side, paragraph, theirs: pair[side].paragraphs[paragraph]?.text ?? null, yours: text,
    resend: { op: 'edit-text', side, paragraph, text, version: pair.version },
  };
}

/**
 * The state with one recorded step undone or redone. Refuses (UndoConflictError) when another
 * reviewer's later operation changed what the step changed, naming the newest such operation.
 */
function restoreStep(db: Db, pair: PairDetail, step: OperationRecord, direction: 'undo' | 'redo', user: string): ReviewState {
  const patch = parsePatch(step.beforeState, step.afterState);
  let restored = applyPatch(pair, patch, direction);
  if (restored) {
    try {
      checkInvariants(restored);
    } catch (e) {
      // e.g. another reviewer's text edit renumbered the sentences the step's rows hold
      if (!(e instanceof InvariantError)) throw e;
      restored = null;
    }
  }
  if (restored) return restored;
  const doing = direction === 'undo' ? 'undo' : 'redo';
  const mine = patchParagraphs(patch);
  const others = laterOperationsOfOthers(db, pair.id, step.seq, user);
  const blocker = others.find((o) => {
    const theirs = patchParagraphs(parsePatch(o.beforeState, o.afterState));
    return [...theirs.en].some((x) => mine.en.has(x)) || [...theirs.ko].some((x) => mine.ko.has(x));
  }) ?? others[0];
  if (blocker) {
    throw new UndoConflictError(
      `You cannot ${doing} "${step.summary}": ${blocker.user}'s later change "${blocker.summary}" depends on it. Ask ${blocker.user} to undo that first, or change the rows by hand.`,
      blocker.user, blocker.summary);
  }
  throw new HistoryConflictError(`The alignment was changed outside the review history since "${step.summary}", so it cannot be ${direction === 'undo' ? 'undone' : 'redone'} safely.`);
}

function argsOf(request: ReviewOp): Record<string, unknown> {
  const args: Record<string, unknown> = { ...request };
  delete args['op'];
  // a link of many paragraphs: the lists are in the snapshots; the log keeps their ends
  if (request.op === 'link') return { ...args, en: span(request.en), ko: span(request.ko) };
  // texts are in the snapshots; the log keeps only their length
  if (request.op === 'edit-text') return { ...args, text: undefined, textLength: request.text.length };
  return args;
}

const span = (list: readonly number[]) => (list.length <= 2 ? list : [list[0]!, list[list.length - 1]!]);
