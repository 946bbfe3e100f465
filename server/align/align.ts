/**
 * The jjak aligner: one article-wide sentence alignment whose costs know where the paragraphs
 * are, from which the paragraph links are derived (ALIGNER-NOTES: aligning sentences over the
 * whole article and deriving paragraphs matches the nested search at a third of the cost).
 *
 * Link cost (a negative log score, lower is better), for a link of a English and b Korean units:
 *   prior(a:b)                                   link-type prior (Gale & Church 1993 Table 5 style)
 * + wLength · lengthCost(l_en, l_ko)             Gale & Church 1993 §3, ratio and variance as options
 * − Σ matched anchor weights                     each anchor counted once per link (ALIGNER-NOTES)
 * + wUnmatched · Σ unmatched anchor weights      anchors that have a partner elsewhere in the article
 * + wLonely · numbers of the link with no equal anywhere on the other side (a translation keeps its
 *   numbers, so a unit holding such numbers is likely one-sided)
 * + pOrphan per unit of a many-unit link that shares no anchor with the other side
 * + pMerge if exactly one side starts a paragraph here (the link glues two paragraphs together)
 * + pSpan  per paragraph boundary inside the link
 * ± kind   (title with title, caption with caption) when both sides give paragraph kinds.
 * One-sided links cost a flat deletion penalty plus their unmatched anchors (Vecalign's deletion
 * penalty, Thompson & Koehn 2019 §3.2; Korean-only units are far more common than English-only
 * ones in an English edition that condenses, so the two penalties differ).
 *
 * Confidence: the forward–backward posterior of each link (Moore 2002 §3), and for a paragraph
 * link the posterior that the path enters and leaves it at its corners without a clean paragraph
 * boundary inside it.
 *
 * Confidence is then mapped through a Platt-style sigmoid fitted on dev (calibParagraph,
 * calibSentence), so that a confidence reads as the probability of the link being exactly right.
 *
 * Complexity, for m English and n Korean units: anchors O(total characters · longest glossary
 * term); the search O(cells · 8) time and O(cells) memory, where cells = (m+1)(n+1) when that is
 * at most 250,000 (every news article) and (m+1)·(2W+1) otherwise, with a band half-width
 * W = max(48, 2·√max(m,n)) that is doubled whenever the best path touches the band's edge
 * (dp.ts). A 10,000-unit pair therefore needs a few million cells, not 10⁸.
 */
import { runDp, type LinkType, type Step } from './dp.ts';
import { DEFAULT_FEATURE_OPTIONS, extractFeatures, unitLength, type ArticleFeatures, type FeatureOptions } from './features.ts';
import { lengthCost } from './length.ts';
import type { Lexicon } from './lexicon.ts';
import type { AlignLink, AlignResult, AlignSide, Evidence } from './types.ts';
import { spanItems, type ParagraphKind } from '../model.ts';

/** Options of the aligner. Every field has a default in DEFAULT_ALIGN_OPTIONS. */
export interface AlignOptions extends FeatureOptions {
  /** Learned translation lexicon (trainLexicon); none by default. */
  lexicon?: Lexicon;
  /** Use the length model. */
  useLength: boolean;
  /** Korean length units per English length unit (Hangul syllables per non-space English character). */
  ratio: number;
  /** Variance of the length model per length unit (Gale & Church's s²). */
  variance: number;
  /** Weight of the length cost (length is weak here: below the anchors). */
  wLength: number;
  /** Weight of unmatched anchors. */
  wUnmatched: number;
  /** Cost per number of a linked unit that has no equal anywhere on the other side (FeatureOptions.lonely). */
  wLonely: number;
  /** Cost of a Korean-only unit. */
  nullKo: number;
  /** Extra one-sided cost per unit of length relative to the mean unit length of its side. */
  nullLength: number;
  /** Cost of an English-only unit. */
  nullEn: number;
  /** Prior costs of the other link types, over the 1:1 link. */
  p12: number;
  p21: number;
  p22: number;
  p13: number;
  /** Cost of gluing two paragraphs of one side to one paragraph link (paragraph-aware search). */
  pMerge: number;
  /** Cost per paragraph boundary crossed inside one link. */
  pSpan: number;
  /**
   * Cost per unit of a many-unit link (n+m > 2) that shares no anchor with the other side while it
   * has anchors of its own: the typical omitted sentence absorbed into a 1:2 link (ALIGNER-NOTES).
   */
  pOrphan: number;
  /** Use paragraph boundaries in the costs. */
  paragraphs: boolean;
  /** Use paragraph kinds (title, caption, …) when both sides give them. */
  kinds: boolean;
  /** Cost of linking paragraphs of different non-body kinds; the same kind earns it as a bonus. */
  pKind: number;
  /**
   * Platt-style calibration of paragraph-link confidence (Platt 1999): confidence =
   * σ(c0·logit(posterior) + c1·log(1 + evidence count) + c2·[one-sided] + c3·(items − 2) + c4),
   * fitted by logistic regression on dev (links exactly right or not) and checked on dev-hard.
   */
  calibParagraph: readonly number[];
  /** The same calibration for sentence links. */
  calibSentence: readonly number[];
  /** Posterior temperature. */
  temperature: number;
  /** Band half-width of the search; 0 = automatic. */
  band: number;
}

