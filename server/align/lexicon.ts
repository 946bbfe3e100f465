/**
 * A translation lexicon learned without supervision: IBM Model 1 (Brown et al. 1993, "The
 * Mathematics of Statistical Machine Translation", §4.1, EM of eq. 17–18 with a NULL word),
 * trained on sentence links the aligner was confident about, or that reviewers confirmed. This is
 * the second pass of Moore 2002 ("Fast and Accurate Sentence Alignment of Bilingual Corpora", §3)
 * and of hunalign's -realign step (Varga et al. 2005 §2.3): align, learn word pairs from the most
 * confident links, align again with them.
 *
 * English words are stemmed (tokens.ts); Korean words are reduced to their stem by stripping one
 * particle. Only pairs with a high probability and enough co-occurrences are kept, so the lexicon
 * is small and serialisable to JSON.
 */
import { EN_STOP, englishWords, koreanWords, stemEnglish, stemKorean } from './tokens.ts';

/** A learned lexicon: [englishStem, koreanStem, t(ko|en)] triples. Plain JSON. */
export interface Lexicon {
  version: 1;
  entries: [en: string, ko: string, p: number][];
}

/** Options of trainLexicon. */
export interface TrainLexiconOptions {
  /** EM iterations (Model 1 converges in a handful). */
  iterations: number;
  /** Keep pairs with t(ko|en) at least this. */
  minProb: number;
  /** Keep pairs that co-occur in at least this many links. */
  minCount: number;
}

/** Defaults of trainLexicon. */
export const DEFAULT_TRAIN_LEXICON_OPTIONS: TrainLexiconOptions = { iterations: 5, minProb: 0.25, minCount: 2 };

/** English lexicon tokens of a text: stems of non-stop words without digits. */
export function lexiconTokensEn(text: string): string[] {
  return englishWords(text).map((w) => w.text).filter((w) => !EN_STOP.has(w.toLowerCase()) && !/\d/.test(w))
    .map(stemEnglish).filter((w) => w.length > 1);
}

/** Korean lexicon tokens of a text: Hangul stems of its words. */
export function lexiconTokensKo(text: string): string[] {
  return koreanWords(text).map((w) => stemKorean(w.text)).filter((w) => w.length > 0);
}

/**
 * Trains IBM Model 1 t(ko|en) on linked sentence groups. Each pair gives the English and Korean
 * sentence texts of one link (several sentences per side are concatenated).
 * Cost: O(iterations · Σ |en|·|ko|) time, memory proportional to the co-occurring pairs.
 */
export function trainLexicon(
  pairs: readonly { en: readonly string[]; ko: readonly string[] }[],
  opts: Partial<TrainLexiconOptions> = {},
): Lexicon {
  const o = { ...DEFAULT_TRAIN_LEXICON_OPTIONS, ...opts };
  const NULL = '\u0000';
  const corpus = pairs.map((p) => ({
    en: [NULL, ...p.en.flatMap(lexiconTokensEn)],
    ko: p.ko.flatMap(lexiconTokensKo),
  })).filter((p) => p.en.length > 1 && p.ko.length > 0);
  // t is keyed "en\tko"; uniform start over co-occurring pairs.
  const t = new Map<string, number>();
  const cooc = new Map<string, number>();
  for (const p of corpus) {
    const seen = new Set<string>();
    for (const e of p.en) for (const k of p.ko) {
      const key = e + '\t' + k;
      t.set(key, 1);
      if (!seen.has(key)) { seen.add(key); cooc.set(key, (cooc.get(key) ?? 0) + 1); }
    }
  }
  for (let it = 0; it < o.iterations; it++) {
    const count = new Map<string, number>();
    const total = new Map<string, number>();
    for (const p of corpus) {
      for (const k of p.ko) {
        let z = 0;
        for (const e of p.en) z += t.get(e + '\t' + k)!;
        for (const e of p.en) {
          const key = e + '\t' + k;
          const c = t.get(key)! / z;
          count.set(key, (count.get(key) ?? 0) + c);
          total.set(e, (total.get(e) ?? 0) + c);
        }
      }
    }
    for (const [key, c] of count) t.set(key, c / total.get(key.slice(0, key.indexOf('\t')))!);
  }
  const entries: [string, string, number][] = [];
  for (const [key, p] of t) {
    const tab = key.indexOf('\t');
    const e = key.slice(0, tab);
    if (e === NULL || p < o.minProb || (cooc.get(key) ?? 0) < o.minCount) continue;
    entries.push([e, key.slice(tab + 1), Math.round(p * 1000) / 1000]);
  }
  entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  return { version: 1, entries };
}
