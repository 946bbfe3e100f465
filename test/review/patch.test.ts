import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyOp, type ReviewOp } from '../../server/review/ops.ts';
import { applyPatch, makePatch, parsePatch, serializePatch } from '../../server/review/patch.ts';
import { CTX, fiveRowState } from './fixtures.ts';

const cases: ReviewOp[] = [
  { op: 'merge', link: 1 }, { op: 'split', link: 2 }, { op: 'confirm', link: 4 }, { op: 'move', link: 3, side: 'en', dir: 'up' },
  { op: 'merge', link: 1, sentence: 0 }, { op: 'edit-text', side: 'ko', paragraph: 2, text: '어린이는 두 주 동안 빌린다. 다섯 권까지 된다.' },
  { op: 'split-paragraph', side: 'en', paragraph: 3, at: 30 },
];

for (const op of cases) {
  test(`a stored patch undoes and redoes ${JSON.stringify(op)} exactly`, () => {
    const before = fiveRowState();
    const after = applyOp(before, op, CTX);
    const stored = serializePatch(makePatch(before, after));
    const patch = parsePatch(stored.before, stored.after);
    assert.deepEqual(applyPatch(after, patch, 'undo'), before);
    assert.deepEqual(applyPatch(before, patch, 'redo'), after);
  });
}

test('a patch only holds the window that changed', () => {
  const before = fiveRowState();
  const p = makePatch(before, applyOp(before, { op: 'confirm', link: 2 }, CTX));
  assert.equal(p.rows.start, 2);
  assert.equal(p.rows.before.length, 1);
  assert.deepEqual(p.paragraphs, {});
});

test('a patch refuses a state that does not hold what it expects', () => {
  const before = fiveRowState();
  const after = applyOp(before, { op: 'merge', link: 1 }, CTX);
  const patch = makePatch(before, after);
  const changedElsewhere = applyOp(after, { op: 'confirm', link: 1 }, CTX);
  assert.equal(applyPatch(changedElsewhere, patch, 'undo'), null);
  assert.equal(applyPatch(before, patch, 'undo'), null, 'undo needs the after state');
});

test('a patch finds its rows by their paragraphs after other changes moved them, and refuses rows changed since', () => {
  const s0 = fiveRowState();
  const s1 = applyOp(s0, { op: 'merge', link: 3 }, CTX); // someone's merge of rows 4 and 5
  const s2 = applyOp(s1, { op: 'split', link: 0 }, CTX); // then another split the first row: row numbers shift
  const merge = makePatch(s0, s1);
  const undone = applyPatch(s2, merge, 'undo');
  assert.ok(undone);
  assert.deepEqual(undone.links.map((l) => `${l.en.join(',')}/${l.ko.join(',')}`), ['0/', '/0', '1/1', '2/2', '3/3', '4/4']);
  // a confirm undone row by row though rows between it and others changed
  const c1 = applyOp(s0, { op: 'confirm-up-to', link: 4 }, CTX);
  const c2 = applyOp(applyOp(c1, { op: 'unconfirm', link: 2 }, CTX), { op: 'split', link: 2 }, CTX);
  const confirm = makePatch(s0, c1);
  assert.equal(applyPatch(c2, confirm, 'undo'), null, 'row 3 was changed since: the undo is refused');
  const c3 = applyOp(s0, { op: 'confirm', link: 1 }, CTX);
  const c4 = applyOp(c3, { op: 'merge', link: 3 }, CTX);
  const back = applyPatch(c4, makePatch(s0, c3), 'undo');
  assert.ok(back);
  assert.equal(back.links[1]!.status, 'auto');
  assert.equal(back.links.length, 4, 'the later merge stays');
});
