import { stmt, type Db } from './open.ts';
import { writeLinks, writeParagraphs, type LinkInput } from './pairs.ts';
import { LOW_CONFIDENCE, toLinkInputs, type Paragraph, type PairStatus, type Link, type ParagraphLink } from '../server/model.ts';
import { commonEnds, sameLink, sameParagraphLink } from '../server/review/patch.ts';

/** One recorded review operation, as the history pages show it. */
export interface OperationEntry {
  id: number;
  seq: number;
  op: string;
  args: Record<string, unknown>;
  summary: string;
  enParagraphs: number[];
  koParagraphs: number[];
  user: string;
  createdAt: string;
  undone: boolean;
  undoneBy: string | null;
  undoneAt: string | null;
}

/** An operation with the snapshots undo and redo restore. */
export interface OperationRecord extends OperationEntry {
  beforeState: string;
  afterState: string;
  textChanged: boolean;
}

/** An operation to record: what the history shows of it, its snapshots, and the pair it belongs to. */
export type NewOperation = Omit<OperationRecord, 'id' | 'seq' | 'undone' | 'undoneBy' | 'undoneAt'> & { pairId: number };

type OperationRow = {
  id: number; seq: number; op: string; args: string; summary: string; en_paragraphs: string; ko_paragraphs: string;
  user_name: string; created_at: string; undone: number; undone_by: string | null; undone_at: string | null;
};
type OperationRecordRow = OperationRow & { before_state: string; after_state: string; text_changed: number };

const ENTRY_COLUMNS = 'id, seq, op, args, summary, en_paragraphs, ko_paragraphs, user_name, created_at, undone, undone_by, undone_at';

const toEntry = (r: OperationRow): OperationEntry => ({
  id: r.id, seq: r.seq, op: r.op, args: JSON.parse(r.args) as Record<string, unknown>, summary: r.summary,
  enParagraphs: JSON.parse(r.en_paragraphs) as number[], koParagraphs: JSON.parse(r.ko_paragraphs) as number[],
  user: r.user_name, createdAt: r.created_at, undone: r.undone === 1, undoneBy: r.undone_by, undoneAt: r.undone_at,
});
const toRecord = (r: OperationRecordRow): OperationRecord => ({
  ...toEntry(r), beforeState: r.before_state, afterState: r.after_state, textChanged: r.text_changed === 1,
});

/**
 * Records an applied operation as the newest step of the pair's history. The user's own undone
 * steps are dropped first: a new operation after an undo ends that user's redo branch, as in
 * every editor (other reviewers keep theirs).
 */
export function recordOperation(db: Db, o: NewOperation): number {
  stmt(db, 'DELETE FROM operations WHERE pair_id = ? AND undone = 1 AND user_name = ?').run(o.pairId, o.user);
  const seq = (stmt<[number], { n: number | null }>(db, 'SELECT max(seq) AS n FROM operations WHERE pair_id = ?')
    .get(o.pairId)?.n ?? 0) + 1;
  const info = stmt(db,
    `INSERT INTO operations (pair_id, seq, op, args, summary, en_paragraphs, ko_paragraphs, before_state, after_state,
       text_changed, user_name, created_at)
     VALUES (@pairId, @seq, @op, @args, @summary, @en, @ko, @before, @after, @textChanged, @user, @createdAt)`,
  ).run({
    pairId: o.pairId, seq, op: o.op, args: JSON.stringify(o.args), summary: o.summary,
    en: JSON.stringify(o.enParagraphs), ko: JSON.stringify(o.koParagraphs), before: o.beforeState,
    after: o.afterState, textChanged: o.textChanged ? 1 : 0, user: o.user, createdAt: o.createdAt,
  });
  return Number(info.lastInsertRowid);
}

const RECORD_COLUMNS = `${ENTRY_COLUMNS}, before_state, after_state, text_changed`;

/** The step undo would revert for `user`: their newest operation not undone (anyone's when user is null). */
export function lastAppliedOperation(db: Db, pairId: number, user: string | null = null): OperationRecord | null {
  const r = stmt<[number, string | null, string | null], OperationRecordRow>(db, `SELECT ${RECORD_COLUMNS} FROM operations
     WHERE pair_id = ? AND undone = 0 AND (? IS NULL OR user_name = ?) ORDER BY seq DESC LIMIT 1`,
  ).get(pairId, user, user);
  return r ? toRecord(r) : null;
}

