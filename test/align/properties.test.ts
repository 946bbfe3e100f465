import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { alignArticle, galeChurchArticle, type AlignSide } from '../../server/align/index.ts';
import { S, KO_ONLY, EN_ONLY } from '../fixtures/align/texts.ts';
import { checkResult } from './helpers.ts';

/** Deterministic pseudo-random numbers (mulberry32), so the property tests are reproducible. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PAIRS = Object.values(S);

/** A random article: translated pairs with random omissions and random paragraphing on each side. */
function randomArticle(r: () => number, nLines: number): { en: AlignSide; ko: AlignSide } {
  const en: string[][] = [[]];
  const ko: string[][] = [[]];
  for (let t = 0; t < nLines; t++) {
    const p = PAIRS[Math.floor(r() * PAIRS.length)]!;
    const x = r();
    if (x < 0.12) ko[ko.length - 1]!.push(KO_ONLY.kospi);
    else if (x < 0.15) en[en.length - 1]!.push(EN_ONLY.context);
    else { en[en.length - 1]!.push(p.en); ko[ko.length - 1]!.push(p.ko); }
    if (r() < 0.35 && en[en.length - 1]!.length) en.push([]);
    if (r() < 0.35 && ko[ko.length - 1]!.length) ko.push([]);
  }
  const clean = (ps: string[][]): AlignSide => ({ paragraphs: ps.filter((p) => p.length).map((sentences) => ({ sentences })) });
  return { en: clean(en), ko: clean(ko) };
}

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
    const strip = (r: typeof full) => r.sentences.map((l) => `${l.en}|${l.ko}`).join(' ');
    assert.equal(strip(banded), strip(full));
  });
});
