import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { alignArticle, galeChurchArticle, type AlignSide } from '../../server/align/index.ts';
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
