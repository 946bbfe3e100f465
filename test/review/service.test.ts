import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getPair, saveAlignment } from '../../db/pairs.ts';
import { historyHead, listOperations } from '../../db/review.ts';
import { InvariantError, ReviewOpError } from '../../server/review/state.ts';
import { applyReviewOp, HistoryConflictError, StaleVersionError } from '../../server/services/review.ts';
import { openTestDb } from '../helpers.ts';
import { CTX, fiveRowPairDb, insertFiveRowPair } from './fixtures.ts';

const deps = { segment: CTX.segment, realign: CTX.realign };

test('an operation writes links, bumps the version, logs the change and records an undo step', () => {
  const { db, id } = fiveRowPairDb();
  const v = getPair(db, id)!.version;
  const out = applyReviewOp(db, id, { op: 'merge', link: 0 }, v, 'mina', deps)!;
  assert.equal(out.pair.version, v + 1);
  assert.equal(out.pair.links.length, 4);
  assert.equal(out.summary, 'merged rows 1 and 2');
  const ops = listOperations(db, id);
  assert.equal(ops.length, 1);
  assert.equal(ops[0]!.user, 'mina');
  assert.deepEqual(ops[0]!.enParagraphs, [0, 1]);
  assert.equal(historyHead(db, id).undo, 'merged rows 1 and 2');
  const log = db.prepare("SELECT user_name, action, detail FROM change_log WHERE pair_id = ? AND action LIKE 'review.%'").all(id) as { user_name: string; action: string; detail: string }[];
  assert.deepEqual(log.map((r) => [r.user_name, r.action, JSON.parse(r.detail).version]), [['mina', 'review.merge', v + 1]]);
});

test('a stale version throws StaleVersionError listing the changes since', () => {
  const { db, id } = fiveRowPairDb();
  const v = getPair(db, id)!.version;
  applyReviewOp(db, id, { op: 'confirm', link: 0 }, v, 'mina', deps);
  assert.throws(() => applyReviewOp(db, id, { op: 'merge', link: 2 }, v, 'joon', deps),
    (e) => e instanceof StaleVersionError && e.current === v + 1 && e.changes.length === 1 && e.changes[0]!.user === 'mina');
});

test('a failure while writing rolls everything back: links, version, history', () => {
  const { db, id } = fiveRowPairDb();
  const before = getPair(db, id)!;
  // the change log is written last; make it fail after the links, the version and the undo step were written
  db.exec("CREATE TEMP TRIGGER fail_log BEFORE INSERT ON change_log WHEN NEW.action LIKE 'review.%' BEGIN SELECT RAISE(ABORT, 'disk full'); END");
  assert.throws(() => applyReviewOp(db, id, { op: 'merge', link: 1 }, before.version, 'mina', deps), /disk full/);
  assert.deepEqual(getPair(db, id), before);
  assert.equal(listOperations(db, id).length, 0);
});

test('an aligner result that breaks an invariant is never written', () => {
  const { db, id } = fiveRowPairDb();
  const before = getPair(db, id)!;
  const broken = { ...deps, realign: () => ({ paragraphs: [{ en: [0, 1, 2, 3, 4], ko: [0], confidence: 1, evidence: [] }], sentences: [] }) };
  assert.throws(() => applyReviewOp(db, id, { op: 'realign-rest' }, before.version, 'mina', broken), InvariantError);
  assert.deepEqual(getPair(db, id), before);
});

test('pair status follows confirmation: in_review, reviewed, back to aligned', () => {
  const { db, id } = fiveRowPairDb();
  let v = getPair(db, id)!.version;
  const run = (op: Parameters<typeof applyReviewOp>[2]) => { const o = applyReviewOp(db, id, op, v, 'mina', deps)!; v = o.pair.version; return o.pair.status; };
  assert.equal(getPair(db, id)!.status, 'aligned');
  assert.equal(run({ op: 'confirm', link: 1 }), 'in_review');
  assert.equal(run({ op: 'confirm-up-to', link: 4 }), 'reviewed');
  assert.equal(run({ op: 'undo' }), 'in_review');
  assert.equal(run({ op: 'undo' }), 'aligned');
});

test('undo is refused when the alignment was changed outside the review history', () => {
  const { db, id } = fiveRowPairDb();
  const p = getPair(db, id)!;
  applyReviewOp(db, id, { op: 'merge', link: 0 }, p.version, 'mina', deps);
  // e.g. `jjak align` run from the command line meanwhile
  saveAlignment(db, id, { paragraphs: p.links.map((l) => ({ en: [l.en[0]!, l.en[0]! + 1], ko: [l.ko[0]!, l.ko[0]! + 1] })), sentences: [] });
  const now = getPair(db, id)!;
  assert.throws(() => applyReviewOp(db, id, { op: 'undo' }, now.version, 'mina', deps), HistoryConflictError);
  assert.deepEqual(getPair(db, id), now);
});

test('text edits are undone exactly, sentences included', () => {
  const { db, id } = fiveRowPairDb();
  const p = getPair(db, id)!;
  const edited = applyReviewOp(db, id, { op: 'split-paragraph', side: 'ko', paragraph: 1, at: p.ko.paragraphs[1]!.text.indexOf('책') }, p.version, 'mina', deps)!;
  assert.equal(edited.pair.ko.paragraphs.length, 6);
  const undone = applyReviewOp(db, id, { op: 'undo' }, edited.pair.version, 'mina', deps)!;
  assert.deepEqual(undone.pair.ko, p.ko);
  assert.deepEqual(undone.pair.links, p.links);
});

test('unknown pair gives null; invalid operations throw ReviewOpError', () => {
  const db = openTestDb();
  assert.equal(applyReviewOp(db, 42, { op: 'merge', link: 0 }, 1, 'mina', deps), null);
  const id = insertFiveRowPair(db);
  assert.throws(() => applyReviewOp(db, id, { op: 'undo' }, getPair(db, id)!.version, 'mina', deps),
    (e) => e instanceof ReviewOpError && e.code === 'nothing_to_undo');
});

test('the state an operation returns is exactly what a fresh read of the database gives', () => {
  const { db, id } = fiveRowPairDb();
  let v = getPair(db, id)!.version;
  const ops: Parameters<typeof applyReviewOp>[2][] = [
    { op: 'merge', link: 1 }, { op: 'confirm', link: 0 }, { op: 'move', link: 2, side: 'ko', dir: 'up' },
    { op: 'no-counterpart', link: 3, side: 'en' }, { op: 'split', link: 1, en: 1, ko: 1 }, { op: 'undo' }, { op: 'undo' },
    { op: 'redo' }, { op: 'merge', link: 1, sentence: 0 }, { op: 'edit-text', side: 'en', paragraph: 4, text: 'Mayor Han said more boats would follow. Two are planned.' },
    { op: 'merge', link: 3 }, { op: 'undo' }, { op: 'confirm-up-to', link: 3 },
  ];
  for (const op of ops) {
    const out = applyReviewOp(db, id, op, v, 'mina', deps)!;
    v = out.pair.version;
    assert.deepEqual(out.pair, getPair(db, id), `after ${JSON.stringify(op)}`);
  }
});
