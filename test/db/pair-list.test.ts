import { test } from 'node:test';
import assert from 'node:assert/strict';
import { listPairs, PAGE_SQL } from '../../db/pair-list.ts';
import { deletePair, insertPair, saveAlignment } from '../../db/pairs.ts';
import { doc, openTestDb } from '../helpers.ts';
import type { Db } from '../../db/open.ts';

function storePairs(db: Db, n: number): number[] {
  return Array.from({ length: n }, (_, i) =>
    insertPair(db, doc('en', [['title', `Report ${i}`], ['body', `Body ${i}.`]]), doc('ko', [['title', `보고서 ${i}`], ['body', `본문 ${i}.`]])));
}

test('pages hold the pairs newest first, from either end of the list, across gaps left by deletions', () => {
  const db = openTestDb();
  const ids = storePairs(db, 23);
  for (const gone of [ids[3]!, ids[11]!, ids[12]!, ids[22]!]) assert.ok(deletePair(db, gone));
  const expected = ids.filter((id) => ![ids[3], ids[11], ids[12], ids[22]].includes(id)).reverse();
  for (const limit of [1, 4, 7]) {
    const pages: number[] = [];
    for (let offset = 0; offset < expected.length + limit; offset += limit) {
      const page = listPairs(db, { limit, offset }).map((p) => p.id);
      assert.deepEqual(page, expected.slice(offset, offset + limit), `limit ${limit} offset ${offset}`);
      pages.push(...page);
    }
    assert.deepEqual(pages, expected);
  }
  assert.deepEqual(listPairs(db, { limit: 5, offset: 19 }), []);
  assert.deepEqual(listPairs(db, { limit: 0, offset: 0 }), []);
});

test('each pair comes with its titles and its paragraph-link figures', () => {
  const db = openTestDb();
  const [first, second] = storePairs(db, 2);
  saveAlignment(db, second!, {
    paragraphs: [
      { en: [0, 1], ko: [0, 1], status: 'confirmed', confidence: 0.95 },
      { en: [1, 2], ko: [1, 2], confidence: 0.4 },
    ],
    sentences: [{ en: [0, 1], ko: [0, 1] }, { en: [1, 2], ko: [1, 2] }],
  });
  const [newest, oldest] = listPairs(db, { limit: 10, offset: 0 });
  assert.equal(newest!.id, second);
  assert.deepEqual(
    { en: newest!.enTitle, ko: newest!.koTitle, paragraphs: [newest!.enParagraphs, newest!.koParagraphs], links: newest!.links,
      confirmed: newest!.confirmedLinks, low: newest!.lowConfidenceLinks, min: newest!.minConfidence, status: newest!.status },
    { en: 'Report 1', ko: '보고서 1', paragraphs: [2, 2], links: 2, confirmed: 1, low: 1, min: 0.4, status: 'aligned' });
  assert.equal(oldest!.id, first);
  assert.equal(oldest!.links, 0);
  assert.equal(oldest!.minConfidence, null);
});

test('the list page reads links by pair, whatever other indexes on links exist', () => {
  const db = openTestDb();
  db.exec('CREATE INDEX IF NOT EXISTS test_links_level_confidence ON links (level, confidence)');
  db.exec('CREATE INDEX IF NOT EXISTS test_links_level_status ON links (level, status, pair_id)');
  const plan = db.prepare<[{ low: number; first: number; limit: number }], { detail: string }>(`EXPLAIN QUERY PLAN ${PAGE_SQL}`)
    .all({ low: 0.8, first: 10, limit: 50 }).map((r) => r.detail).filter((d) => /\bb\b/.test(d) || d.includes('links'));
  assert.ok(plan.length >= 4, plan.join('\n'));
  for (const step of plan) assert.match(step, /\(pair_id=\?/, `every link lookup seeks by pair: ${step}`);
});
