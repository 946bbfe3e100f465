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

/**
 * Scratch state of one link-cost evaluation, reused for every link (no allocation per link): the
 * stamp marks the anchor keys of the link being costed, then the sums markAnchors leaves.
 */
interface CostScratch {
  markEn: Int32Array;
  markKo: Int32Array;
  stamp: number;
  /** Length of the English and of the Korean units of the link. */
  le: number;
  lk: number;
  /** Weight of the link's distinct anchors, and of those on both of its sides. */
  tot: number;
  matched: number;
}

/** Link cost function over a features table (exported for tests and for the benchmark's ablation). */
export function makeLinkCost(en: Flat, ko: Flat, f: ArticleFeatures, o: AlignOptions) {
  const lenEn = en.sents.map(unitLength);
  const lenKo = ko.sents.map(unitLength);
  const nKeys = f.weight.length;
  const x: CostScratch = { markEn: new Int32Array(nKeys), markKo: new Int32Array(nKeys), stamp: 0, le: 0, lk: 0, tot: 0, matched: 0 };
  const nullEnCost = oneSidedCosts(f.en, lenEn, f, o.nullEn, o);
  const nullKoCost = oneSidedCosts(f.ko, lenKo, f, o.nullKo, o);
  const useKinds = o.kinds && en.kinds.some((k) => k !== undefined) && ko.kinds.some((k) => k !== undefined);
  // The terms add to one running cost in a fixed order, helpers included (they take and return it):
  // floating-point addition is not associative, and a reordered sum could flip a near tie.
  return (i: number, j: number, a: number, b: number): number => {
    if (a === 0) return nullKoCost[j]!;
    if (b === 0) return nullEnCost[i]!;
    let cost = a === 1 && b === 1 ? 0 : a === 1 && b === 2 ? o.p12 : a === 2 && b === 1 ? o.p21 : a === 2 && b === 2 ? o.p22 : o.p13;
    markAnchors(x, f, lenEn, lenKo, i, j, a, b);
    cost -= x.matched;
    if (o.wLonely) {
      for (let t = i; t < i + a; t++) cost += o.wLonely * f.lonelyEn[t]!;
      for (let t = j; t < j + b; t++) cost += o.wLonely * f.lonelyKo[t]!;
    }
    if (o.pOrphan && a + b > 2) cost = addOrphans(cost, x, f, o.pOrphan, i, j, a, b);
    cost += o.wUnmatched * (x.tot - 2 * x.matched);
    if (o.useLength) cost += o.wLength * lengthCost(x.le, x.lk, o.ratio, o.variance);
    if (o.paragraphs) cost = addParagraphCosts(cost, en, ko, o, i, j, a, b);
    if (useKinds) {
      const ke = en.kinds[en.para[i]!];
      const kk = ko.kinds[ko.para[j]!];
      if (ke !== undefined && kk !== undefined && (ke !== 'body' || kk !== 'body')) cost += ke === kk ? -o.pKind : o.pKind;
    }
    return cost;
  };
}

/**
 * Cost of each unit of one side as a one-sided link: the flat deletion penalty plus its unmatched
 * anchors, growing with its length relative to the side's mean when nullLength is set.
 */
function oneSidedCosts(keys: readonly Int32Array[], lens: readonly number[], f: ArticleFeatures, penalty: number, o: AlignOptions): number[] {
  const sumW = (ks: Int32Array) => { let s = 0; for (const k of ks) s += f.weight[k]!; return s; };
  const mean = lens.reduce((x, y) => x + y, 0) / Math.max(1, lens.length);
  return keys.map((k, t) => penalty + o.wUnmatched * sumW(k) + o.nullLength * (lens[t]! / Math.max(1, mean) - 1));
}

