import type { Lang } from '../model.ts';
import { segmentEnglish } from './english.ts';
import { segmentKorean } from './korean.ts';

/**
 * Split one paragraph into sentences. Rule-based rather than `Intl.Segmenter`, which cuts after
 * "Mr.", "Oct." and "U.S."; the exception rules live in english.ts and korean.ts.
 * The result is trimmed and non-empty, and joined with single spaces gives back the paragraph
 * with its whitespace collapsed.
 */
/** Whitespace other than a single inner space: what the collapsing below would change. */
const UNCOLLAPSED = /[^\S ]| {2}|^ | $/u;

export function segmentSentences(text: string, lang: Lang): string[] {
  // Imported paragraphs are already collapsed (normaliseText): test before copying.
  const s = UNCOLLAPSED.test(text) ? text.replace(/\s+/gu, ' ').trim() : text;
  if (s === '') return [];
  return lang === 'en' ? segmentEnglish(s) : segmentKorean(s);
}
