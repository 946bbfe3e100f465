/**
 * Re-alignment around links that a reviewer confirmed (the interactive counterpart of hunalign's
 * -realign, Varga et al. 2005 §2.3, and of InterText's "align the rest" action): confirmed links
 * are hard constraints, the stretches between two-sided confirmed links are aligned again as
 * independent sub-articles, and the confirmed links are returned unchanged.
 */
import { alignArticle, DEFAULT_ALIGN_OPTIONS, type AlignOptions } from './align.ts';
import type { AlignLink, AlignResult, AlignSide, FixedLink } from './types.ts';
import { sentenceStarts } from '../model.ts';

/** Thrown when fixed links overlap, cross or point outside the article. */
export class FixedLinkError extends Error {
  override name = 'FixedLinkError';
}

/**
 * Re-aligns everything except `fixed` (paragraph indices and article-wide sentence indices).
 * One-sided fixed links are kept out of the stretch they fall in and put back at their position.
 * Crossed fixed links (a moved paragraph) are not anchors: both their paragraphs are kept out of
 * the stretches, and the link comes back at its English paragraph's place.
 * Fixed links come back with confidence 1 and no evidence.
 */
export function realignAround(en: AlignSide, ko: AlignSide, fixed: readonly FixedLink[], opts?: Partial<AlignOptions>): AlignResult {
  const nEp = en.paragraphs.length;
  const nKp = ko.paragraphs.length;
  const article: Article = { en, ko, fixed, opts, ...usedParagraphs(fixed, nEp, nKp), enStart: sentenceStarts(en), koStart: sentenceStarts(ko) };
  const two = fixed.filter(anchored)
    .sort((a, b) => Math.min(...a.paragraph.en) - Math.min(...b.paragraph.en));
  for (let t = 1; t < two.length; t++) {
    if (Math.min(...two[t]!.paragraph.ko) <= Math.max(...two[t - 1]!.paragraph.ko)) throw new FixedLinkError('fixed links cross');
  }
  const out: AlignResult = { paragraphs: [], sentences: [] };
  let e = 0;
  let k = 0;
  for (const f of two) {
    alignStretch(article, e, Math.min(...f.paragraph.en), k, Math.min(...f.paragraph.ko), out);
    emitFixed(f, out);
    e = Math.max(...f.paragraph.en) + 1;
    k = Math.max(...f.paragraph.ko) + 1;
  }
  alignStretch(article, e, nEp, k, nKp, out);
  return out;
}

/** The article being re-aligned, with the paragraphs fixed links hold and each paragraph's first sentence index. */
interface Article {
  en: AlignSide;
  ko: AlignSide;
  fixed: readonly FixedLink[];
  opts: Partial<AlignOptions> | undefined;
  usedE: Uint8Array;
  usedK: Uint8Array;
  enStart: number[];
  koStart: number[];
}

/** Two-sided fixed links that are not crossed: the anchors between stretches. */
const anchored = (f: FixedLink) => f.paragraph.en.length > 0 && f.paragraph.ko.length > 0 && !f.crossed;

/** Flags the paragraphs that fixed links hold; throws on one out of range or held twice. */
function usedParagraphs(fixed: readonly FixedLink[], nEp: number, nKp: number): { usedE: Uint8Array; usedK: Uint8Array } {
  const usedE = new Uint8Array(nEp);
  const usedK = new Uint8Array(nKp);
  for (const f of fixed) {
    for (const p of f.paragraph.en) { if (p < 0 || p >= nEp || usedE[p]) throw new FixedLinkError(`bad or repeated English paragraph ${p}`); usedE[p] = 1; }
    for (const p of f.paragraph.ko) { if (p < 0 || p >= nKp || usedK[p]) throw new FixedLinkError(`bad or repeated Korean paragraph ${p}`); usedK[p] = 1; }
  }
  return { usedE, usedK };
}

const fixedLink = (l: { en: number[]; ko: number[] }): AlignLink => ({ en: [...l.en], ko: [...l.ko], confidence: 1, evidence: [] });

/** Appends a fixed link and its sentence links, as they are. */
function emitFixed(f: FixedLink, out: AlignResult): void {
  out.paragraphs.push(fixedLink(f.paragraph));
  for (const s of f.sentences) out.sentences.push(fixedLink(s));
}

/** Appends one stretch [e0, e1) × [k0, k1): its free paragraphs aligned anew, plus the one-sided fixed links in it. */
function alignStretch(x: Article, e0: number, e1: number, k0: number, k1: number, out: AlignResult): void {
  const { en, ko } = x;
  const freeE: number[] = [];
  const freeK: number[] = [];
  for (let p = e0; p < e1; p++) if (!x.usedE[p]) freeE.push(p);
  for (let p = k0; p < k1; p++) if (!x.usedK[p]) freeK.push(p);
  const sub = alignArticle(
    { paragraphs: freeE.map((p) => en.paragraphs[p]!) }, { paragraphs: freeK.map((p) => ko.paragraphs[p]!) },
    { ...DEFAULT_ALIGN_OPTIONS, ...x.opts });
  const sIdxE = freeE.flatMap((p) => en.paragraphs[p]!.sentences.map((_, t) => x.enStart[p]! + t));
  const sIdxK = freeK.flatMap((p) => ko.paragraphs[p]!.sentences.map((_, t) => x.koStart[p]! + t));
  // a crossed link belongs to the stretch of its English paragraph only
  const pending = x.fixed.filter((f) => !anchored(f) &&
    (f.paragraph.en.some((p) => p >= e0 && p < e1) || (!f.crossed && f.paragraph.ko.some((p) => p >= k0 && p < k1))))
    .sort((a, b) => (a.paragraph.en[0] ?? a.paragraph.ko[0]!) - (b.paragraph.en[0] ?? b.paragraph.ko[0]!));
  // Sentence links of the sub-result, grouped under their paragraph link.
  let st = 0;
  for (const pl of sub.paragraphs) {
    const pe = pl.en.map((i) => freeE[i]!);
    const pk = pl.ko.map((i) => freeK[i]!);
    flushBefore(pending, pe.length ? pe[0]! : Infinity, pk.length ? pk[0]! : Infinity, out);
    out.paragraphs.push({ ...pl, en: pe, ko: pk });
    const nS = pl.en.reduce((s, i) => s + (en.paragraphs[freeE[i]!]!.sentences.length), 0) +
      pl.ko.reduce((s, i) => s + (ko.paragraphs[freeK[i]!]!.sentences.length), 0);
    let covered = 0;
    while (covered < nS && st < sub.sentences.length) {
      const sl = sub.sentences[st++]!;
      covered += sl.en.length + sl.ko.length;
      out.sentences.push({ ...sl, en: sl.en.map((i) => sIdxE[i]!), ko: sl.ko.map((i) => sIdxK[i]!) });
    }
  }
  flushBefore(pending, Infinity, Infinity, out);
}

/** Emits (and removes) the pending one-sided fixed links that come before paragraph beforeE / beforeK of their side. */
function flushBefore(pending: FixedLink[], beforeE: number, beforeK: number, out: AlignResult): void {
  while (pending.length) {
    const f = pending[0]!;
    const p = f.paragraph.en.length ? f.paragraph.en[0]! : f.paragraph.ko[0]!;
    if (f.paragraph.en.length ? p >= beforeE : p >= beforeK) break;
    pending.shift();
    emitFixed(f, out);
  }
}
