import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeOp, touchedParagraphs } from '../../server/review/describe.ts';
import { fiveRowState } from './fixtures.ts';
import { run } from './op-helpers.ts';

test('the history names as many rows for confirm-at-least as it confirms, and touches only those', () => {
  // confidences 0.9 0.8 0.7 0.6 0.5; row 1 confirmed, row 3 rejected, row 4 without a score
  let state = run(fiveRowState(), { op: 'confirm', link: 1 }, { op: 'reject', link: 3 });
  state = { ...state, links: state.links.map((l, i) => (i === 4 ? { ...l, confidence: null } : l)) };
  const op = { op: 'confirm-at-least', confidence: 0 } as const;
  const after = run(state, op);
  const confirmedNow = after.links.filter((l, i) => l.status === 'confirmed' && state.links[i]!.status !== 'confirmed').length;
  assert.equal(confirmedNow, 2);
  assert.equal(describeOp(state, op), 'confirmed 2 rows at or above 0');
  assert.deepEqual(touchedParagraphs(state, op), { en: [0, 2], ko: [0, 2] });
});
