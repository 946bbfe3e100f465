/**
 * Domain types shared by the importers, the database layer, the aligner callers and the exporters.
 * Words used everywhere: document (one article's text), paragraph, sentence, link (one n:m correspondence: English items matched with Korean items, at paragraph or sentence level).
 */

export type Lang = 'en' | 'ko';

export type ParagraphKind = 'title' | 'subtitle' | 'caption' | 'subhead' | 'body' | 'byline';
export const PARAGRAPH_KINDS: readonly ParagraphKind[] = [
  'title', 'subtitle', 'caption', 'subhead', 'body', 'byline',
];

/** Longest collection name and longest source, licence or attribution text, in characters. */
export const MAX_COLLECTION_NAME = 100;
export const MAX_COLLECTION_TEXT = 2000;

export type SourceFormat = 'hani' | 'text' | 'html' | 'jsonl';

export interface Author {
  name: string;
  role?: string;
  email?: string;
}

/** Article metadata. Timestamps are ISO 8601 with their offset, e.g. 2018-11-01T16:21:00+09:00. */
export interface ArticleMeta {
  title: string | null;
  subtitles: string[];
  section: string | null;
  published: string | null;
  modified: string | null;
  authors: Author[];
  url: string | null;
}

export interface ParsedParagraph {
  kind: ParagraphKind;
  text: string;
  /** Sentences as the input gave them (a JSONL paragraph given as an array): kept, not segmented again. */
  sentences?: string[];
}

/** What an importer makes of one article's raw text, before it is stored. */
export interface ParsedDocument {
  lang: Lang;
  format: SourceFormat;
  /** The input exactly as received (after UTF-8 decoding), kept verbatim. */
  raw: string;
  meta: ArticleMeta;
  paragraphs: ParsedParagraph[];
}

/** A paragraph with its sentences, as stored. */
export interface Paragraph extends ParsedParagraph {
  sentences: string[];
}

export type LinkStatus = 'auto' | 'confirmed' | 'rejected';
export const LINK_STATUSES: readonly LinkStatus[] = ['auto', 'confirmed', 'rejected'];
export type PairStatus = 'new' | 'aligned' | 'in_review' | 'reviewed';

/**
 * Half-open range [start, end) of item indices (paragraphs or sentences of one side), as links are
 * stored; the aligner and the API give links as lists of indices. These two functions are the one
 * conversion between the forms.
 */
export type Span = readonly [start: number, end: number];

/** The indices a span covers, in order ([2, 5) → [2, 3, 4]). */
export function spanItems(span: Span): number[] {
  return Array.from({ length: Math.max(0, span[1] - span[0]) }, (_, i) => span[0] + i);
}

/**
 * The span of a contiguous, increasing list of indices. An empty list (the empty side of a
 * one-sided link) becomes the empty span at `at`, the reading position, so spans stay monotone.
 */
export function itemsSpan(items: readonly number[], at: number): Span {
  return items.length === 0 ? [at, at] : [items[0]!, items[items.length - 1]! + 1];
}

/** A link as the API shows it: index lists (paragraph indices, or article-wide sentence indices). */
export interface Link {
  en: number[];
  ko: number[];
  status: LinkStatus;
  confidence: number | null;
  evidence: unknown[];
  confirmedBy: string | null;
  confirmedAt: string | null;
}
/** A paragraph link with its sentence links; `crossed` when it links a moved paragraph (out of Korean order). */
export interface ParagraphLink extends Link { sentences: Link[]; crossed?: true }


/**
 * Links below this confidence are "doubtful" (queue order, counts, the `n` key). Links at or above
 * it were ≥ 98 % exactly right on the dev sets (dev and dev-hard together, 756 paragraph links):
 * the aligner's reliability table as `npm run bench:doubtful` measures it. Below it fall 86 % of
 * the wrong links there (the old fixed 0.8 caught 39 %). Re-measure when the aligner changes.
 */
export const LOW_CONFIDENCE = 0.9382;

/** Any document's paragraphs with their sentences: all that sentence numbering needs. */
export interface SentencedDoc { paragraphs: readonly { sentences: readonly unknown[] }[] }

/** The paragraph of every article-wide sentence index. */
export function sentenceOwners(doc: SentencedDoc): number[] {
  const owner: number[] = [];
  for (let i = 0; i < doc.paragraphs.length; i++) for (let k = doc.paragraphs[i]!.sentences.length; k > 0; k--) owner.push(i);
  return owner;
}

/** First article-wide sentence index of every paragraph, plus the total at the end. */
export function sentenceStarts(doc: SentencedDoc): number[] {
  const starts: number[] = [0];
  for (const p of doc.paragraphs) starts.push(starts[starts.length - 1]! + p.sentences.length);
  return starts;
}

/** One link to store: item spans on each side, with its review state (db/pairs.ts stores it). */
export interface LinkInput {
  en: readonly [number, number];
  ko: readonly [number, number];
  status?: LinkStatus;
  confidence?: number | null;
  evidence?: unknown[];
  confirmedBy?: string | null;
  confirmedAt?: string | null;
  /** Out of Korean reading order (a crossed row, or a sentence link inside one). */
  crossed?: boolean;
}
export interface AlignmentInput { paragraphs: LinkInput[]; sentences: LinkInput[] }

/**
 * Index-list links → links to store (half-open spans), review state kept. The empty side of a
 * one-sided link sits at the reading position (where the next item on that side starts, from
 * `start`), so stored spans stay monotone; a crossed link's Korean side is out of order and leaves
 * the reading position where it was.
 */
export function toLinkInputs(links: readonly (Link & { crossed?: boolean })[], start: { en: number; ko: number } = { en: 0, ko: 0 }): LinkInput[] {
  const next = { ...start };
  return links.map((l) => {
    const en = itemsSpan(l.en, next.en);
    const ko = itemsSpan(l.ko, next.ko);
    next.en = en[1];
    if (!l.crossed) next.ko = ko[1];
    return {
      en, ko, status: l.status, confidence: l.confidence, evidence: l.evidence,
      confirmedBy: l.confirmedBy, confirmedAt: l.confirmedAt, ...(l.crossed ? { crossed: true } : {}),
    };
  });
}
