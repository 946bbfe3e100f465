import { test } from 'node:test';
import assert from 'node:assert/strict';
import { changedWindow, stillOpen } from '../../server/review/view-model.ts';
import { fiveRowState } from './fixtures.ts';
import { rows, run } from './op-helpers.ts';

test('a redrawn window keeps open only the rows that were open, not the neighbours it was widened by', () => {
  const before = fiveRowState();
  const after = run(before, { op: 'confirm', link: 2, sentence: 0 });
  const patch = changedWindow(before, after);
  assert.ok(patch.start < 2 && patch.start + patch.inserted > 3, `the window ${JSON.stringify(patch)} reaches past row 3 on both sides`);
  assert.deepEqual([...stillOpen(before, after, patch, new Set([2]))], [2]);
  assert.deepEqual([...stillOpen(before, after, patch, new Set())], []);
});

test('after a merge or split, the new rows holding an open row\'s paragraphs are open', () => {
  const before = fiveRowState();
  const merged = run(before, { op: 'merge', link: 1 });
  const patch = changedWindow(before, merged);
  assert.deepEqual([...stillOpen(before, merged, patch, new Set([2]))], [1], rows(merged));
  const split = run(merged, { op: 'split', link: 1 });
  const back = changedWindow(merged, split);
  assert.deepEqual([...stillOpen(merged, split, back, new Set([1]))].sort(), [1, 2], rows(split));
  assert.deepEqual([...stillOpen(merged, split, back, new Set([4]))], [], 'an open row outside the window stays as the page has it');
});

test('a text edit that keeps every link still redraws its row, and the message points at it', () => {
  const before = fiveRowState();
  const after = run(before, { op: 'edit-text', side: 'en', paragraph: 1, text: 'The town of Mokpo-ri opened a boat library on Friday. It holds 4,000 books.' });
  assert.deepEqual(after.links.map((l) => [l.en, l.ko]), before.links.map((l) => [l.en, l.ko]), 'the links stay as they were');
  const changed = changedWindow(before, after);
  assert.deepEqual(changed.rows, [1]);
  assert.ok(changed.start <= 1 && changed.start + changed.inserted > 1, `the window ${JSON.stringify(changed)} holds row 2`);
});