/** Defaults, measured on the dev sets with bench/align.ts. */
export const DEFAULT_ALIGN_OPTIONS: AlignOptions = {
  ...DEFAULT_FEATURE_OPTIONS,
  useLength: true, ratio: 0.44, variance: 3.5, wLength: 0.35, wUnmatched: 0.25, wLonely: 1, nullLength: 0,
  nullKo: 1, nullEn: 1.5, p12: 1.5, p21: 1.5, p22: 3.5, p13: 5, pMerge: 0.1, pSpan: 1.5, pOrphan: 0.25,
  paragraphs: true, kinds: true, pKind: 3, temperature: 1, band: 0,
  calibParagraph: [0.7, 0, 0, 0, 1.24], calibSentence: [0.71, 0, 0, 0, 1.37],
};

const TYPES: LinkType[] = [[1, 1], [1, 0], [0, 1], [1, 2], [2, 1], [2, 2], [1, 3], [3, 1]];

/** Flattened view of one side: sentences, their paragraph, and paragraph start flags. */
interface Flat {
  sents: string[];
  para: Int32Array;
  /** isStart[s] for s in 0..N: sentence s begins a paragraph (N, the end, counts as a start). */
  isStart: Uint8Array;
  /** First sentence of each paragraph and one past its last. */
  first: Int32Array;
  end: Int32Array;
  kinds: (ParagraphKind | undefined)[];
}

function flatten(side: AlignSide): Flat {
  const sents: string[] = [];
  const para: number[] = [];
  const first: number[] = [];
  const end: number[] = [];
  side.paragraphs.forEach((p, k) => {
    first.push(sents.length);
    for (const s of p.sentences) { sents.push(s); para.push(k); }
    end.push(sents.length);
  });
  const isStart = new Uint8Array(sents.length + 1);
  for (const f of first) isStart[f] = 1;
  isStart[sents.length] = 1;
  return {
    sents, para: Int32Array.from(para), isStart, first: Int32Array.from(first), end: Int32Array.from(end),
    kinds: side.paragraphs.map((p) => p.kind),
  };
}

function resolve(opts: Partial<AlignOptions> | undefined): AlignOptions {
  const o = { ...DEFAULT_ALIGN_OPTIONS };
  if (opts) for (const [k, v] of Object.entries(opts)) if (v !== undefined) (o as unknown as Record<string, unknown>)[k] = v;
  return o;
}

