import { DATE_LINE } from './hani.ts';

// Tags that occur in real pages; "<한겨레>" or "a < b" in plain text never match.
const TAG = /<\/?(?:html|head|body|meta|title|p|div|span|br|a|h[1-6]|article|section|li|ul|ol|img|figure|figcaption|script|style|table|em|strong|b|i)\b[^>]*>/gi;

/**
 * Guess the layout of raw article text: HTML when it opens as a document or carries several
 * tags; Hankyoreh page copy when a "Posted on :"/"등록 :" date line sits among the first lines;
 * plain text otherwise.
 */
export function detectFormat(raw: string): 'hani' | 'text' | 'html' {
  const head = raw.slice(0, 20_000).replace(/^\uFEFF/, '').trimStart();
  if (/^(?:<!doctype html|<html[\s>]|<\?xml[^>]*>\s*<(?:!doctype html|html))/i.test(head)) return 'html';
  if ((head.match(TAG) ?? []).length >= 3) return 'html';
  const firstLines = head
    .split(/\r\n?|\n/)
    .map((l) => l.replace(/[\s\u00A0\u3000]+/g, ' ').trim())
    .filter((l) => l !== '')
    .slice(0, 12);
  if (firstLines.some((l) => DATE_LINE.test(l.normalize('NFC')))) return 'hani';
  return 'text';
}
