import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { alignArticle, galeChurchArticle, type AlignSide } from '../../server/align/index.ts';
import { itemsSpan, spanItems } from '../../server/model.ts';
import { S } from '../fixtures/align/texts.ts';
import { checkResult, randomArticle, rng } from './helpers.ts';

describe('properties of every result', () => {
  const r = rng(42);
  for (let t = 0; t < 40; t++) {
    const n = 3 + Math.floor(r() * 30);
    const a = randomArticle(r, n);
    it(`random article ${t} (${n} lines): partition, monotone, singletons, nesting, confidence`, () => {
      checkResult(alignArticle(a.en, a.ko), a.en, a.ko);
      checkResult(galeChurchArticle(a.en, a.ko), a.en, a.ko);
    });
  }
  it('handles a side with no paragraphs', () => {
    const en: AlignSide = { paragraphs: [] };
    const ko: AlignSide = { paragraphs: [{ sentences: [S.rate.ko] }, { sentences: [S.won.ko] }] };
    const res = alignArticle(en, ko);
    checkResult(res, en, ko);
    assert.equal(res.paragraphs.length, 2);
  });
  it('handles an empty paragraph', () => {
    const en: AlignSide = { paragraphs: [{ sentences: [S.rate.en] }, { sentences: [] }, { sentences: [S.won.en] }] };
    const ko: AlignSide = { paragraphs: [{ sentences: [S.rate.ko] }, { sentences: [S.won.ko] }] };
    checkResult(alignArticle(en, ko), en, ko);
  });
});

describe('spans and index lists', () => {
  it('convert both ways, an empty side at the reading position', () => {
    assert.deepEqual(spanItems([2, 5]), [2, 3, 4]);
    assert.deepEqual(spanItems([3, 3]), []);
    assert.deepEqual(itemsSpan([2, 3, 4], 0), [2, 5]);
    assert.deepEqual(itemsSpan([], 7), [7, 7]);
    for (const span of [[0, 1], [4, 9], [6, 6]] as const) assert.deepEqual(itemsSpan(spanItems(span), span[0]), span);
  });
});