/** The step redo would re-apply for `user`: their oldest undone operation (the one undone last). */
export function nextRedoOperation(db: Db, pairId: number, user: string | null = null): OperationRecord | null {
  const r = stmt<[number, string | null, string | null], OperationRecordRow>(db, `SELECT ${RECORD_COLUMNS} FROM operations
     WHERE pair_id = ? AND undone = 1 AND (? IS NULL OR user_name = ?) ORDER BY seq ASC LIMIT 1`,
  ).get(pairId, user, user);
  return r ? toRecord(r) : null;
}

/** Applied operations of other users after step `seq`, newest first: the ones an undo may clash with. */
export function laterOperationsOfOthers(db: Db, pairId: number, seq: number, user: string, limit = 200): OperationRecord[] {
  return stmt<[number, number, string, number], OperationRecordRow>(db, `SELECT ${RECORD_COLUMNS} FROM operations
     WHERE pair_id = ? AND undone = 0 AND seq > ? AND user_name <> ? ORDER BY seq DESC LIMIT ?`,
  ).all(pairId, seq, user, limit).map(toRecord);
}

/** Marks one operation undone (by whom, when) or applied again. */
export function setOperationUndone(db: Db, id: number, undone: { by: string; at: string } | null): void {
  stmt(db, 'UPDATE operations SET undone = ?, undone_by = ?, undone_at = ? WHERE id = ?')
    .run(undone ? 1 : 0, undone?.by ?? null, undone?.at ?? null, id);
}

/** What undo and redo would do now, for the buttons' labels. */
export interface HistoryHead { undo: string | null; redo: string | null; undoCount: number; redoCount: number }

/** Undo and redo of `user` (each reviewer steps through their own operations); the whole pair's when user is omitted. */
export function historyHead(db: Db, pairId: number, user: string | null = null): HistoryHead {
  const count = (undone: number) => stmt<[number, number, string | null, string | null], { n: number }>(db,
    'SELECT count(*) AS n FROM operations WHERE pair_id = ? AND undone = ? AND (? IS NULL OR user_name = ?)').get(pairId, undone, user, user)?.n ?? 0;
  const counts = { applied: count(0), undone: count(1) };
  const summary = (sql: string) => stmt<[number, string | null, string | null], { summary: string }>(db, sql).get(pairId, user, user)?.summary ?? null;
  return {
    undo: summary('SELECT summary FROM operations WHERE pair_id = ? AND undone = 0 AND (? IS NULL OR user_name = ?) ORDER BY seq DESC LIMIT 1'),
    redo: summary('SELECT summary FROM operations WHERE pair_id = ? AND undone = 1 AND (? IS NULL OR user_name = ?) ORDER BY seq ASC LIMIT 1'),
    undoCount: counts.applied, redoCount: counts.undone,
  };
}

/** The pair's operations, newest first. */
export function listOperations(db: Db, pairId: number, limit = 500): OperationEntry[] {
  return stmt<[number, number], OperationRow>(db, `SELECT ${ENTRY_COLUMNS} FROM operations WHERE pair_id = ? ORDER BY seq DESC LIMIT ?`,
  ).all(pairId, limit).map(toEntry);
}

/** One change-log line. */
export interface ChangeEntry { id: number; user: string; action: string; detail: Record<string, unknown>; createdAt: string }

type ChangeRow = { id: number; user_name: string; action: string; detail: string; created_at: string };
const toChange = (r: ChangeRow): ChangeEntry => ({
  id: r.id, user: r.user_name, action: r.action, detail: JSON.parse(r.detail) as Record<string, unknown>, createdAt: r.created_at,
});

/** The pair's change log, newest first. */
export function listChanges(db: Db, pairId: number, limit = 1000): ChangeEntry[] {
  return stmt<[number, number], ChangeRow>(db, 'SELECT id, user_name, action, detail, created_at FROM change_log WHERE pair_id = ? ORDER BY id DESC LIMIT ?',
  ).all(pairId, limit).map(toChange);
}

/** Review changes that produced a version above `version` (their log detail carries the version). */
export function changesSince(db: Db, pairId: number, version: number): ChangeEntry[] {
  return stmt<[number, number], ChangeRow>(db, `SELECT id, user_name, action, detail, created_at FROM change_log
     WHERE pair_id = ? AND json_extract(detail, '$.version') > ? ORDER BY id LIMIT 50`,
  ).all(pairId, version).map(toChange);
}

