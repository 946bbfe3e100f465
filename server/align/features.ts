/**
 * Anchors: the content evidence that two sentences translate each other, extracted once per
 * article. Every anchor is a *key* (a normalised number, a month, a Latin-script token, a glossary
 * concept, a romanisation skeleton, a lexicon pair) with the substring it came from on each side.
 *
 * Only keys that occur on both sides of the article are kept, and each key is weighted by its
 * rarity inside the article (an idf-like weight in the spirit of the anchor weighting of
 * hunalign, Varga et al. 2005 §2.2, and of Melamed 1999's point that frequent tokens make poor
 * anchors): the protagonist's name, present in every sentence, says little about which sentence
 * goes where.
 */
import { koreanNumbers, koreanNativeNumbers, englishNumbers, type NumberMention } from './numbers.ts';
import { hangulPrefixSkeletons, isHangul, latinSkeleton } from './romanize.ts';
import { newsGlossary, type Glossary } from './glossary.ts';
import { EN_STOP, englishWords, koreanWords, stemEnglish, stemKorean } from './tokens.ts';
import type { Lexicon } from './lexicon.ts';

/** Which signals are on (for ablation), and their weights. All fields have defaults in DEFAULT_FEATURE_OPTIONS. */
export interface FeatureOptions {
  /** Use number and month anchors. */
  numbers: boolean;
  /** Use Latin-script tokens inside Korean text (WHO, IBM). */
  latin: boolean;
  /** Use romanisation skeletons (names and loanwords). */
  names: boolean;
  /** Use the built-in news glossary. */
  glossary: boolean;
  /** Use quotation marks (a quoted statement on both sides). */
  quotes: boolean;
  /** Weight of a quotation anchor. */
  wQuote: number;
  /** Lonely weight of a Latin token in Korean text that the English text never uses (relative to a number). */
  lonelyLatin: number;
  /** Weight of a number anchor (small integers ≤ 12 count half: English spells them out). */
  wNumber: number;
  /** Weight of a month anchor. */
  wMonth: number;
  /** Weight of a Latin-token anchor. */
  wLatin: number;
  /** Weight of a glossary anchor. */
  wGlossary: number;
  /** Weight of a romanisation anchor per skeleton consonant (capped at 4 consonants). */
  wName: number;
  /** Weight of a lexicon anchor (scaled by its translation probability). */
  wLexicon: number;
  /** Rarity exponent γ: weight ∝ 1 / df^γ, df = sentences containing the key on the busier side. */
  rarity: number;
}

/** Defaults, measured on the dev sets (see bench/align.ts --ablation). */
export const DEFAULT_FEATURE_OPTIONS: FeatureOptions = {
  numbers: true, latin: true, names: true, glossary: true, quotes: false, wQuote: 0.3, lonelyLatin: 0,
  wNumber: 2.5, wMonth: 1.0, wLatin: 1.2, wGlossary: 1.2, wName: 0.3, wLexicon: 0.6, rarity: 0.5,
};

/** Anchors of one article: per sentence the key ids it holds, per key its weight, type and surfaces. */
export interface ArticleFeatures {
  en: Int32Array[];
  ko: Int32Array[];
  weight: Float64Array;
  type: string[];
  /**
   * Per sentence: weight of its numbers that occur nowhere on the other side of the article. A
   * translated sentence keeps its numbers, so such a sentence is likely one-sided.
   */
  lonelyEn: Float64Array;
  lonelyKo: Float64Array;
  /** Per sentence: key id → substring as it appears in that sentence. */
  surfaceEn: Map<number, string>[];
  surfaceKo: Map<number, string>[];
}

type Raw = Map<string, string>; // key → surface

function addNumbers(into: Raw, nums: NumberMention[]): void {
  for (const n of nums) {
    const k = (n.kind === 'month' ? 'M:' : 'N:') + n.key;
    if (!into.has(k)) into.set(k, n.surface);
  }
}

// First syllables of Korean names whose romanised spelling starts with an l the Hangul lacks.
const SURNAME_ONSET: ReadonlyMap<string, string> = new Map([['이', 'l'], ['임', 'l'], ['노', 'l'], ['유', 'l']]);

