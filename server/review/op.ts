/** What a review operation is: its shape, what it needs from outside, and the wording every operation shares. */
import type { Lang, ParagraphLink } from '../model.ts';
import type { AlignResult, AlignSide, FixedLink } from '../align/types.ts';
import { ReviewOpError, type ReviewState } from './state.ts';

export type Side = Lang;

/** Every operation the review screen and the API accept (undo and redo live in the service). */
export type ReviewOp =
  | { op: 'merge'; link: number; sentence?: number }
  | { op: 'split'; link: number; sentence?: number; en?: number; ko?: number }
  | { op: 'move'; link: number; sentence?: number; side: Side; dir: 'up' | 'down' }
  | { op: 'no-counterpart'; link: number; sentence?: number; side: Side; index?: number }
  | { op: 'confirm'; link: number; sentence?: number }
  | { op: 'unconfirm'; link: number; sentence?: number }
  | { op: 'reject'; link: number; sentence?: number }
  | { op: 'unreject'; link: number; sentence?: number }
  | { op: 'confirm-up-to'; link: number }
  | { op: 'confirm-at-least'; confidence: number; dryRun?: boolean }
  | { op: 'link'; level: 'paragraph'; en: number[]; ko: number[] }
  | { op: 'link'; level: 'sentence'; link: number; en: number[]; ko: number[] }
  | { op: 'realign-rest' }
  | { op: 'edit-text'; side: Side; paragraph: number; text: string }
  | { op: 'split-paragraph'; side: Side; paragraph: number; at: number }
  | { op: 'join-paragraphs'; side: Side; paragraph: number };

export type ReviewOpName = ReviewOp['op'];
export const REVIEW_OP_NAMES: readonly ReviewOpName[] = [
  'merge', 'split', 'move', 'no-counterpart', 'confirm', 'unconfirm', 'reject', 'unreject', 'confirm-up-to',
  'confirm-at-least', 'link', 'realign-rest', 'edit-text', 'split-paragraph', 'join-paragraphs',
];

/** What the operations need from outside: who, when, and the two library calls (injected to stay pure). */
export interface OpContext {
  user: string;
  now: string;
  /** Sentence segmenter (server/segment segmentSentences). */
  segment: (text: string, lang: Lang) => string[];
  /** Aligner around fixed links (server/align realignAround). */
  realign: (en: AlignSide, ko: AlignSide, fixed: FixedLink[]) => AlignResult;
}

/** Longest paragraph text accepted by a text edit, in UTF-16 code units. */
export const MAX_PARAGRAPH_CHARS = 20_000;

export const SIDE_NAME: Record<Side, string> = { en: 'English', ko: 'Korean' };

/** Capitalises a message's first letter (names like "row 3" start sentences). */
export const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export function rowAt(state: ReviewState, i: number): ParagraphLink {
  if (!Number.isInteger(i) || i < 0 || i >= state.links.length) {
    throw new ReviewOpError('no_such_link', state.links.length === 0
      ? 'This pair is not aligned yet; align it first.'
      : `There is no row ${i + 1}; rows are numbered 1 to ${state.links.length}.`);
  }
  return state.links[i]!;
}
