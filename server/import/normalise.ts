/**
 * The one text cleaning of jjak, used by every importer and by the review editor (server/review/ops.ts),
 * so text typed into a cell is stored exactly as the same text imported would be:
 *
 * - NFC (Hangul may arrive decomposed, e.g. from macOS file names or copy-paste);
 * - line breaks: CRLF, CR, NEL (U+0085), LS and PS (U+2028/9) become LF, the only line break kept;
 * - spaces: tab, VT, FF, NBSP, ideographic, en/em/thin and the other Unicode spaces become U+0020,
 *   runs collapse to one, lines are trimmed, blank-line runs collapse to one;
 * - removed: every other C0 control (NUL, BEL, ESC, FS/GS/RS …), DEL and the C1 controls; the
 *   noncharacters U+FFFE/U+FFFF and U+FDD0–U+FDEF; bidi embeddings, overrides and isolates
 *   (U+202A–202E, U+2066–2069) and the bidi marks LRM, RLM and ALM (English and Korean are both
 *   left-to-right, so they only scramble display and search); zero-width space, word joiner, BOM
 *   and soft hyphen (invisible, and they split words for search and alignment).
 *
 * Kept, because they change what the text says or how it is drawn: ZWJ and ZWNJ between two
 * non-ASCII characters (emoji sequences, Indic and Persian words; elsewhere they are web-page
 * noise and go), variation selectors (emoji and CJK glyph choice), combining marks (NFC composes
 * what it can), and every visible character. Python's str.splitlines() finds no line break in the
 * result but LF.
 */
export function cleanText(s: string, opts: { oneLine?: boolean } = {}): string {
  const t = normaliseText(s);
  return opts.oneLine ? t.replace(/\n+/g, ' ') : t;
}

/** {@link cleanText} keeping line structure (paragraphs separated by blank lines). */
export function normaliseText(s: string): string {
  const t = s.normalize('NFC');
  // Most text is already clean: one scan decides, and the cleaning steps would each copy it unchanged.
  // NFC again after cleaning: a removed invisible character may have separated jamo that now compose.
  return NEEDS_CLEANING.test(t) ? cleanSteps(t).normalize('NFC') : t;
}

/** normaliseText's steps after NFC, always run (exported for the test that checks the shortcut). */
export function cleanSteps(s: string): string {
  let t = s.replace(/\r\n?|[\u2028\u2029\u0085]/g, '\n');
  t = t.replace(REMOVED, '');
  t = t.replace(/[\u200C\u200D]/g, (m, off: number, all: string) => {
    const prev = all[off - 1] ?? ' ';
    const next = all[off + 1] ?? ' ';
    return isNonAsciiVisible(prev) && isNonAsciiVisible(next) ? m : '';
  });
  t = t.replace(SPACES, ' ');
  const lines = t.split('\n').map((line) => line.replace(/ {2,}/g, ' ').trim());
  return lines.join('\n').replace(/\n{3,}/g, '\n\n').replace(/^\n+|\n+$/g, '');
}

/** Controls (not TAB, LF, VT, FF, CR), DEL, C1 (NEL was made LF), noncharacters, bidi controls, invisible formatting. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const REMOVED = /[\u0000-\u0008\u000E-\u001F\u007F-\u009F\uFDD0-\uFDEF\uFFFE\uFFFF\u061C\u200B\u200E\u200F\u202A-\u202E\u2060\u2066-\u2069\uFEFF\u00AD]/g;
/** Whitespace that becomes one plain space. */
const SPACES = /[\t\v\f\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]/g;

/**
 * Anything the cleaning steps would change: a character they replace or remove (ZWJ/ZWNJ
 * included), a run of spaces, a space or blank line at a line's edge, three newlines, or
 * whitespace at either end (what trim() removes is all in the character class).
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const NEEDS_CLEANING = /[\r\u2028\u2029\u0000-\u0008\u000E-\u001F\u007F-\u009F\uFDD0-\uFDEF\uFFFE\uFFFF\u061C\u200B-\u200F\u2060\uFEFF\u00AD\u202A-\u202E\u2066-\u2069\t\v\f\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]| {2}| \n|\n |\n{3}|^[ \n]|[ \n]$/;

function isNonAsciiVisible(ch: string): boolean {
  // A joiner next to a joiner does not count, so cleaning twice gives what cleaning once gave.
  return ch.charCodeAt(0) > 0x7f && ch !== '\u200C' && ch !== '\u200D' && !/\s/u.test(ch);
}
