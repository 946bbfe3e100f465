import type { ArticleMeta, Author, Lang, ParsedParagraph } from '../model.ts';
import { parseByline } from './byline.ts';
import { isFurniture, isSubheadLine, isTailMarker, looksLikeCaption } from './classify.ts';
import { ImportError } from './errors.ts';
import { sectionPath } from './section.ts';

/**
 * The Hankyoreh page layouts, English edition and Korean site, as copied from the browser:
 *
 *   [section line(s)]            Korean site: "정치 외교"
 *   title
 *   date line                    "Posted on : 2018-11-01 16:21 KST Modified on : …" / "등록 :… 수정 :…"
 *   subtitle lines…              same block as the date line
 *   caption, caption again       the page prints each photo caption twice; kept once
 *   (blank)
 *   body paragraphs, subheads, captions, one per line
 *   byline                       "By …" / "노지원 기자 zone@hani.co.kr, …"
 *   furniture                    comments address, copyright, "Related stories" …
 */
export interface ParsedParts {
  meta: ArticleMeta;
  paragraphs: ParsedParagraph[];
}

const DATE = String.raw`(\d{4})[-./] ?(\d{1,2})[-./] ?(\d{1,2})\.?,? +(\d{1,2}):(\d{2})(?::(\d{2}))?`;
/** A date line opens with the publication stamp; "입력" is the label other Korean sites use. */
export const DATE_LINE = /^(?:Posted on|등록|입력) ?:? ?\d{4}[-./]/i;
const POSTED = new RegExp(String.raw`(?:Posted on|등록|입력) ?:? ?${DATE}`, 'i');
const MODIFIED = new RegExp(String.raw`(?:Modified on|Updated on|수정) ?:? ?${DATE}`, 'i');

/** Parse a normalised Hankyoreh page copy. Throws ImportError('bad_format') without a date line. */
export function parseHani(text: string, lang: Lang): ParsedParts {
  const lines = text.split('\n');
  const dateAt = lines.findIndex((l) => DATE_LINE.test(l));
  if (dateAt === -1) {
    throw new ImportError(
      'bad_format',
      'This does not look like a Hankyoreh page: no "Posted on : …" or "등록 : …" date line was found. ' +
        'Import it as plain text instead (format "text"), or copy the whole page including the date line.',
    );
  }
  const dateLine = lines[dateAt] ?? '';
  const before = lines.slice(0, dateAt).filter((l) => l !== '');
  // The title is the line right above the date; anything above it is the section line.
  const title = before.at(-1) ?? null;
  // One line per level, or one line the path's levels divided by spaces ("정치 외교"): sectionPath decides.
  const section = before.length > 1 ? sectionPath(before.slice(0, -1).join('\n'), lang) : null;

  const paragraphs: ParsedParagraph[] = [];
  if (title) paragraphs.push({ kind: 'title', text: title });
  const { subtitles, next } = readHeader(lines, dateAt + 1, paragraphs);
  const authors = readBody(lines, next, paragraphs);
  return {
    meta: {
      title,
      subtitles,
      section,
      published: parseStamp(POSTED.exec(dateLine)),
      modified: parseStamp(MODIFIED.exec(dateLine)),
      authors,
      url: null,
    },
    paragraphs,
  };
}

/**
 * Header: the lines that follow the date line (from `start`) up to the first blank line, appended
 * to `paragraphs` as subtitles and captions. Returns the subtitles and the index of that blank line.
 */
function readHeader(lines: readonly string[], start: number, paragraphs: ParsedParagraph[]): { subtitles: string[]; next: number } {
  const subtitles: string[] = [];
  let i = start;
  while (i < lines.length && lines[i] !== '') {
    const line = lines[i] ?? '';
    if (lines[i + 1] === line) {
      paragraphs.push({ kind: 'caption', text: line });
      while (lines[i + 1] === line) i++;
    } else if (!isFurniture(line)) {
      const kind = looksLikeCaption(line) ? 'caption' : 'subtitle';
      paragraphs.push({ kind, text: line });
      if (kind === 'subtitle') subtitles.push(line);
    }
    i++;
  }
  return { subtitles, next: i };
}

/** Body from line `start` to the tail marker, appended to `paragraphs`; returns the bylines' authors. */
function readBody(lines: readonly string[], start: number, paragraphs: ParsedParagraph[]): Author[] {
  const authors: Author[] = [];
  for (let i = start; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line === '' || isFurniture(line)) continue;
    if (isTailMarker(line)) break;
    if (lines[i + 1] === line) {
      // A repeated line is a photo caption printed twice (under the image and in the alt text).
      paragraphs.push({ kind: 'caption', text: line });
      while (lines[i + 1] === line) i++;
      continue;
    }
    const byline = parseByline(line);
    if (byline) {
      paragraphs.push({ kind: 'byline', text: line });
      authors.push(...byline);
    } else if (isSubheadLine(line) && hasBodyAfter(lines, i)) {
      paragraphs.push({ kind: 'subhead', text: line });
    } else {
      paragraphs.push({ kind: 'body', text: line });
    }
  }
  return authors;
}

/** A subhead introduces body text; a short unpunctuated last line is more likely a stray note. */
function hasBodyAfter(lines: readonly string[], i: number): boolean {
  for (let j = i + 1; j < lines.length; j++) {
    const l = lines[j] ?? '';
    if (l === '' || isFurniture(l)) continue;
    if (isTailMarker(l) || parseByline(l)) return false;
    return true;
  }
  return false;
}

/** Hankyoreh stamps are Korea Standard Time (UTC+9, no daylight saving). */
function parseStamp(m: RegExpExecArray | null): string | null {
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map((v) => Number(v ?? 0)) as [number, number, number, number, number, number];
  const probe = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  // Reject 2018-02-30 and 25:00 rather than letting Date roll them over.
  if (probe.getUTCMonth() !== mo - 1 || probe.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return null;
  const p2 = (n: number) => String(n).padStart(2, '0');
  return `${y}-${p2(mo)}-${p2(d)}T${p2(h)}:${p2(mi)}:${p2(s)}+09:00`;
}