/** Stamps the anchor keys of link (i, j, a, b) and leaves its lengths and anchor sums in `x`; each key counts once. */
function markAnchors(x: CostScratch, f: ArticleFeatures, lenEn: readonly number[], lenKo: readonly number[],
  i: number, j: number, a: number, b: number): void {
  const stamp = ++x.stamp;
  const { markEn, markKo } = x;
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
  x.le = le; x.lk = lk; x.tot = tot; x.matched = matched;
}

/** Adds pOrphan per unit of the link (marked by markAnchors) that has anchors but none of them on the other side. */
function addOrphans(cost: number, x: CostScratch, f: ArticleFeatures, pOrphan: number,
  i: number, j: number, a: number, b: number): number {
  for (let t = i; t < i + a; t++) {
    const ks = f.en[t]!;
    let hit = ks.length === 0;
    for (let y = 0; y < ks.length && !hit; y++) if (x.markKo[ks[y]!] === x.stamp) hit = true;
    if (!hit) cost += pOrphan;
  }
  for (let t = j; t < j + b; t++) {
    const ks = f.ko[t]!;
    let hit = ks.length === 0;
    for (let y = 0; y < ks.length && !hit; y++) if (x.markEn[ks[y]!] === x.stamp) hit = true;
    if (!hit) cost += pOrphan;
  }
  return cost;
}