// Korean syllables that end grammatical forms, not loanwords: a romanisation candidate may not end in one.
const KO_GRAMMAR_END = new Set('다는을를의에은며했한된할던면서고게지요까니라'.split(''));

// Double quotation marks of either script; a quoted statement is usually quoted in the translation too.
const QUOTE = /["“”«»「」『』]/;

function addQuote(into: Raw, text: string, opts: FeatureOptions): void {
  if (!opts.quotes) return;
  const m = QUOTE.exec(text);
  if (m) into.set('Q:', m[0]);
}

function koreanRaw(text: string, g: Glossary | null, opts: FeatureOptions, lexKo: Set<string> | null): Raw {
  const raw: Raw = new Map();
  addQuote(raw, text, opts);
  if (opts.numbers) {
    addNumbers(raw, koreanNumbers(text));
    addNumbers(raw, koreanNativeNumbers(text));
  }
  if (opts.latin) {
    for (const m of text.matchAll(/[A-Za-z][A-Za-z0-9&]*(?:[.-][A-Za-z0-9&]+)*/g)) {
      const k = 'L:' + m[0].toLowerCase().replace(/\./g, '');
      if (!raw.has(k)) raw.set(k, m[0]);
    }
  }
  for (const w of koreanWords(text)) {
    // Hangul runs inside the word.
    const word = w.text;
    let covered: boolean[] = [];
    if (g) {
      covered = new Array<boolean>(word.length).fill(false);
      const stem = stemKorean(word);
      for (let s = 0; s < word.length; s++) {
        if (!isHangul(word.charCodeAt(s))) continue;
        for (let len = Math.min(g.koMaxLen, word.length - s); len >= 1; len--) {
          const sub = word.slice(s, s + len);
          const concepts = g.ko.get(sub);
          if (!concepts) continue;
          // One-syllable terms only as a whole word (after particle removal): 핵 in 핵은, not in 핵심.
          if (len === 1 && !(s === 0 && (stem === sub || word === sub))) continue;
          for (const c of concepts) if (!raw.has('G:' + c)) raw.set('G:' + c, sub);
          for (let t = s; t < s + len; t++) covered[t] = true;
          s += len - 1;
          break;
        }
      }
    }
    if (opts.names) {
      // Loanwords and names start a word (particles follow them): candidates are prefixes of the
      // word's Hangul run. Two-consonant skeletons are too common to trust unless the candidate is
      // the whole stem (오바마는 → 오바마).
      let s = 0;
      while (s < word.length && !isHangul(word.charCodeAt(s))) s++;
      const stem = stemKorean(word);
      const sks = hangulPrefixSkeletons(word, s, 7);
      for (let e = s + 2; e <= s + sks.length; e++) {
        let allCovered = covered.length > 0;
        for (let t = s; t < e && allCovered; t++) if (!covered[t]) allCovered = false;
        if (allCovered) continue;
        const sub = word.slice(s, e);
        // A candidate ending in a grammatical syllable is a verb or adjective (보인다, 많은) unless a
        // particle was stripped after it (캐나다는 → 캐나다).
        if (KO_GRAMMAR_END.has(word[e - 1]!) && !(sub === stem && stem !== word)) continue;
        const sk = sks[e - s - 1]!;
        if (sk.length < 2 || (sk.length < 3 && sub !== stem)) continue;
        const k = 'R:' + sk;
        if (!raw.has(k)) raw.set(k, sub);
        // Surnames whose usual spelling adds an initial l (이 Lee/Rhee, 임 Lim, 노 Roh): a whole
        // two- to four-syllable stem starting with one also gets the spelled-out key (이도훈 ↔ Lee Do-hoon).
        const alt = SURNAME_ONSET.get(word[s]!);
        if (alt && sub === stem && e - s >= 2 && e - s <= 4 && !sk.startsWith(alt)) {
          const ka = 'R:' + alt + sk;
          if (!raw.has(ka)) raw.set(ka, sub);
        }
      }
    }
    if (lexKo) {
      const st = stemKorean(word);
      if (st && lexKo.has(st)) raw.set('X:' + st, st);
    }
  }
  return raw;
}

/** English keys of one sentence; Latin and romanisation keys only if `koKeys` (the Korean side's keys) has them. */
function englishRaw(text: string, g: Glossary | null, opts: FeatureOptions, lexEn: Set<string> | null, koKeys: Set<string>): Raw {
  const raw: Raw = new Map();
  addQuote(raw, text, opts);
  if (opts.numbers) addNumbers(raw, englishNumbers(text));
  const words = englishWords(text);
  const stems = words.map((w) => stemEnglish(w.text));
  if (opts.latin) {
    for (const w of words) {
      const k = 'L:' + w.text.toLowerCase().replace(/\./g, '');
      if (koKeys.has(k) && !raw.has(k)) raw.set(k, w.text);
    }
  }
  if (g) {
    for (let i = 0; i < words.length; i++) {
      const cands = g.en.get(stems[i]!);
      if (!cands) continue;
      for (const c of cands) {
        if (c.rest.every((r, t) => stems[i + 1 + t] === r)) {
          const last = words[i + c.rest.length]!;
          if (!raw.has('G:' + c.concept)) raw.set('G:' + c.concept, text.slice(words[i]!.start, last.end));
        }
      }
    }
  }
  if (opts.names) {
    for (let i = 0; i < words.length; i++) {
      const w = words[i]!.text;
      const lw = w.toLowerCase();
      // Acronyms are Latin tokens, not names to romanise.
      if (EN_STOP.has(lw) || lw.length < 3 || (w.length > 1 && w === w.toUpperCase())) continue;
      const cap = /^[A-Z]/.test(w);
      const forms = [w];
      if (/s$/i.test(w) && w.length > 4) forms.push(w.slice(0, -1));
      const next = words[i + 1];
      if (next && next.start - words[i]!.end <= 1 && !EN_STOP.has(next.text.toLowerCase())) {
        forms.push(w + next.text);
      }
      for (const f of forms) {
        const sk = latinSkeleton(f);
        if (sk.length < 2 || (sk.length < 3 && !cap)) continue;
        const k = 'R:' + sk;
        if (koKeys.has(k) && !raw.has(k)) raw.set(k, f === w + next?.text ? text.slice(words[i]!.start, next!.end) : f);
      }
    }
  }
  if (lexEn) {
    for (const st of stems) if (lexEn.has(st)) raw.set('Y:' + st, st);
  }
  return raw;
}

const TYPE_OF: ReadonlyMap<string, string> = new Map(Object.entries({ Q: 'quote', N: 'number', M: 'month', L: 'latin', G: 'glossary', R: 'name', X: 'lexicon' }));

/**
 * Extracts the anchors of an article. `lexicon` adds translation pairs learned by IBM Model 1
 * (lexicon.ts) as extra keys. Deterministic: keys are interned in reading order.
 */
export function extractFeatures(
  enSents: readonly string[], koSents: readonly string[], opts: FeatureOptions = DEFAULT_FEATURE_OPTIONS,
  lexicon: Lexicon | null = null,
): ArticleFeatures {
  const g = opts.glossary ? newsGlossary() : null;
  let lexEn: Set<string> | null = null;
  let lexKo: Set<string> | null = null;
  let lexMap: Map<string, Map<string, number>> | null = null;
  if (lexicon && lexicon.entries.length) {
    lexEn = new Set(); lexKo = new Set(); lexMap = new Map();
    for (const [e, k, p] of lexicon.entries) {
      lexEn.add(e); lexKo.add(k);
      const m = lexMap.get(e) ?? new Map<string, number>();
      m.set(k, p); lexMap.set(e, m);
    }
  }
  const koRaw = koSents.map((s) => koreanRaw(s, g, opts, lexKo));
  const koKeys = new Set<string>();
  for (const r of koRaw) for (const k of r.keys()) koKeys.add(k);
  const enRaw = enSents.map((s) => englishRaw(s, g, opts, lexEn, koKeys));
  // Lexicon pairs become shared keys 'X:ko|en' on both sides.
  if (lexMap) {
    const koStems = new Set<string>();
    for (const r of koRaw) for (const k of r.keys()) if (k.startsWith('X:')) koStems.add(k.slice(2));
    const pairKeysKo = new Map<string, string[]>();
    for (const r of enRaw) {
      for (const k of [...r.keys()]) {
        if (!k.startsWith('Y:')) continue;
        const surface = r.get(k)!;
        r.delete(k);
        const e = k.slice(2);
        for (const [ko] of lexMap.get(e) ?? []) {
          if (!koStems.has(ko)) continue;
          r.set(`X:${ko}|${e}`, surface);
          const l = pairKeysKo.get(ko) ?? [];
          if (!l.includes(e)) l.push(e);
          pairKeysKo.set(ko, l);
        }
      }
    }
    for (const r of koRaw) {
      for (const k of [...r.keys()]) {
        if (!k.startsWith('X:')) continue;
        const surface = r.get(k)!;
        r.delete(k);
        const ko = k.slice(2);
        for (const e of pairKeysKo.get(ko) ?? []) r.set(`X:${ko}|${e}`, surface);
      }
    }
  }
  const dfKo = new Map<string, number>();
  const dfEn = new Map<string, number>();
  for (const r of koRaw) for (const k of r.keys()) dfKo.set(k, (dfKo.get(k) ?? 0) + 1);
  for (const r of enRaw) for (const k of r.keys()) dfEn.set(k, (dfEn.get(k) ?? 0) + 1);

  const ids = new Map<string, number>();
  const weights: number[] = [];
  const types: string[] = [];
  const intern = (k: string): number => {
    let id = ids.get(k);
    if (id !== undefined) return id;
    id = weights.length;
    ids.set(k, id);
    const df = Math.max(dfKo.get(k)!, dfEn.get(k)!);
    const t = k[0]!;
    const body = k.slice(2);
    let w: number;
    if (t === 'N') {
      const v = Number(body);
      w = opts.wNumber * (Number.isInteger(v) && v <= 12 ? 0.5 : 1);
    } else if (t === 'M') w = opts.wMonth;
    else if (t === 'L') w = opts.wLatin;
    else if (t === 'Q') w = opts.wQuote;
    else if (t === 'G') w = opts.wGlossary;
    else if (t === 'R') w = opts.wName * Math.min(body.length, 4) * (body.length === 2 ? 0.5 : 1);
    else {
      const [ko, e] = body.split('|');
      w = opts.wLexicon * (lexMap?.get(e!)?.get(ko!) ?? 0);
    }
    weights.push(w / Math.pow(df, opts.rarity));
    types.push(TYPE_OF.get(t) ?? t);
    return id;
  };
  const build = (raws: Raw[], other: Map<string, number>) => {
    const keys: Int32Array[] = [];
    const surfaces: Map<number, string>[] = [];
    for (const r of raws) {
      const list: number[] = [];
      const surf = new Map<number, string>();
      for (const [k, s] of r) {
        if (!other.has(k)) continue;
        const id = intern(k);
        list.push(id);
        surf.set(id, s);
      }
      keys.push(Int32Array.from(list));
      surfaces.push(surf);
    }
    return { keys, surfaces };
  };
  const en = build(enRaw, dfKo);
  const ko = build(koRaw, dfEn);
  const lonely = (raws: Raw[], other: Map<string, number>) => Float64Array.from(raws, (r) => {
    let w = 0;
    for (const k of r.keys()) {
      if (other.has(k)) continue;
      if (k[0] === 'N') {
        const v = Number(k.slice(2));
        w += Number.isInteger(v) && v <= 12 ? 0.5 : 1;
      } else if (k[0] === 'L' && raws === koRaw) w += opts.lonelyLatin;
    }
    return w;
  });
  return {
    lonelyEn: lonely(enRaw, dfKo), lonelyKo: lonely(koRaw, dfEn),
    en: en.keys, ko: ko.keys, weight: Float64Array.from(weights), type: types,
    surfaceEn: en.surfaces, surfaceKo: ko.surfaces,
  };
}

/** Length of a sentence in the length model's unit: non-space characters (a Hangul syllable counts one). */
export function unitLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13 && c !== 0xa0) n++;
  }
  return n;
}