/** A link that may be out of Korean order (a crossed row, or a sentence link inside one). */
export type CrossableLink = Link & { crossed?: boolean };

/** The sentence links of rows in order, those of crossed rows marked crossed (same objects otherwise). */
export function flatSentences(rows: readonly ParagraphLink[]): CrossableLink[] {
  const out: CrossableLink[] = [];
  for (const r of rows) for (const s of r.sentences) out.push(r.crossed ? { ...s, crossed: true } : s);
  return out;
}

type ReviewStateLike = { en: { paragraphs: Paragraph[] }; ko: { paragraphs: Paragraph[] }; links: ParagraphLink[] };

/**
 * Replaces links [start, start + removed) of one level by `links`, renumbering the ones after.
 * Positions both lists share are updated in place (an UPDATE leaves untouched the indexes whose
 * columns it does not change, so a confirm writes a few pages instead of a delete and an insert
 * in five b-trees); only the surplus is deleted or inserted.
 */
function replaceLinkRange(db: Db, pairId: number, level: 'paragraph' | 'sentence', start: number, removed: number, links: LinkInput[]): void {
  const end = start + removed;
  const shift = links.length - removed;
  const overlap = Math.min(removed, links.length);
  const columns = (b: LinkInput) => ({
    enStart: b.en[0], enEnd: b.en[1], koStart: b.ko[0], koEnd: b.ko[1],
    status: b.status ?? 'auto', confidence: b.confidence ?? null, evidence: JSON.stringify(b.evidence ?? []),
    confirmedBy: b.confirmedBy ?? null, confirmedAt: b.confirmedAt ?? null, crossed: b.crossed ? 1 : 0,
  });
  const update = stmt(db,
    `UPDATE links SET en_start = @enStart, en_end = @enEnd, ko_start = @koStart, ko_end = @koEnd, status = @status,
       confidence = @confidence, evidence = @evidence, confirmed_by = @confirmedBy, confirmed_at = @confirmedAt,
       crossed = @crossed
     WHERE pair_id = @pairId AND level = @level AND position = @position`);
  for (let k = 0; k < overlap; k++) update.run({ pairId, level, position: start + k, ...columns(links[k]!) });
  if (removed > overlap) {
    stmt(db, 'DELETE FROM links WHERE pair_id = ? AND level = ? AND position >= ? AND position < ?').run(pairId, level, start + overlap, end);
  }
  if (shift !== 0) {
    // two steps through negative positions, so UNIQUE (pair_id, level, position) never sees a clash
    stmt(db, 'UPDATE links SET position = -(position + ?) - 1 WHERE pair_id = ? AND level = ? AND position >= ?').run(shift, pairId, level, end);
    stmt(db, 'UPDATE links SET position = -position - 1 WHERE pair_id = ? AND level = ? AND position < 0').run(pairId, level);
  }
  const insert = stmt(db,
    `INSERT INTO links (pair_id, level, position, en_start, en_end, ko_start, ko_end, status, confidence, evidence,
       confirmed_by, confirmed_at, crossed)
     VALUES (@pairId, @level, @position, @enStart, @enEnd, @koStart, @koEnd, @status, @confidence, @evidence,
       @confirmedBy, @confirmedAt, @crossed)`);
  for (let k = overlap; k < links.length; k++) insert.run({ pairId, level, position: start + k, ...columns(links[k]!) });
}

/**
 * The window where two link lists differ: their common prefix and suffix stay. `seed` is the
 * reading position (items on each side) where the window starts. The suffix can stay as it is
 * because both lists cover the same items, so equal links there sit at equal reading positions.
 */
function trimmedWindow<L extends CrossableLink>(a: readonly L[], b: readonly L[], same: (x: L, y: L) => boolean) {
  const { prefix: p, suffix: q } = commonEnds(a, b, same);
  // the reading position where the window starts, as toLinkInputs would have it there
  const seed = { en: 0, ko: 0 };
  for (let k = 0; k < p; k++) {
    const l = a[k]!;
    if (l.en.length) seed.en = l.en[l.en.length - 1]! + 1;
    if (l.ko.length && !l.crossed) seed.ko = l.ko[l.ko.length - 1]! + 1;
  }
  return { start: p, removed: a.length - p - q, inserted: b.length - p - q, seed };
}

/**
 * Writes only the rows that differ between `before` (as stored) and `after`, at both levels: the
 * common prefix and suffix of rows stay, the suffix is renumbered if the count changed. A confirm
 * touches one link instead of rewriting 2,000 (the bench:review budget is 20 ms an operation).
 * Returns false when the stored link counts do not match `before`; the caller then rewrites all.
 */