/** Link cost function over a features table (exported for tests and for the benchmark's ablation). */
export function makeLinkCost(en: Flat, ko: Flat, f: ArticleFeatures, o: AlignOptions) {
  const lenEn = en.sents.map(unitLength);
  const lenKo = ko.sents.map(unitLength);
  const nKeys = f.weight.length;
  const markEn = new Int32Array(nKeys);
  const markKo = new Int32Array(nKeys);
  let stamp = 0;
  const sumW = (keys: Int32Array) => { let s = 0; for (const k of keys) s += f.weight[k]!; return s; };
  // A one-sided unit's cost may grow with its length relative to the side's mean (nullLength).
  const meanEn = lenEn.reduce((x, y) => x + y, 0) / Math.max(1, lenEn.length);
  const meanKo = lenKo.reduce((x, y) => x + y, 0) / Math.max(1, lenKo.length);
  const nullEnCost = f.en.map((k, t) => o.nullEn + o.wUnmatched * sumW(k) + o.nullLength * (lenEn[t]! / Math.max(1, meanEn) - 1));
  const nullKoCost = f.ko.map((k, t) => o.nullKo + o.wUnmatched * sumW(k) + o.nullLength * (lenKo[t]! / Math.max(1, meanKo) - 1));
  const useKinds = o.kinds && en.kinds.some((k) => k !== undefined) && ko.kinds.some((k) => k !== undefined);
  return (i: number, j: number, a: number, b: number): number => {
    if (a === 0) return nullKoCost[j]!;
    if (b === 0) return nullEnCost[i]!;
    let cost = a === 1 && b === 1 ? 0 : a === 1 && b === 2 ? o.p12 : a === 2 && b === 1 ? o.p21 : a === 2 && b === 2 ? o.p22 : o.p13;
    stamp++;
    let le = 0;
    let lk = 0;
    let tot = 0;
    let matched = 0;
    for (let t = i; t < i + a; t++) {
      le += lenEn[t]!;
      for (const k of f.en[t]!) if (markEn[k] !== stamp) { markEn[k] = stamp; tot += f.weight[k]!; }
    }
    for (let t = j; t < j + b; t++) {
      lk += lenKo[t]!;
      for (const k of f.ko[t]!) {
        if (markKo[k] === stamp) continue;
        markKo[k] = stamp;
        tot += f.weight[k]!;
        if (markEn[k] === stamp) matched += f.weight[k]!;
      }
    }
    cost -= matched;
    if (o.wLonely) {
      for (let t = i; t < i + a; t++) cost += o.wLonely * f.lonelyEn[t]!;
      for (let t = j; t < j + b; t++) cost += o.wLonely * f.lonelyKo[t]!;
    }
    if (o.pOrphan && a + b > 2) {
      // A unit is an orphan if it has anchors but none of them is on the other side of the link.
      for (let t = i; t < i + a; t++) {
        const ks = f.en[t]!;
        let hit = ks.length === 0;
        for (let x = 0; x < ks.length && !hit; x++) if (markKo[ks[x]!] === stamp) hit = true;
        if (!hit) cost += o.pOrphan;
      }
      for (let t = j; t < j + b; t++) {
        const ks = f.ko[t]!;
        let hit = ks.length === 0;
        for (let x = 0; x < ks.length && !hit; x++) if (markEn[ks[x]!] === stamp) hit = true;
        if (!hit) cost += o.pOrphan;
      }
    }
    cost += o.wUnmatched * (tot - 2 * matched);
    if (o.useLength) cost += o.wLength * lengthCost(le, lk, o.ratio, o.variance);
    if (o.paragraphs) {
      if ((i > 0 || j > 0) && en.isStart[i] !== ko.isStart[j]) cost += o.pMerge;
      for (let t = i + 1; t < i + a; t++) if (en.isStart[t]) cost += o.pSpan;
      for (let t = j + 1; t < j + b; t++) if (ko.isStart[t]) cost += o.pSpan;
    }
    if (useKinds) {
      const ke = en.kinds[en.para[i]!];
      const kk = ko.kinds[ko.para[j]!];
      if (ke !== undefined && kk !== undefined && (ke !== 'body' || kk !== 'body')) cost += ke === kk ? -o.pKind : o.pKind;
    }
    return cost;
  };
}

function evidenceOf(enIdx: readonly number[], koIdx: readonly number[], f: ArticleFeatures): Evidence[] {
  const enKeys = new Map<number, string>();
  for (const s of enIdx) for (const k of f.en[s]!) if (!enKeys.has(k)) enKeys.set(k, f.surfaceEn[s]!.get(k)!);
  const out: Evidence[] = [];
  const seen = new Set<number>();
  for (const s of koIdx) {
    for (const k of f.ko[s]!) {
      if (seen.has(k) || !enKeys.has(k)) continue;
      seen.add(k);
      out.push({ type: f.type[k]!, en: enKeys.get(k)!, ko: f.surfaceKo[s]!.get(k)! });
    }
  }
  return out;
}

/** k indices from s. */
const range = (s: number, k: number) => spanItems([s, s + k]);

