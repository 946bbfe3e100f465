import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deletePair, DuplicatePairError, getPair, insertPair, saveAlignment } from '../../db/pairs.ts';
import { listPairs } from '../../db/pair-list.ts';
import { doc, openTestDb } from '../helpers.ts';

const EN = doc('en', [['title', 'Night buses'], ['body', 'One.', 'Two.'], ['body', 'Three.']], 'https://e.example/1');
const KO = doc('ko', [['title', '심야버스'], ['body', '하나.'], ['body', '둘.', '셋.']], 'https://k.example/1');

test('a stored pair reads back with paragraphs, article-wide sentences, authors and metadata', () => {
  const db = openTestDb();
  const id = insertPair(db, EN, KO);
  const pair = getPair(db, id)!;
  assert.equal(pair.en.meta.title, 'Night buses');
  assert.equal(pair.en.meta.published, '2024-03-12T16:21:00+09:00');
  assert.deepEqual(pair.en.meta.authors, [{ name: 'Kim Min-ji', role: 'staff reporter' }]);
  assert.deepEqual(pair.en.paragraphs.map((p) => p.sentences), [['Night buses'], ['One.', 'Two.'], ['Three.']]);
  assert.deepEqual(pair.ko.paragraphs.map((p) => p.kind), ['title', 'body', 'body']);
  const positions = db.prepare('SELECT position FROM sentences WHERE article_id = ? ORDER BY position').all(pair.ko.articleId) as { position: number }[];
  assert.deepEqual(positions.map((r) => r.position), [0, 1, 2, 3]);
  assert.equal(pair.version, 1);
  assert.equal(pair.status, 'new');
  const aligned = insertPair(db, doc('en', [['body', 'Other.']]), doc('ko', [['body', '다른 기사.']]), {
    paragraphs: [{ en: [0, 1], ko: [0, 1] }], sentences: [{ en: [0, 1], ko: [0, 1] }],
  });
  assert.equal(getPair(db, aligned)!.status, 'aligned', 'a pair stored with its alignment is aligned');
});

test('the same texts or the same URL again is a duplicate and adds nothing', () => {
  const db = openTestDb();
  const id = insertPair(db, EN, KO);
  assert.throws(() => insertPair(db, EN, KO), (e) => e instanceof DuplicatePairError && e.pairId === id);
  const sameUrl = doc('en', [['body', 'Different text.']], 'https://e.example/1');
  assert.throws(() => insertPair(db, sameUrl, doc('ko', [['body', '다른 글.']])), /English URL/);
  assert.equal(listPairs(db, { limit: 10, offset: 0 }).length, 1);
  assert.equal((db.prepare('SELECT count(*) n FROM articles').get() as { n: number }).n, 2);
});

test('saving an alignment nests sentence links in paragraph links and bumps the version', () => {
  const db = openTestDb();
  const id = insertPair(db, EN, KO);
  const version = saveAlignment(db, id, {
    paragraphs: [
      { en: [0, 1], ko: [0, 1], confidence: 0.99 },
      { en: [1, 3], ko: [1, 3], confidence: 0.7 },
    ],
    sentences: [
      { en: [0, 1], ko: [0, 1] },
      { en: [1, 2], ko: [1, 2] },
      { en: [2, 3], ko: [2, 2] },
      { en: [3, 4], ko: [2, 4] },
    ],
  });
  assert.equal(version, 2);
  const pair = getPair(db, id)!;
  assert.equal(pair.status, 'aligned');
  assert.deepEqual(pair.links.map((l) => [l.en, l.ko]), [[[0], [0]], [[1, 2], [1, 2]]]);
  assert.deepEqual(pair.links[1]!.sentences.map((s) => [s.en, s.ko]), [[[1], [1]], [[2], []], [[3], [2, 3]]]);
  const summary = listPairs(db, { limit: 10, offset: 0 })[0]!;
  assert.equal(summary.links, 2);
  assert.equal(summary.lowConfidenceLinks, 1);
});

test('a failing alignment write leaves the previous links and version in place', () => {
  const db = openTestDb();
  const id = insertPair(db, EN, KO);
  saveAlignment(db, id, { paragraphs: [{ en: [0, 3], ko: [0, 3] }], sentences: [] });
  assert.throws(() => saveAlignment(db, id, { paragraphs: [{ en: [0, 0], ko: [0, 0] }], sentences: [] }), /CHECK constraint/);
  const pair = getPair(db, id)!;
  assert.equal(pair.version, 2);
  assert.deepEqual(pair.links.map((l) => l.en), [[0, 1, 2]]);
});

test('deleting a pair removes its articles, paragraphs, sentences and links', () => {
  const db = openTestDb();
  const id = insertPair(db, EN, KO);
  saveAlignment(db, id, { paragraphs: [{ en: [0, 3], ko: [0, 3] }], sentences: [] });
  assert.equal(deletePair(db, id), true);
  for (const t of ['pairs', 'articles', 'paragraphs', 'sentences', 'links', 'authors']) {
    assert.equal((db.prepare(`SELECT count(*) n FROM ${t}`).get() as { n: number }).n, 0, t);
  }
  assert.equal(deletePair(db, id), false);
});
