/** The aligner on very long articles: memory and the band (slow: seconds of alignment each). */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { alignArticle } from '../../server/align/index.ts';
import { checkResult, randomArticle, rng } from './helpers.ts';

describe('long inputs', () => {
  it('aligns a 10,000-sentence pair (about 3,500 paragraphs a side) in a band (bounded memory and time)', { timeout: 120_000 }, () => {
    const r = rng(7);
    const a = randomArticle(r, 10_000);
    const before = process.memoryUsage().rss;
    const res = alignArticle(a.en, a.ko);
    const grown = process.memoryUsage().rss - before;
    checkResult(res, a.en, a.ko);
    // A full 10,000 × 10,000 table of doubles alone would take 800 MB.
    assert.ok(grown < 400 * 2 ** 20, `memory grew by ${Math.round(grown / 2 ** 20)} MB`);
  });
  it('finds the same links in a band as in the full table', { timeout: 120_000 }, () => {
    const a = randomArticle(rng(11), 700);
    const full = alignArticle(a.en, a.ko, { band: 100_000 });
    const banded = alignArticle(a.en, a.ko);
    const strip = (r: typeof full) => r.sentences.map((l) => `${l.en.join(',')}|${l.ko.join(',')}`).join(' ');
    assert.equal(strip(banded), strip(full));
  });
});
