/**
 * The aligner core of jjak: pure, synchronous and deterministic (no I/O, no clock, no database).
 * The server, the CLI (`jjak align-file`) and the benchmark all call these functions.
 *
 * - alignArticle: paragraphs and sentences of one article pair (align.ts).
 * - alignSentences: sentences of two flat lists, e.g. inside one paragraph link.
 * - realignAround: re-align around links a reviewer confirmed (realign.ts).
 * - trainLexicon: IBM Model 1 lexicon from confident or confirmed links (lexicon.ts).
 * - galeChurchArticle: the Gale & Church 1993 baseline (gale-church.ts).
 */
export type { AlignSide, Evidence, AlignLink, AlignResult, FixedLink } from './types.ts';
export { alignArticle, alignSentences, DEFAULT_ALIGN_OPTIONS, type AlignOptions } from './align.ts';
export { realignAround, FixedLinkError } from './realign.ts';
export { toAlignSide } from './side.ts';
export { trainLexicon, DEFAULT_TRAIN_LEXICON_OPTIONS, type Lexicon, type TrainLexiconOptions } from './lexicon.ts';
export { galeChurchArticle, galeChurchLengths, DEFAULT_GALE_CHURCH_OPTIONS, type GaleChurchOptions } from './gale-church.ts';
export { DEFAULT_FEATURE_OPTIONS, type FeatureOptions } from './features.ts';
