/**
 * Baseline: Gale & Church 1993 on character lengths, paragraphs first and then sentences inside
 * each paragraph link (their §4 "paragraphs, then sentences"). Link priors from their Table 5:
 * 1:1 0.89, 1:0/0:1 0.0099, 2:1/1:2 0.089, 2:2 0.011. The length model follows the original
 * (δ = (l2 − c·l1)/sqrt(l1·s²), c = 0.4625 fitted to Korean/English here, s² = 2.30).
 * Used by the benchmark as the reference; the jjak aligner lives in align.ts.
 */
import { normalCdf } from './length.ts';
import { runDp, type LinkType } from './dp.ts';
import { unitLength } from './features.ts';
import type { AlignLink, AlignResult, AlignSide } from './types.ts';
import { spanItems } from '../model.ts';

/** Options of the Gale–Church baseline. */
export interface GaleChurchOptions {
  /** Expected Korean length per English length unit. */
  c: number;
  /** Variance per English length unit. */
  s2: number;
}

/** Defaults of the Gale–Church baseline. */
export const DEFAULT_GALE_CHURCH_OPTIONS: GaleChurchOptions = { c: 0.4625, s2: 2.3 };

const TYPES: LinkType[] = [[1, 1], [1, 0], [0, 1], [2, 1], [1, 2], [2, 2]];
const PRIOR: ReadonlyMap<string, number> = new Map(Object.entries({ '1,1': 0.89, '1,0': 0.0099, '0,1': 0.0099, '2,1': 0.089, '1,2': 0.089, '2,2': 0.011 }));

function gcCost(l1: number, l2: number, a: number, b: number, o: GaleChurchOptions): number {
  const prior = -Math.log(PRIOR.get(`${a},${b}`)!);
  if (a === 0 || b === 0) return prior;
  const delta = (l2 - o.c * l1) / Math.sqrt(Math.max(l1, 1) * o.s2);
  const pr = 2 * (1 - normalCdf(Math.abs(delta)));
  return prior - Math.log(Math.max(pr, 1e-12));
}

/** Gale–Church alignment of two lists of lengths; returns links over the given indices. */
export function galeChurchLengths(en: readonly number[], ko: readonly number[], opts: GaleChurchOptions = DEFAULT_GALE_CHURCH_OPTIONS): AlignLink[] {
  if (!en.length || !ko.length) {
    return [...en.map((_, i) => ({ en: [i], ko: [], confidence: 0, evidence: [] })),
      ...ko.map((_, j) => ({ en: [], ko: [j], confidence: 0, evidence: [] }))];
  }
  const { steps } = runDp({
    m: en.length, n: ko.length, types: TYPES, temperature: 1, band: 0,
    linkCost: (i, j, a, b) => {
      let l1 = 0; let l2 = 0;
      for (let t = 0; t < a; t++) l1 += en[i + t]!;
      for (let t = 0; t < b; t++) l2 += ko[j + t]!;
      return gcCost(l1, l2, a, b, opts);
    },
  });
  return steps.map((s) => ({ en: spanItems([s.i, s.i + s.a]), ko: spanItems([s.j, s.j + s.b]), confidence: s.posterior, evidence: [] }));
}

/** The Gale–Church baseline on an article: paragraph lengths first, then sentences inside each link. */
export function galeChurchArticle(en: AlignSide, ko: AlignSide, opts: GaleChurchOptions = DEFAULT_GALE_CHURCH_OPTIONS): AlignResult {
  const sentLen = (s: string) => unitLength(s);
  const enStart: number[] = [];
  const koStart: number[] = [];
  let c = 0;
  for (const p of en.paragraphs) { enStart.push(c); c += p.sentences.length; }
  c = 0;
  for (const p of ko.paragraphs) { koStart.push(c); c += p.sentences.length; }
  const paras = galeChurchLengths(
    en.paragraphs.map((p) => p.sentences.reduce((s, x) => s + sentLen(x), 0)),
    ko.paragraphs.map((p) => p.sentences.reduce((s, x) => s + sentLen(x), 0)), opts);
  const sentences: AlignLink[] = [];
  for (const pl of paras) {
    const eIdx = pl.en.flatMap((p) => en.paragraphs[p]!.sentences.map((_, t) => enStart[p]! + t));
    const kIdx = pl.ko.flatMap((p) => ko.paragraphs[p]!.sentences.map((_, t) => koStart[p]! + t));
    const eS = pl.en.flatMap((p) => en.paragraphs[p]!.sentences);
    const kS = pl.ko.flatMap((p) => ko.paragraphs[p]!.sentences);
    for (const l of galeChurchLengths(eS.map(sentLen), kS.map(sentLen), opts)) {
      sentences.push({ en: l.en.map((x) => eIdx[x]!), ko: l.ko.map((x) => kIdx[x]!), confidence: l.confidence, evidence: [] });
    }
  }
  return { paragraphs: paras, sentences };
}
