import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyOp } from '../../server/review/ops.ts';
import { checkInvariants, InvariantError, type ReviewState } from '../../server/review/state.ts';
import { CTX, fiveRowState } from './fixtures.ts';
import { refuses, run, sents } from './op-helpers.ts';

const rows = (s: ReviewState) => s.links.map((l) => `${l.en.join(',') || '-'}/${l.ko.join(',') || '-'}${l.crossed ? 'x' : ''}`).join(' ');

/** English ¶1 and Korean ¶3 one-sided, with two-sided rows between them: a moved paragraph. */
const moved = () => run(fiveRowState(), { op: 'split', link: 3 }, { op: 'split', link: 1 });

test('link makes exactly the chosen paragraphs one link; the left-overs become one-sided rows', () => {
  const s = run(fiveRowState(), { op: 'link', level: 'paragraph', en: [1, 2], ko: [1] });
  assert.equal(rows(s), '0/0 1,2/1 -/2 3/3 4/4');
  assert.equal(sents(s, 1), '1,2/1,2 3/-', 'sentence links from the (stand-in) aligner run on the linked paragraphs');
  const t = run(s, { op: 'link', level: 'paragraph', en: [3], ko: [2, 3] });
  assert.equal(rows(t), '0/0 1,2/1 3/2,3 4/4');
  refuses(t, { op: 'link', level: 'paragraph', en: [3], ko: [2, 3] }, 'no_change');
  refuses(t, { op: 'link', level: 'paragraph', en: [1, 3], ko: [] }, 'bad_link');
  refuses(t, { op: 'link', level: 'paragraph', en: [], ko: [] }, 'bad_link');
  refuses(t, { op: 'link', level: 'paragraph', en: [9], ko: [1] }, 'bad_link');
  refuses(run(t, { op: 'confirm', link: 2 }), { op: 'link', level: 'paragraph', en: [3, 4], ko: [4] }, 'confirmed');
});

test('linking across rows turns every row between into one-sided rows, in reading order', () => {
  const s = run(fiveRowState(), { op: 'link', level: 'paragraph', en: [1], ko: [3] });
  // en 1 and ko 3 are in two-sided rows, so this is an ordinary link: rows 1..3 give up their other paragraphs
  assert.equal(rows(s), '0/0 -/1 -/2 1/3 2/- 3/- 4/4');
  checkInvariants(s);
});

test('a one-sided English and a one-sided Korean paragraph apart become a crossed row at the English place', () => {
  const s = moved();
  assert.equal(rows(s), '0/0 1/- -/1 2/2 3/- -/3 4/4');
  const t = run(s, { op: 'link', level: 'paragraph', en: [1], ko: [3] });
  assert.equal(rows(t), '0/0 1/3x -/1 2/2 3/- 4/4');
  assert.equal(sents(t, 1), '1,2/4,5');
  for (const k of [0, 2, 3, 5]) assert.equal(t.links[k], s.links[k === 5 ? 6 : k === 0 ? 0 : k], 'rows between are untouched');
  // merge, move and split refuse on it; no-counterpart dissolves it back to the two one-sided rows
  refuses(t, { op: 'merge', link: 1 }, 'crossed');
  refuses(t, { op: 'merge', link: 0 }, 'crossed');
  refuses(t, { op: 'move', link: 2, side: 'ko', dir: 'up' }, 'crossed');
  refuses(t, { op: 'link', level: 'paragraph', en: [0, 1], ko: [0] }, 'crossed');
  const u = run(t, { op: 'no-counterpart', link: 1, side: 'en' });
  assert.equal(rows(u), '0/0 1/- -/1 2/2 3/- -/3 4/4');
  // confirm and realign keep it
  const c = run(t, { op: 'confirm', link: 1 });
  assert.equal(c.links[1]!.status, 'confirmed');
  const r = run(t, { op: 'realign-rest' });
  assert.equal(r.links.find((l) => l.crossed), t.links[1], 'realign never moves a crossed row');
  checkInvariants(r);
});

test('the invariants reject a crossed row whose Korean paragraph is also in reading order', () => {
  const t = run(moved(), { op: 'link', level: 'paragraph', en: [1], ko: [3] });
  const broken = { ...t, links: t.links.map((l, k) => (k === 4 ? { ...l, ko: [3] } : l)) };
  assert.throws(() => checkInvariants(broken), InvariantError);
});

test('sentence-level link inside a row', () => {
  const s = run(fiveRowState(), { op: 'link', level: 'sentence', link: 1, en: [1, 2], ko: [1] });
  assert.equal(sents(s, 1), '1,2/1 -/2');
  assert.equal(rows(s), rows(fiveRowState()));
  refuses(s, { op: 'link', level: 'sentence', link: 1, en: [3], ko: [] }, 'not_in_link');
  refuses(run(s, { op: 'confirm', link: 1, sentence: 1 }), { op: 'link', level: 'sentence', link: 1, en: [2], ko: [2] }, 'confirmed');
});

test('the real realigner keeps a crossed row at its English place and realigns around it', async () => {
  const { realignAround } = await import('../../server/align/index.ts');
  const t = run(moved(), { op: 'link', level: 'paragraph', en: [1], ko: [3] }, { op: 'split', link: 3 });
  assert.equal(rows(t), '0/0 1/3x -/1 2/- -/2 3/- 4/4');
  const r = applyOp(t, { op: 'realign-rest' }, { ...CTX, realign: realignAround });
  checkInvariants(r);
  assert.equal(r.links.filter((l) => l.crossed).length, 1);
  assert.equal(r.links.find((l) => l.crossed), t.links[1], 'the crossed row is the same object');
  const at = r.links.findIndex((l) => l.crossed);
  assert.ok(r.links.slice(0, at).every((l) => l.en.every((p) => p < 1)) && r.links.slice(at + 1).every((l) => l.en.every((p) => p > 1)),
    `at its English place: ${rows(r)}`);
});
