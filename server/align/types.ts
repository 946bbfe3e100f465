/**
 * Public data types of the aligner core. Plain data only, so that results can be stored as JSON,
 * sent to the review screen and compared in tests.
 */
import type { ParagraphKind } from '../model.ts';

/** One side (one language edition) of an article: paragraphs, each a list of sentence units. */
export interface AlignSide {
  paragraphs: { kind?: ParagraphKind; sentences: string[] }[];
}

/**
 * One piece of evidence that supports a link: the matched substrings as they appear in the English
 * and in the Korean text, so that the review screen can highlight them.
 * `type` is one of 'number' | 'month' | 'latin' | 'name' | 'glossary' | 'lexicon' | 'kind'.
 */
export interface Evidence {
  type: string;
  en: string;
  ko: string;
}

/**
 * One link: English items `en` correspond to Korean items `ko`. Indices are sorted and
 * contiguous; a one-sided link holds exactly one index. `confidence` estimates the probability
 * that the link is exactly right.
 */
export interface AlignLink {
  en: number[];
  ko: number[];
  confidence: number;
  evidence: Evidence[];
}

/**
 * Result of aligning one article. `paragraphs` uses paragraph indices; `sentences` uses
 * article-wide sentence indices (all units of paragraph 0, then of paragraph 1, …) and every
 * sentence link lies inside one paragraph link.
 */
export interface AlignResult {
  paragraphs: AlignLink[];
  sentences: AlignLink[];
}

/** A paragraph-level link fixed by a reviewer, with its sentence links (article-wide indices). */
export interface FixedLink {
  paragraph: { en: number[]; ko: number[] };
  sentences: { en: number[]; ko: number[] }[];
  /** A link of a moved paragraph: out of Korean order, kept where its English paragraph is. */
  crossed?: boolean;
}
