import type { ParsedParagraph } from '../model.ts';
import { parseByline } from './byline.ts';
import { endsLikeSentence } from './classify.ts';
import type { ParsedParts } from './hani.ts';

/**
 * Plain text: paragraphs are separated by blank lines; a file without any blank line has one
 * paragraph per line. Lines inside a paragraph are joined with a space (hard-wrapped text).
 *
 * Kinds: everything is body, except
 * - the first paragraph becomes the title when it is clearly a headline: a single line of at most
 *   150 characters that does not end like a sentence, followed by at least one paragraph that
 *   does. "Seoul and Washington agree on working group" is a title; "Seoul agreed." is not.
 * - the last paragraph becomes the byline when it parses as one ("By Kim Ji-won, staff reporter",
 *   "김지원 기자 jw@hani.co.kr"), filling meta.authors.
 */
export function parsePlainText(text: string): ParsedParts {
  const blocks = text.split(/\n{2,}/).filter((b) => b !== '');
  const units = blocks.length === 1 ? (blocks[0] ?? '').split('\n') : blocks.map((b) => b.replace(/\n/g, ' '));
  const paragraphs: ParsedParagraph[] = units.filter((u) => u !== '').map((u) => ({ kind: 'body', text: u }));

  const first = paragraphs[0];
  // In the one-paragraph-per-line layout every unit is one line; otherwise check the first block.
  const firstIsOneLine = blocks.length === 1 || !(blocks[0] ?? '').includes('\n');
  const isHeadline =
    first !== undefined &&
    paragraphs.length >= 2 &&
    first.text.length <= 150 &&
    firstIsOneLine &&
    !endsLikeSentence(first.text) &&
    paragraphs.slice(1).some((p) => endsLikeSentence(p.text));
  if (isHeadline) first.kind = 'title';

  const last = paragraphs.at(-1);
  const authors = last && paragraphs.length >= 2 ? parseByline(last.text) : null;
  if (last && authors) last.kind = 'byline';

  return {
    meta: {
      title: isHeadline ? (first?.text ?? null) : null,
      subtitles: [],
      section: null,
      published: null,
      modified: null,
      authors: authors ?? [],
      url: null,
    },
    paragraphs,
  };
}
