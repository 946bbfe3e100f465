/** Shared checks for aligner tests: the properties every AlignResult must have. */
import assert from 'node:assert/strict';
import type { AlignLink, AlignResult, AlignSide } from '../../server/align/index.ts';
import { EN_ONLY, KO_ONLY, S } from '../fixtures/align/texts.ts';

/** Compact rendering of links: "1-1 0-1 2-1". */
export const shape = (links: readonly AlignLink[]) => links.map((l) => `${l.en.length}-${l.ko.length}`).join(' ');

/** Asserts partition, contiguity, monotonicity, singletons, confidence range for one level. */
export function checkLevel(links: readonly AlignLink[], nEn: number, nKo: number, what: string): void {
  const cEn = new Array<number>(nEn).fill(0);
  const cKo = new Array<number>(nKo).fill(0);
  let lastEn = -1;
  let lastKo = -1;
  for (const l of links) {
    assert.ok(l.en.length + l.ko.length > 0, `${what}: empty link`);
    if (!l.en.length || !l.ko.length) assert.equal(l.en.length + l.ko.length, 1, `${what}: one-sided link not a singleton`);
    for (const side of [l.en, l.ko]) for (let t = 1; t < side.length; t++) assert.equal(side[t], side[t - 1]! + 1, `${what}: not contiguous`);
    if (l.en.length) { assert.ok(l.en[0]! > lastEn, `${what}: not monotone (en)`); lastEn = l.en[l.en.length - 1]!; }
    if (l.ko.length) { assert.ok(l.ko[0]! > lastKo, `${what}: not monotone (ko)`); lastKo = l.ko[l.ko.length - 1]!; }
    l.en.forEach((i) => cEn[i]!++);
    l.ko.forEach((j) => cKo[j]!++);
    assert.ok(l.confidence >= 0 && l.confidence <= 1, `${what}: confidence out of range`);
    assert.ok(Array.isArray(l.evidence));
  }
  assert.ok(cEn.every((c) => c === 1), `${what}: English items not covered exactly once`);
  assert.ok(cKo.every((c) => c === 1), `${what}: Korean items not covered exactly once`);
}

/** Asserts every property of an article result, including nesting of sentence links in paragraph links. */
export function checkResult(r: AlignResult, en: AlignSide, ko: AlignSide): void {
  const paraOf = (side: AlignSide) => side.paragraphs.flatMap((p, k) => p.sentences.map(() => k));
  const pe = paraOf(en);
  const pk = paraOf(ko);
  checkLevel(r.paragraphs, en.paragraphs.length, ko.paragraphs.length, 'paragraphs');
  checkLevel(r.sentences, pe.length, pk.length, 'sentences');
  const linkOfE = new Map<number, number>();
  const linkOfK = new Map<number, number>();
  r.paragraphs.forEach((l, t) => { l.en.forEach((p) => linkOfE.set(p, t)); l.ko.forEach((p) => linkOfK.set(p, t)); });
  let lastOwner = -1;
  for (const s of r.sentences) {
    const owners = new Set([...s.en.map((i) => linkOfE.get(pe[i]!)), ...s.ko.map((j) => linkOfK.get(pk[j]!))]);
    assert.equal(owners.size, 1, `sentence link ${JSON.stringify(s.en)}|${JSON.stringify(s.ko)} not nested in one paragraph link`);
    const ownerIdx = [...owners][0]!;
    assert.ok(ownerIdx >= lastOwner, 'sentence links not listed in paragraph link order');
    lastOwner = ownerIdx;
    const owner = r.paragraphs[ownerIdx]!;
    if (!owner.en.length || !owner.ko.length) assert.ok(!s.en.length || !s.ko.length, 'null paragraph link holds a non-null sentence link');
  }
}

/** An AlignSide from paragraphs given as arrays of sentences. */
export const side = (...paras: string[][]): AlignSide => ({ paragraphs: paras.map((sentences) => ({ sentences })) });

/** Deterministic pseudo-random numbers (mulberry32), so the property tests are reproducible. */
export function rng(seed: number): () => number {
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
export function randomArticle(r: () => number, nLines: number): { en: AlignSide; ko: AlignSide } {
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