/** Applies a calibration vector (see AlignOptions.calibParagraph) to one link. */
export function calibrate(post: number, l: { en: number[]; ko: number[]; evidence: Evidence[] }, c: readonly number[]): number {
  const p = Math.min(1 - 1e-6, Math.max(1e-6, post));
  const oneSided = l.en.length && l.ko.length ? 0 : 1;
  const z = (c[0] ?? 1) * Math.log(p / (1 - p)) + (c[1] ?? 0) * Math.log1p(l.evidence.length) + (c[2] ?? 0) * oneSided +
    (c[3] ?? 0) * (l.en.length + l.ko.length - 2) + (c[4] ?? 0);
  return 1 / (1 + Math.exp(-z));
}

/** Aligns one article: sentence links over the whole article, paragraph links derived from them. */
export function alignArticle(enSide: AlignSide, koSide: AlignSide, opts?: Partial<AlignOptions>): AlignResult {
  const o = resolve(opts);
  const en = flatten(enSide);
  const ko = flatten(koSide);
  const f = extractFeatures(en.sents, ko.sents, o, o.lexicon ?? null);
  const m = en.sents.length;
  const n = ko.sents.length;
  const { steps, nodePosterior } = runDp({
    m, n, types: TYPES, temperature: o.temperature, band: o.band, linkCost: makeLinkCost(en, ko, f, o),
  });
  return buildResult(en, ko, f, steps, nodePosterior, o);
}