function writeChangedRows(db: Db, pairId: number, a: readonly ParagraphLink[], b: readonly ParagraphLink[]): boolean {
  const count = (level: string) => stmt<[number, string], { n: number }>(db,
    'SELECT count(*) AS n FROM links WHERE pair_id = ? AND level = ?').get(pairId, level)?.n ?? 0;
  const sentencesIn = (rows: readonly ParagraphLink[]) => rows.reduce((n, r) => n + r.sentences.length, 0);
  if (count('paragraph') !== a.length || count('sentence') !== sentencesIn(a)) return false;
  const rows = trimmedWindow(a, b, sameParagraphLink);
  replaceLinkRange(db, pairId, 'paragraph', rows.start, rows.removed, toLinkInputs(b.slice(rows.start, rows.start + rows.inserted), rows.seed));
  // sentence links get their own, usually smaller window: a confirmed or merged row keeps its sentence links
  const after = flatSentences(b);
  const sentences = trimmedWindow(flatSentences(a), after, (x, y) => sameLink(x, y) && x.crossed === y.crossed);
  replaceLinkRange(db, pairId, 'sentence', sentences.start, sentences.removed,
    toLinkInputs(after.slice(sentences.start, sentences.start + sentences.inserted), sentences.seed));
  return true;
}

/**
 * Writes a review state over `before` (the state as stored): the rows that changed, the pair's
 * status and a version bump, and (only when `rewrite` says so) one or both sides' paragraphs and
 * sentences, after which every link is rewritten. Call inside a transaction. Returns the new version.
 */
export function writeReviewState(db: Db, pair: { id: number; enArticleId: number; koArticleId: number },
  before: ReviewStateLike, state: ReviewStateLike, status: PairStatus, rewrite: { en: boolean; ko: boolean }, at: string): number {
  if (rewrite.en) writeParagraphs(db, pair.enArticleId, state.en.paragraphs);
  if (rewrite.ko) writeParagraphs(db, pair.koArticleId, state.ko.paragraphs);
  if (rewrite.en || rewrite.ko || !writeChangedRows(db, pair.id, before.links, state.links)) {
    writeLinks(db, pair.id, {
      paragraphs: toLinkInputs(state.links),
      sentences: toLinkInputs(flatSentences(state.links)),
    });
  }
  stmt(db, 'UPDATE pairs SET version = version + 1, status = ?, updated_at = ? WHERE id = ?').run(status, at, pair.id);
  return stmt<[number], { version: number }>(db, 'SELECT version FROM pairs WHERE id = ?').get(pair.id)!.version;
}

/** One pair in the review queue. */
export interface QueueEntry {
  id: number;
  status: PairStatus;
  enTitle: string | null;
  koTitle: string | null;
  links: number;
  confirmedLinks: number;
  doubtfulLinks: number;
  minConfidence: number | null;
}

type QueueRow = {
  id: number; status: PairStatus; en_title: string | null; ko_title: string | null; links: number;
  confirmed_links: number; doubtful_links: number; min_confidence: number | null;
};
const toQueueEntry = (r: QueueRow): QueueEntry => ({
  id: r.id, status: r.status, enTitle: r.en_title, koTitle: r.ko_title, links: r.links,
  confirmedLinks: r.confirmed_links, doubtfulLinks: r.doubtful_links, minConfidence: r.min_confidence,
});

// Unfinished pairs first, then the one with the weakest unconfirmed link, so the most doubtful work comes up first.
const STATS_CTE = `
  WITH stats AS (
    SELECT p.id, p.status, e.title AS en_title, k.title AS ko_title,
      (SELECT count(*) FROM links b WHERE b.pair_id = p.id AND b.level = 'paragraph') AS links,
      (SELECT count(*) FROM links b WHERE b.pair_id = p.id AND b.level = 'paragraph' AND b.status = 'confirmed') AS confirmed_links,
      (SELECT count(*) FROM links b WHERE b.pair_id = p.id AND b.level = 'paragraph' AND b.status <> 'confirmed'
         AND coalesce(b.confidence, 0) < @low) AS doubtful_links,
      (SELECT min(coalesce(b.confidence, 0)) FROM links b WHERE b.pair_id = p.id AND b.level = 'paragraph' AND b.status <> 'confirmed') AS min_confidence,
      (SELECT min(b.confidence) FROM links b WHERE b.pair_id = p.id AND b.level = 'paragraph') AS order_confidence
    FROM pairs p JOIN articles e ON e.id = p.en_article_id JOIN articles k ON k.id = p.ko_article_id)`;
