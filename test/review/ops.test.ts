import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkInvariants, InvariantError } from '../../server/review/state.ts';
import { fiveRowState } from './fixtures.ts';
import { refuses, rows, run, sents } from './op-helpers.ts';

test('merge joins a row with the next and keeps their sentence links inside it', () => {
  const s = run(fiveRowState(), { op: 'merge', link: 1 });
  assert.equal(rows(s), '0/0 1,2/1,2 3/3 4/4');
  assert.equal(sents(s, 1), '1/1 2/2 3/3');
  assert.equal(s.links[1]!.status, 'auto');
  assert.equal(s.links[1]!.confidence, null);
});

test('merging the last row is refused', () => refuses(fiveRowState(), { op: 'merge', link: 4 }, 'no_next'));

test('split with explicit points makes two rows and cuts sentence links that cross the new boundary', () => {
  const merged = run(fiveRowState(), { op: 'merge', link: 1 });
  const s = run(merged, { op: 'split', link: 1, en: 1, ko: 2 });
  assert.equal(rows(s), '0/0 1/1,2 2/- 3/3 4/4');
  assert.equal(sents(s, 1), '1/1 2/2 -/3');
  assert.equal(sents(s, 2), '3/-');
});

test('split of a 1:1 row by default gives two one-sided rows', () => {
  assert.equal(rows(run(fiveRowState(), { op: 'split', link: 2 })), '0/0 1/1 2/- -/2 3/3 4/4');
});

test('splitting a one-paragraph row is refused', () => {
  const s = run(fiveRowState(), { op: 'split', link: 2 });
  refuses(s, { op: 'split', link: 2 }, 'cannot_split');
});

test('a split that leaves one part empty is refused', () => {
  refuses(run(fiveRowState(), { op: 'merge', link: 0 }), { op: 'split', link: 0, en: 2, ko: 2 }, 'bad_split');
});

test('move up gives the first paragraph of a side to the previous row; an emptied row disappears', () => {
  let s = run(fiveRowState(), { op: 'move', link: 2, side: 'en', dir: 'up' });
  assert.equal(rows(s), '0/0 1,2/1 -/2 3/3 4/4');
  assert.equal(sents(s, 1), '1/1 2/2 3/-');
  assert.equal(sents(s, 2), '-/3');
  s = run(s, { op: 'move', link: 2, side: 'ko', dir: 'up' });
  assert.equal(rows(s), '0/0 1,2/1,2 3/3 4/4');
});

test('move down gives the last paragraph of a side to the next row', () => {
  const s = run(fiveRowState(), { op: 'move', link: 0, side: 'ko', dir: 'down' });
  assert.equal(rows(s), '0/- 1/0,1 2/2 3/3 4/4');
});

test('moving a confirmed paragraph, or into a confirmed row, is refused', () => {
  const s = run(fiveRowState(), { op: 'confirm', link: 1 });
  refuses(s, { op: 'move', link: 1, side: 'en', dir: 'down' }, 'confirmed');
  refuses(s, { op: 'move', link: 2, side: 'en', dir: 'up' }, 'confirmed');
  refuses(s, { op: 'merge', link: 0 }, 'confirmed');
});

test('moving past the first or last row is refused', () => {
  refuses(fiveRowState(), { op: 'move', link: 0, side: 'en', dir: 'up' }, 'no_previous');
  refuses(fiveRowState(), { op: 'move', link: 4, side: 'en', dir: 'down' }, 'no_next');
});

test('no counterpart puts a paragraph in a one-sided row of its own', () => {
  const merged = run(fiveRowState(), { op: 'merge', link: 3 });
  const s = run(merged, { op: 'no-counterpart', link: 3, side: 'ko', index: 4 });
  assert.equal(rows(s), '0/0 1/1 2/2 3,4/3 -/4');
  refuses(s, { op: 'no-counterpart', link: 4, side: 'ko' }, 'already_one_sided');
});

test('confirm records who and when; confirm up to here confirms every earlier row; status follows', () => {
  const s = run(fiveRowState(), { op: 'confirm', link: 3 });
  assert.equal(s.links[3]!.status, 'confirmed');
  assert.equal(s.links[3]!.confirmedBy, 'tester');
  refuses(s, { op: 'confirm', link: 3 }, 'already_confirmed');
  const t = run(s, { op: 'confirm-up-to', link: 2 });
  assert.deepEqual(t.links.map((l) => l.status), ['confirmed', 'confirmed', 'confirmed', 'confirmed', 'auto']);
  const u = run(t, { op: 'unconfirm', link: 0 });
  assert.equal(u.links[0]!.status, 'auto');
});

