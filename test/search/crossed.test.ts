import { it } from 'node:test';
import assert from 'node:assert/strict';
import type { Db } from '../../db/open.ts';
import { getPair } from '../../db/pairs.ts';
import { searchCorpus, type SearchLevel } from '../../db/search/index.ts';
import { parseQuery } from '../../server/search/query.ts';
import { openTestDb } from '../helpers.ts';
import { buildExportCorpus } from '../export/corpus.ts';
import { CROSS_BUS_PAIR, reviewBusPair } from '../export/crossed.ts';

function search(db: Db, q: string, level: SearchLevel) {
  const parsed = parseQuery(q, 'auto');
  assert.ok(parsed.ok);
  return searchCorpus(db, parsed, {}, { level, sort: 'added', limit: 20, offset: 0 }).hits.filter((h) => h.pairId === 1);
}

/** The bus pair with English ¶1 linked to the Korean ¶3 across a two-sided row: a crossed link (row 1). */
function crossedPair(): Db {
  const db = openTestDb();
  buildExportCorpus(db);
  reviewBusPair(db, ...CROSS_BUS_PAIR);
  assert.ok(getPair(db, 1)!.links[1]!.crossed, 'row 1 is crossed');
  return db;
}

it('a paragraph hit on either side of a crossed link shows the other side as its counterpart', () => {
  const db = crossedPair();
  const en = search(db, 'Fares', 'paragraph');
  assert.equal(en.length, 1);
  assert.deepEqual(en[0]!.ko.positions, [3]);
  assert.deepEqual(en[0]!.ko.texts, ['시 관계자는 "예산은 충분하다"고 말했다.']);
  assert.equal(en[0]!.linkIndex, 1);
  const ko = search(db, '관계자', 'paragraph');
  assert.equal(ko.length, 1);
  assert.deepEqual(ko[0]!.en.positions, [1]);
  assert.match(ko[0]!.en.texts.join(' '), /^The city will run four routes from May 2\. Fares rise/);
  assert.equal(ko[0]!.linkIndex, 1, 'the Korean hit points at the crossed row, at the English place');
});

it('a sentence hit inside a crossed link shows its linked sentence on the other side', () => {
  const db = crossedPair();
  const row = getPair(db, 1)!.links[1]!;
  const link = row.sentences.find((s) => s.ko.length > 0 && s.en.length > 0)!;
  const en = search(db, 'city', 'sentence');
  assert.equal(en.length, 1);
  assert.deepEqual(en[0]!.ko.positions, link.ko);
  assert.deepEqual(en[0]!.ko.texts, ['시 관계자는 "예산은 충분하다"고 말했다.']);
  assert.equal(en[0]!.linkIndex, 1);
  const ko = search(db, '관계자', 'sentence');
  assert.equal(ko.length, 1);
  assert.deepEqual(ko[0]!.en.positions, link.en);
  assert.equal(ko[0]!.linkIndex, 1);
});