const QUEUE_SQL = `${STATS_CTE} SELECT * FROM stats`;
// Done (reviewed: every paragraph and sentence link confirmed) last; then by the weakest score the
// aligner gave the pair. Confirming does not change that score (hand-made links have none), so
// the queue stays put while a reviewer works through it and "next pair" can go forward in it.
const orderKeys = (done: string) => `(${done}), (links = 0), order_confidence ASC NULLS LAST, id`;
const QUEUE_ORDER = `ORDER BY ${orderKeys("status = 'reviewed'")}`;

/** Pairs in queue order: unfinished first, then the lowest score the aligner gave a pair's links. */
export function reviewQueue(db: Db, opts: { limit: number; offset: number }): QueueEntry[] {
  return stmt<[{ low: number; limit: number; offset: number }], QueueRow>(db, `${QUEUE_SQL} ${QUEUE_ORDER} LIMIT @limit OFFSET @offset`)
    .all({ low: LOW_CONFIDENCE, ...opts }).map(toQueueEntry);
}

/** Overall figures for the queue page. */
export function reviewTotals(db: Db): { pairs: number; reviewedPairs: number; links: number; confirmedLinks: number } {
  const r = stmt<[], { pairs: number; reviewed: number; links: number; confirmed: number }>(db, `SELECT (SELECT count(*) FROM pairs) AS pairs, (SELECT count(*) FROM pairs WHERE status = 'reviewed') AS reviewed,
       (SELECT count(*) FROM links WHERE level = 'paragraph') AS links,
       (SELECT count(*) FROM links WHERE level = 'paragraph' AND status = 'confirmed') AS confirmed`,
  ).get()!;
  return { pairs: r.pairs, reviewedPairs: r.reviewed, links: r.links, confirmedLinks: r.confirmed };
}

/** Most ids of skipped pairs one request may carry. */
export const MAX_SKIPPED = 1_000;

/**
 * The "next pair": the first unfinished pair after `currentId` in queue order, wrapping to the
 * start only past the end, never `currentId` itself nor one in `skipped` (the pairs passed over
 * in this session, so two hard pairs cannot bounce into each other). Null when none is left.
 */
export function nextInQueue(db: Db, currentId: number, skipped: readonly number[] = []): number | null {
  const r = stmt<[{ low: number; current: number; skipped: string }], { id: number }>(db, `${STATS_CTE},
    q AS (SELECT id, row_number() OVER (ORDER BY ${orderKeys("status = 'reviewed' AND id <> @current")}) AS rn FROM stats
          WHERE (links > 0 AND status <> 'reviewed') OR id = @current)
    SELECT id FROM q WHERE id <> @current AND id NOT IN (SELECT value FROM json_each(@skipped))
    ORDER BY rn > coalesce((SELECT rn FROM q WHERE id = @current), 0) DESC, rn LIMIT 1`,
  ).get({ low: LOW_CONFIDENCE, current: currentId, skipped: JSON.stringify(skipped.slice(0, MAX_SKIPPED)) });
  return r?.id ?? null;
}

/** Article ids of a pair (what writeReviewState needs besides the state). */
export function pairArticles(db: Db, pairId: number): { id: number; enArticleId: number; koArticleId: number } | null {
  const r = stmt<[number], { id: number; en_article_id: number; ko_article_id: number }>(db, 'SELECT id, en_article_id, ko_article_id FROM pairs WHERE id = ?',
  ).get(pairId);
  return r ? { id: r.id, enArticleId: r.en_article_id, koArticleId: r.ko_article_id } : null;
}

/**
 * What changes whenever a pair's review state may have changed: version and updated_at (bumped by
 * every change to the pair, schema contract) and its English article (replaced by an update).
 * The review service keeps a read pair in memory while this stays the same. Null when there is no such pair.
 */
export function pairStamp(db: Db, pairId: number): string | null {
  const r = stmt<[number], { version: number; updated_at: string; en_article_id: number }>(db,
    'SELECT version, updated_at, en_article_id FROM pairs WHERE id = ?').get(pairId);
  return r ? `${r.version}|${r.updated_at}|${r.en_article_id}` : null;
}