function buildResult(en: Flat, ko: Flat, f: ArticleFeatures, steps: Step[],
  nodePosterior: (i: number, j: number) => number, o: AlignOptions): AlignResult {
  const sentences: AlignLink[] = steps.map((s) => {
    const e = range(s.i, s.a);
    const k = range(s.j, s.b);
    const link = { en: e, ko: k, confidence: 0, evidence: s.a && s.b ? evidenceOf(e, k, f) : [] };
    link.confidence = calibrate(s.posterior, link, o.calibSentence);
    return link;
  });
  // Paragraph components: union of paragraphs joined by a non-null sentence link, closed to be contiguous.
  const nEp = en.first.length;
  const nKp = ko.first.length;
  const compE = new Int32Array(nEp).fill(-1);
  const compK = new Int32Array(nKp).fill(-1);
  const groups: { e: [number, number]; k: [number, number]; steps: number[] }[] = [];
  steps.forEach((s, t) => {
    if (!s.a || !s.b) return;
    const e0 = en.para[s.i]!; const e1 = en.para[s.i + s.a - 1]!;
    const k0 = ko.para[s.j]!; const k1 = ko.para[s.j + s.b - 1]!;
    const last = groups[groups.length - 1];
    if (last && (e0 <= last.e[1] || k0 <= last.k[1])) {
      last.e[1] = Math.max(last.e[1], e1); last.k[1] = Math.max(last.k[1], k1);
      last.steps.push(t);
    } else groups.push({ e: [e0, e1], k: [k0, k1], steps: [t] });
  });
  groups.forEach((g, gi) => {
    for (let p = g.e[0]; p <= g.e[1]; p++) compE[p] = gi;
    for (let p = g.k[0]; p <= g.k[1]; p++) compK[p] = gi;
  });
  // Each paragraph link is placed at the first path step touching one of its sentences, so that
  // links come out in reading order with one-sided links at their reading position.
  const stepOfEn = new Float64Array(en.sents.length);
  const stepOfKo = new Float64Array(ko.sents.length);
  steps.forEach((s, t) => {
    for (let x = s.i; x < s.i + s.a; x++) stepOfEn[x] = t;
    for (let x = s.j; x < s.j + s.b; x++) stepOfKo[x] = t;
  });
  const firstStepAtEn = (pos: number) => { let t = 0; while (t < steps.length && steps[t]!.i + steps[t]!.a <= pos && !(steps[t]!.i >= pos)) t++; return t - 0.5; };
  const firstStepAtKo = (pos: number) => { let t = 0; while (t < steps.length && steps[t]!.j + steps[t]!.b <= pos && !(steps[t]!.j >= pos)) t++; return t - 0.5; };
  const paraPos = (side: Flat, stepOf: Float64Array, p: number, at: (pos: number) => number) =>
    side.end[p]! > side.first[p]! ? stepOf[side.first[p]!]! : at(side.first[p]!);
  const nullConf = (side: Flat, isEn: boolean, p: number): number => {
    let c = 1;
    for (let x = side.first[p]!; x < side.end[p]!; x++) c = Math.min(c, steps[(isEn ? stepOfEn : stepOfKo)[x]!]!.posterior);
    return c;
  };
  const groupConf = (g: (typeof groups)[number]): number => {
    const i0 = en.first[g.e[0]]!; const i1 = en.end[g.e[1]]!;
    const j0 = ko.first[g.k[0]]!; const j1 = ko.end[g.k[1]]!;
    let split = 0;
    for (let i = i0; i <= i1; i++) {
      if (!en.isStart[i]) continue;
      for (let j = j0; j <= j1; j++) {
        if (!ko.isStart[j] || (i === i0 && j === j0) || (i === i1 && j === j1)) continue;
        split += nodePosterior(i, j);
      }
    }
    return Math.min(nodePosterior(i0, j0), nodePosterior(i1, j1)) * Math.max(0, 1 - split);
  };
  // One-sided paragraphs go into the gap between groups given by their own side's index (which keeps
  // both sides monotone); inside one gap they follow the path order.
  const nulls: { gap: number; pos: number; link: AlignLink }[] = [];
  const gapOf = (p: number, isEn: boolean) => groups.filter((g) => (isEn ? g.e[1] : g.k[1]) < p).length;
  for (let p = 0; p < nEp; p++) {
    if (compE[p] === -1) nulls.push({ gap: gapOf(p, true), pos: paraPos(en, stepOfEn, p, firstStepAtEn), link: { en: [p], ko: [], confidence: nullConf(en, true, p), evidence: [] } });
  }
  for (let p = 0; p < nKp; p++) {
    if (compK[p] === -1) nulls.push({ gap: gapOf(p, false), pos: paraPos(ko, stepOfKo, p, firstStepAtKo), link: { en: [], ko: [p], confidence: nullConf(ko, false, p), evidence: [] } });
  }
  nulls.sort((x, y) => x.gap - y.gap || x.pos - y.pos);
  const groupLinks = groups.map((g) => {
    const ev: Evidence[] = [];
    const seen = new Set<string>();
    for (const t of g.steps) for (const x of sentences[t]!.evidence) {
      const key = `${x.type}\u0000${x.en}\u0000${x.ko}`;
      if (!seen.has(key)) { seen.add(key); ev.push(x); }
    }
    if (o.kinds) {
      const ke = en.kinds[g.e[0]]; const kk = ko.kinds[g.k[0]];
      if (ke !== undefined && ke === kk && ke !== 'body') ev.push({ type: 'kind', en: ke, ko: kk });
    }
    return { en: spanItems([g.e[0], g.e[1] + 1]), ko: spanItems([g.k[0], g.k[1] + 1]), confidence: groupConf(g), evidence: ev };
  });
  const placed: { link: AlignLink }[] = [];
  let q = 0;
  for (let gi = 0; gi <= groups.length; gi++) {
    while (q < nulls.length && nulls[q]!.gap === gi) placed.push(nulls[q++]!);
    if (gi < groups.length) placed.push({ link: groupLinks[gi]! });
  }
  const paragraphs = placed.map((x) => ({ ...x.link, confidence: calibrate(x.link.confidence, x.link, o.calibParagraph) }));
  // Sentence links are listed paragraph link by paragraph link (path order inside each), so that a
  // caller can walk both lists together.
  const ownerE = new Int32Array(nEp);
  const ownerK = new Int32Array(nKp);
  paragraphs.forEach((l, t) => { for (const p of l.en) ownerE[p] = t; for (const p of l.ko) ownerK[p] = t; });
  const ownerOf = (l: AlignLink) => (l.en.length ? ownerE[en.para[l.en[0]!]!]! : ownerK[ko.para[l.ko[0]!]!]!);
  const ordered = sentences.map((l, t) => ({ l, t, owner: ownerOf(l) }))
    .sort((x, y) => x.owner - y.owner || x.t - y.t).map((x) => x.l);
  return { paragraphs, sentences: ordered };
}

/** Sentence alignment of two flat lists (one paragraph each side); indices are into the arrays. */
export function alignSentences(en: readonly string[], ko: readonly string[], opts?: Partial<AlignOptions>): AlignLink[] {
  const o = resolve({ ...opts, paragraphs: false });
  return alignArticle({ paragraphs: [{ sentences: [...en] }] }, { paragraphs: [{ sentences: [...ko] }] }, o).sentences;
}
