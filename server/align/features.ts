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
    const word = w.text;
    const covered = g ? addKoreanGlossary(raw, word, g) : [];
    if (opts.names) addKoreanNames(raw, word, covered);
    if (lexKo) {
      const st = stemKorean(word);
      if (st && lexKo.has(st)) raw.set('X:' + st, st);
    }
  }
  return raw;
}

/**
 * Glossary keys of one Korean word: the longest term at each Hangul position, left to right.
 * Returns which characters of the word a term covered.
 */
function addKoreanGlossary(raw: Raw, word: string, g: Glossary): boolean[] {
  const covered = new Array<boolean>(word.length).fill(false);
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
  return covered;
}

/**
 * Romanisation keys of one Korean word. Loanwords and names start a word (particles follow them):
 * candidates are prefixes of the word's Hangul run not wholly covered by a glossary term. Two-consonant
 * skeletons are too common to trust unless the candidate is the whole stem (오바마는 → 오바마).
 */
function addKoreanNames(raw: Raw, word: string, covered: readonly boolean[]): void {
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

/** A learned lexicon as lookups: its English and Korean stems, and English → Korean → probability. */
interface LexiconSets { en: Set<string>; ko: Set<string>; pairs: Map<string, Map<string, number>> }

function lexiconSets(lexicon: Lexicon | null): LexiconSets | null {
  if (!lexicon || !lexicon.entries.length) return null;
  const sets: LexiconSets = { en: new Set(), ko: new Set(), pairs: new Map() };
  for (const [e, k, p] of lexicon.entries) {
    sets.en.add(e); sets.ko.add(k);
    const m = sets.pairs.get(e) ?? new Map<string, number>();
    m.set(k, p); sets.pairs.set(e, m);
  }
  return sets;
}

/**
 * Extracts the anchors of an article. `lexicon` adds translation pairs learned by IBM Model 1
 * (lexicon.ts) as extra keys. Deterministic: keys are interned in reading order.
 */
export function extractFeatures(
  enSents: readonly string[], koSents: readonly string[], opts: FeatureOptions = DEFAULT_FEATURE_OPTIONS,
  lexicon: Lexicon | null = null,
): ArticleFeatures {
  const g = opts.glossary ? newsGlossary() : null;
  const lex = lexiconSets(lexicon);
  const koRaw = koSents.map((s) => koreanRaw(s, g, opts, lex?.ko ?? null));
  const koKeys = new Set<string>();
  for (const r of koRaw) for (const k of r.keys()) koKeys.add(k);
  const enRaw = enSents.map((s) => englishRaw(s, g, opts, lex?.en ?? null, koKeys));
  if (lex) pairLexiconKeys(enRaw, koRaw, lex.pairs);
  const dfKo = documentFrequency(koRaw);
  const dfEn = documentFrequency(enRaw);
  const { en, ko, weights, types } = internKeys(enRaw, koRaw, dfEn, dfKo, opts, lex?.pairs ?? null);
  return {
    lonelyEn: lonelyWeights(enRaw, dfKo, 0), lonelyKo: lonelyWeights(koRaw, dfEn, opts.lonelyLatin),
    en: en.keys, ko: ko.keys, weight: Float64Array.from(weights), type: types,
    surfaceEn: en.surfaces, surfaceKo: ko.surfaces,
  };
}

/**
 * Lexicon pairs become shared keys 'X:ko|en' on both sides: an English stem key 'Y:en' turns into
 * one key per Korean stem of the article it may translate, and a Korean stem key 'X:ko' into one key
 * per English stem that chose it.
 */
function pairLexiconKeys(enRaw: Raw[], koRaw: Raw[], pairs: Map<string, Map<string, number>>): void {
  const koStems = new Set<string>();
  for (const r of koRaw) for (const k of r.keys()) if (k.startsWith('X:')) koStems.add(k.slice(2));
  const pairKeysKo = new Map<string, string[]>();
  for (const r of enRaw) {
    for (const k of [...r.keys()]) {
      if (!k.startsWith('Y:')) continue;
      const surface = r.get(k)!;
      r.delete(k);
      const e = k.slice(2);
      for (const [ko] of pairs.get(e) ?? []) {
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

/** Number of sentences holding each key. */
function documentFrequency(raws: readonly Raw[]): Map<string, number> {
  const df = new Map<string, number>();
  for (const r of raws) for (const k of r.keys()) df.set(k, (df.get(k) ?? 0) + 1);
  return df;
}

/** Key ids and surfaces of each sentence of one side. */
interface SideKeys { keys: Int32Array[]; surfaces: Map<number, string>[] }

/**
 * Gives each key found on both sides an id, in the order first met (English sentences, then Korean),
 * with its weight scaled by rarity (1 / df^γ, df on the busier side) and its type.
 */
function internKeys(enRaw: readonly Raw[], koRaw: readonly Raw[], dfEn: Map<string, number>, dfKo: Map<string, number>,
  opts: FeatureOptions, lexPairs: Map<string, Map<string, number>> | null): { en: SideKeys; ko: SideKeys; weights: number[]; types: string[] } {
  const ids = new Map<string, number>();
  const weights: number[] = [];
  const types: string[] = [];
  const intern = (k: string): number => {
    let id = ids.get(k);
    if (id !== undefined) return id;
    id = weights.length;
    ids.set(k, id);
    const df = Math.max(dfKo.get(k)!, dfEn.get(k)!);
    weights.push(keyWeight(k[0]!, k.slice(2), opts, lexPairs) / Math.pow(df, opts.rarity));
    types.push(TYPE_OF.get(k[0]!) ?? k[0]!);
    return id;
  };
  const side = (raws: readonly Raw[], other: Map<string, number>): SideKeys => {
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
  const en = side(enRaw, dfKo);
  const ko = side(koRaw, dfEn);
  return { en, ko, weights, types };
}

/** Weight of a key of type t (its first letter) and body, before rarity scaling. */
function keyWeight(t: string, body: string, opts: FeatureOptions, lexPairs: Map<string, Map<string, number>> | null): number {
  if (t === 'N') {
    const v = Number(body);
    return opts.wNumber * (Number.isInteger(v) && v <= 12 ? 0.5 : 1);
  }
  if (t === 'M') return opts.wMonth;
  if (t === 'L') return opts.wLatin;
  if (t === 'Q') return opts.wQuote;
  if (t === 'G') return opts.wGlossary;
  if (t === 'R') return opts.wName * Math.min(body.length, 4) * (body.length === 2 ? 0.5 : 1);
  const [ko, e] = body.split('|');
  return opts.wLexicon * (lexPairs?.get(e!)?.get(ko!) ?? 0);
}

/**
 * Per sentence, the lonely weight of its keys that `other` (the other side's df) lacks: a number
 * counts 1 (½ if ≤ 12), a Latin token `latin` (FeatureOptions.lonelyLatin on the Korean side, 0 on the English).
 */
function lonelyWeights(raws: readonly Raw[], other: Map<string, number>, latin: number): Float64Array {
  return Float64Array.from(raws, (r) => {
    let w = 0;
    for (const k of r.keys()) {
      if (other.has(k)) continue;
      if (k[0] === 'N') {
        const v = Number(k.slice(2));
        w += Number.isInteger(v) && v <= 12 ? 0.5 : 1;
      } else if (k[0] === 'L') w += latin;
    }
    return w;
  });
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