test('realign rest keeps the confirmed row and replaces the unconfirmed ones before and after it', () => {
  const s = run(fiveRowState(), { op: 'merge', link: 3 }, { op: 'confirm', link: 1 });
  const t = run(s, { op: 'realign-rest' });
  assert.equal(rows(t), '0/0 1/1 2/2 3/3 4/4');
  assert.equal(t.links[1], s.links[1], 'the confirmed row is the same object');
  assert.equal(t.links[0]!.confidence, 0.5, 'the row before the confirmed one was realigned too');
  assert.equal(t.links[3]!.confidence, 0.5);
});

test('sentence-level merge, split, move and confirm change only the one row', () => {
  let s = run(fiveRowState(), { op: 'merge', link: 1, sentence: 0 });
  assert.equal(sents(s, 1), '1,2/1,2');
  s = run(s, { op: 'split', link: 1, sentence: 0, en: 1, ko: 0 });
  assert.equal(sents(s, 1), '1/- 2/1,2');
  s = run(s, { op: 'move', link: 1, sentence: 1, side: 'ko', dir: 'up' });
  assert.equal(sents(s, 1), '1/1 2/2');
  s = run(s, { op: 'confirm', link: 1, sentence: 1 });
  assert.equal(s.links[1]!.sentences[1]!.status, 'confirmed');
  assert.equal(rows(s), '0/0 1/1 2/2 3/3 4/4');
  refuses(s, { op: 'merge', link: 1, sentence: 1 }, 'no_next');
  refuses(s, { op: 'merge', link: 1, sentence: 5 }, 'no_such_link');
});

test('editing a paragraph so it has more sentences shifts later sentence indices and keeps links consistent', () => {
  const s = run(fiveRowState(), { op: 'edit-text', side: 'en', paragraph: 2, text: 'Children can borrow five books.  They keep them  two weeks.' });
  assert.deepEqual(s.en.paragraphs[2]!.sentences, ['Children can borrow five books.', 'They keep them two weeks.']);
  assert.equal(sents(s, 2), '3,4/3');
  assert.equal(sents(s, 3), '5/4 6/5');
});

test('a typo fix that keeps the sentence count keeps the sentence links', () => {
  const before = fiveRowState();
  const s = run(before, { op: 'edit-text', side: 'ko', paragraph: 2, text: '어린이는 한 번에 책 다섯 권을 빌릴 수 있다.' });
  assert.deepEqual(s.links, before.links);
  refuses(s, { op: 'edit-text', side: 'ko', paragraph: 2, text: '   ' }, 'empty_text');
});

test('split paragraph and join paragraphs renumber paragraphs and stay in the same row', () => {
  const text = fiveRowState().en.paragraphs[1]!.text;
  const at = text.indexOf('It holds');
  const s = run(fiveRowState(), { op: 'split-paragraph', side: 'en', paragraph: 1, at });
  assert.equal(rows(s), '0/0 1,2/1 3/2 4/3 5/4');
  assert.equal(s.en.paragraphs[2]!.text, 'It holds 4,000 books.');
  assert.equal(sents(s, 1), '1/1 2/2');
  const t = run(s, { op: 'join-paragraphs', side: 'en', paragraph: 1 });
  assert.equal(rows(t), rows(fiveRowState()));
  assert.equal(t.en.paragraphs[1]!.text, text);
  refuses(fiveRowState(), { op: 'join-paragraphs', side: 'en', paragraph: 1 }, 'different_rows');
  refuses(fiveRowState(), { op: 'split-paragraph', side: 'en', paragraph: 1, at: 0 }, 'bad_split');
});

test('an unknown row is refused with a clear message', () => {
  refuses(fiveRowState(), { op: 'confirm', link: 9 }, 'no_such_link');
});

test('the invariant check catches a paragraph in two links and a sentence outside its row', () => {
  const s = fiveRowState();
  assert.throws(() => checkInvariants({ ...s, links: [s.links[0]!, s.links[0]!, ...s.links.slice(1)] }), InvariantError);
  const swapped = structuredClone(s);
  swapped.links[0]!.sentences = [];
  swapped.links[1]!.sentences.unshift({ ...s.links[0]!.sentences[0]! });
  assert.throws(() => checkInvariants(swapped), InvariantError);
});

test('operations never modify the state they are given', () => {
  const s = fiveRowState();
  const copy = structuredClone(s);
  run(s, { op: 'merge', link: 0 }, { op: 'split', link: 0, en: 1, ko: 1 }, { op: 'move', link: 1, side: 'en', dir: 'up' });
  assert.deepEqual(s, copy);
});