/** Adds pMerge when only one side starts a paragraph at the link, and pSpan per paragraph boundary inside it. */
function addParagraphCosts(cost: number, en: Flat, ko: Flat, o: AlignOptions, i: number, j: number, a: number, b: number): number {
  if ((i > 0 || j > 0) && en.isStart[i] !== ko.isStart[j]) cost += o.pMerge;
  for (let t = i + 1; t < i + a; t++) if (en.isStart[t]) cost += o.pSpan;
  for (let t = j + 1; t < j + b; t++) if (ko.isStart[t]) cost += o.pSpan;
  return cost;
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

/** A paragraph link in the making: the paragraphs it spans on each side (inclusive) and its path steps. */
interface Group { e: [number, number]; k: [number, number]; steps: number[] }

/** A one-sided paragraph link with where it goes: its gap between groups and its path position inside the gap. */
interface OneSided { gap: number; pos: number; link: AlignLink }

function buildResult(en: Flat, ko: Flat, f: ArticleFeatures, steps: Step[],
  nodePosterior: (i: number, j: number) => number, o: AlignOptions): AlignResult {
  const sentences: AlignLink[] = steps.map((s) => {
    const e = range(s.i, s.a);
    const k = range(s.j, s.b);
    const link = { en: e, ko: k, confidence: 0, evidence: s.a && s.b ? evidenceOf(e, k, f) : [] };
    link.confidence = calibrate(s.posterior, link, o.calibSentence);
    return link;
  });
  const groups = paragraphGroups(en, ko, steps);
  const nulls = [...oneSidedParagraphs(en, true, steps, groups), ...oneSidedParagraphs(ko, false, steps, groups)];
  nulls.sort((x, y) => x.gap - y.gap || x.pos - y.pos);
  const groupLinks = groups.map((g) => groupLink(g, en, ko, sentences, nodePosterior, o));
  const placed: { link: AlignLink }[] = [];
  let q = 0;
  for (let gi = 0; gi <= groups.length; gi++) {
    while (q < nulls.length && nulls[q]!.gap === gi) placed.push(nulls[q++]!);
    if (gi < groups.length) placed.push({ link: groupLinks[gi]! });
  }
  const paragraphs = placed.map((x) => ({ ...x.link, confidence: calibrate(x.link.confidence, x.link, o.calibParagraph) }));
  return { paragraphs, sentences: byParagraphLink(sentences, paragraphs, en, ko) };
}

/** Paragraph components: union of paragraphs joined by a non-null sentence link, closed to be contiguous. */
function paragraphGroups(en: Flat, ko: Flat, steps: readonly Step[]): Group[] {
  const groups: Group[] = [];
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
  return groups;
}

/**
 * The paragraphs of one side in no group, as one-sided links. Each goes into the gap between groups
 * given by its own side's index (which keeps both sides monotone) and, inside one gap, is placed at
 * the first path step touching one of its sentences, so that links come out in reading order.
 */
function oneSidedParagraphs(side: Flat, isEn: boolean, steps: readonly Step[], groups: readonly Group[]): OneSided[] {
  const nP = side.first.length;
  const inGroup = new Uint8Array(nP);
  for (const g of groups) {
    const [p0, p1] = isEn ? g.e : g.k;
    for (let p = p0; p <= p1; p++) inGroup[p] = 1;
  }
  // This side's share of each step: its first unit and how many units it takes.
  const part = (s: Step) => (isEn ? [s.i, s.a] as const : [s.j, s.b] as const);
  const stepOf = new Float64Array(side.sents.length);
  steps.forEach((s, t) => {
    const [start, len] = part(s);
    for (let x = start; x < start + len; x++) stepOf[x] = t;
  });
  // An empty paragraph has no step of its own: it goes half a step before the first step that reaches it.
  const firstStepAt = (pos: number) => {
    let t = 0;
    for (; t < steps.length; t++) {
      const [start, len] = part(steps[t]!);
      if (start + len > pos || start >= pos) break;
    }
    return t - 0.5;
  };
  const out: OneSided[] = [];
  for (let p = 0; p < nP; p++) {
    if (inGroup[p]) continue;
    let confidence = 1;
    for (let x = side.first[p]!; x < side.end[p]!; x++) confidence = Math.min(confidence, steps[stepOf[x]!]!.posterior);
    const pos = side.end[p]! > side.first[p]! ? stepOf[side.first[p]!]! : firstStepAt(side.first[p]!);
    const gap = groups.filter((g) => (isEn ? g.e[1] : g.k[1]) < p).length;
    out.push({ gap, pos, link: { en: isEn ? [p] : [], ko: isEn ? [] : [p], confidence, evidence: [] } });
  }
  return out;
}

/**
 * The paragraph link of a group: the evidence of its sentence links (each once) plus a matching
 * paragraph kind, and the posterior that the path enters and leaves it at its corners with no clean
 * paragraph boundary inside it.
 */
function groupLink(g: Group, en: Flat, ko: Flat, sentences: readonly AlignLink[],
  nodePosterior: (i: number, j: number) => number, o: AlignOptions): AlignLink {
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
  const confidence = Math.min(nodePosterior(i0, j0), nodePosterior(i1, j1)) * Math.max(0, 1 - split);
  return { en: spanItems([g.e[0], g.e[1] + 1]), ko: spanItems([g.k[0], g.k[1] + 1]), confidence, evidence: ev };
}

/**
 * Sentence links listed paragraph link by paragraph link (path order inside each), so that a
 * caller can walk both lists together.
 */
function byParagraphLink(sentences: readonly AlignLink[], paragraphs: readonly AlignLink[], en: Flat, ko: Flat): AlignLink[] {
  const ownerE = new Int32Array(en.first.length);
  const ownerK = new Int32Array(ko.first.length);
  paragraphs.forEach((l, t) => { for (const p of l.en) ownerE[p] = t; for (const p of l.ko) ownerK[p] = t; });
  const ownerOf = (l: AlignLink) => (l.en.length ? ownerE[en.para[l.en[0]!]!]! : ownerK[ko.para[l.ko[0]!]!]!);
  return sentences.map((l, t) => ({ l, t, owner: ownerOf(l) }))
    .sort((x, y) => x.owner - y.owner || x.t - y.t).map((x) => x.l);
}

/** Sentence alignment of two flat lists (one paragraph each side); indices are into the arrays. */
export function alignSentences(en: readonly string[], ko: readonly string[], opts?: Partial<AlignOptions>): AlignLink[] {
  const o = resolve({ ...opts, paragraphs: false });
  return alignArticle({ paragraphs: [{ sentences: [...en] }] }, { paragraphs: [{ sentences: [...ko] }] }, o).sentences;
}
