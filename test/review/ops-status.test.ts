import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyOp, linksAtLeast } from '../../server/review/ops.ts';
import { realignAround } from '../../server/align/index.ts';
import { reviewStatus, type ReviewState } from '../../server/review/state.ts';
import { CTX, fiveRowState } from './fixtures.ts';
import { refuses, rows, run } from './op-helpers.ts';

const statuses = (s: ReviewState, r: number) => s.links[r]!.sentences.map((l) => l.status).join(' ');

test('confirming a row confirms its sentence links; unconfirming takes back only those confirmed with it', () => {
  let s = run(fiveRowState(), { op: 'confirm', link: 1, sentence: 0 });
  const alone = s.links[1]!.sentences[0]!;
  s = applyOp(s, { op: 'confirm', link: 1 }, { ...CTX, now: '2026-01-02T00:00:00.000Z' });
  assert.equal(statuses(s, 1), 'confirmed confirmed');
  assert.equal(s.links[1]!.sentences[0], alone, 'the sentence link confirmed on its own is untouched');
  assert.equal(s.links[1]!.sentences[1]!.confirmedAt, '2026-01-02T00:00:00.000Z');
  s = run(s, { op: 'unconfirm', link: 1 });
  assert.equal(s.links[1]!.status, 'auto');
  assert.equal(statuses(s, 1), 'confirmed auto');
});

test('confirm up to here confirms the sentence links of every row it confirms and skips rejected rows', () => {
  const s = run(fiveRowState(), { op: 'reject', link: 2 }, { op: 'confirm-up-to', link: 3 });
  assert.deepEqual(s.links.map((l) => l.status), ['confirmed', 'confirmed', 'rejected', 'confirmed', 'auto']);
  for (const r of [0, 1, 3]) assert.ok(s.links[r]!.sentences.every((l) => l.status === 'confirmed'), `row ${r}`);
  assert.equal(statuses(s, 2), 'auto');
});

test('a pair is reviewed only when every paragraph and sentence link is confirmed', () => {
  const base = fiveRowState();
  const allRows = { ...base, links: base.links.map((l) => ({ ...l, status: 'confirmed' as const })) };
  assert.equal(reviewStatus(allRows.links), 'in_review', 'rows confirmed but sentence links not');
  const s = run(base, { op: 'confirm-up-to', link: 4 });
  assert.equal(reviewStatus(s.links), 'reviewed');
  assert.equal(reviewStatus(run(s, { op: 'unconfirm', link: 4, sentence: 0 }).links), 'in_review');
  assert.equal(reviewStatus(base.links), 'aligned');
  assert.equal(reviewStatus(run(base, { op: 'reject', link: 0 }).links), 'in_review');
});

test('reject and unreject at paragraph and sentence level', () => {
  let s = run(fiveRowState(), { op: 'reject', link: 1 }, { op: 'reject', link: 2, sentence: 0 });
  assert.equal(s.links[1]!.status, 'rejected');
  assert.equal(s.links[2]!.sentences[0]!.status, 'rejected');
  refuses(s, { op: 'reject', link: 1 }, 'already_rejected');
  refuses(s, { op: 'unreject', link: 0 }, 'not_rejected');
  s = run(s, { op: 'unreject', link: 1 }, { op: 'unreject', link: 2, sentence: 0 });
  assert.equal(s.links[1]!.status, 'auto');
  assert.equal(s.links[2]!.sentences[0]!.status, 'auto');
  refuses(run(s, { op: 'confirm', link: 3 }), { op: 'reject', link: 3 }, 'confirmed');
  // a confirmed row keeps a rejected sentence link rejected
  s = run(fiveRowState(), { op: 'reject', link: 1, sentence: 1 }, { op: 'confirm', link: 1 });
  assert.equal(statuses(s, 1), 'confirmed rejected');
});

test('confirm-at-least confirms exactly the automatic rows at or above the confidence, sentence links too', () => {
  const base = fiveRowState(); // confidences 0.9, 0.8, 0.7, 0.6, 0.5
  assert.deepEqual(linksAtLeast(base, 0.7), [0, 1, 2]);
  const s = run(base, { op: 'reject', link: 1 }, { op: 'confirm-at-least', confidence: 0.7 });
  assert.deepEqual(s.links.map((l) => l.status), ['confirmed', 'rejected', 'confirmed', 'auto', 'auto']);
  assert.equal(statuses(s, 2), 'confirmed');
  refuses(s, { op: 'confirm-at-least', confidence: 0.7 }, 'nothing_to_confirm');
  refuses(s, { op: 'confirm-at-least', confidence: 1.5 }, 'bad_confidence');
});

test('realign rest recomputes before the first confirmed row, between two and after the last, never moving them', () => {
  // the real realigner on an article whose rows were scrambled by hand
  let s = run(fiveRowState(), { op: 'confirm', link: 2 });
  s = run(s, { op: 'split', link: 0 }, { op: 'merge', link: 4 }); // rows: 0/- -/0 1/1 2/2 3,4/3,4
  assert.equal(rows(s), '0/- -/0 1/1 2/2 3,4/3,4');
  const deps = { ...CTX, realign: realignAround };
  const t = applyOp(s, { op: 'realign-rest' }, deps);
  assert.equal(t.links[t.links.findIndex((l) => l.en[0] === 2)], s.links[3], 'confirmed row kept as the same object');
  assert.ok(!rows(t).startsWith('0/- -/0'), `the stretch before the confirmed row was realigned: ${rows(t)}`);
  // with two confirmed rows, the stretch between them is realigned as well
  const u = run(fiveRowState(), { op: 'confirm', link: 0 }, { op: 'confirm', link: 4 }, { op: 'split', link: 2 });
  assert.equal(rows(u), '0/0 1/1 2/- -/2 3/3 4/4');
  const v = applyOp(u, { op: 'realign-rest' }, CTX);
  assert.equal(rows(v), '0/0 1/1 2/2 3/3 4/4');
  assert.equal(v.links[0], u.links[0]);
  assert.equal(v.links[4], u.links[5]);
  refuses(run(fiveRowState(), { op: 'confirm-up-to', link: 4 }), { op: 'realign-rest' }, 'nothing_to_realign');
});

test('realign rest keeps a rejection when the aligner proposes the rejected link again', () => {
  const s = run(fiveRowState(), { op: 'confirm', link: 0 }, { op: 'reject', link: 2 });
  const t = run(s, { op: 'realign-rest' });
  assert.equal(rows(t), '0/0 1/1 2/2 3/3 4/4');
  assert.equal(t.links[2]!.status, 'rejected');
  assert.equal(t.links[1]!.status, 'auto');
});
