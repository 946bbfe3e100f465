/**
 * Normalise article text at the import boundary so everything downstream can trust it:
 * NFC (Hangul may arrive decomposed, e.g. from macOS file names or copy-paste), LF newlines,
 * every kind of space as U+0020, lines trimmed, runs of spaces collapsed, blank-line runs
 * collapsed to one, invisible format characters removed.
 *
 * ZWJ/ZWNJ are kept between two non-ASCII characters (emoji sequences, Indic/Persian words),
 * where they change rendering; elsewhere they are noise from web pages.
 */
export function normaliseText(s: string): string {
  const t = s.normalize('NFC');
  // Most text is already clean: one scan decides, and the steps of cleanText would each copy it unchanged.
  // NFC again after cleaning: a removed invisible character may have separated jamo that now compose.
  return NEEDS_CLEANING.test(t) ? cleanText(t).normalize('NFC') : t;
}

/** normaliseText's steps after NFC, always run (exported for the test that checks the shortcut). */
export function cleanText(s: string): string {
  let t = s.replace(/\r\n?|[\u2028\u2029\u0085]/g, '\n');
  // Zero-width space, word joiner, BOM, soft hyphen, bidi marks: invisible and never meaningful here.
  t = t.replace(/[\u200B\u2060\uFEFF\u00AD\u200E\u200F\u202A-\u202E\u2066-\u2069]/g, '');
  t = t.replace(/[\u200C\u200D]/g, (m, off: number, all: string) => {
    const prev = all[off - 1] ?? ' ';
    const next = all[off + 1] ?? ' ';
    return isNonAsciiVisible(prev) && isNonAsciiVisible(next) ? m : '';
  });
  // Tabs, NBSP, ideographic space, en/em/thin spaces, form feed, other controls → plain space.
  // eslint-disable-next-line no-control-regex -- replacing control characters is the point
  t = t.replace(/[\t\v\f\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000\u0001-\u0008\u000E-\u001F\u007F]/g, ' ');
  const lines = t.split('\n').map((line) => line.replace(/ {2,}/g, ' ').trim());
  return lines.join('\n').replace(/\n{3,}/g, '\n\n').replace(/^\n+|\n+$/g, '');
}

/**
 * Anything the steps of normaliseText would change: a character they replace or remove (ZWJ/ZWNJ
 * included), a run of spaces, a space or blank line at a line's edge, three newlines, or
 * whitespace at either end (what trim() removes is all in the character class).
 */
// eslint-disable-next-line no-control-regex -- it must find the control characters normaliseText replaces
const NEEDS_CLEANING = /[\r\u2028\u2029\u0085\u200B-\u200F\u2060\uFEFF\u00AD\u202A-\u202E\u2066-\u2069\t\v\f\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000\u0001-\u0008\u000E-\u001F\u007F]| {2}| \n|\n |\n{3}|^[ \n]|[ \n]$/;

function isNonAsciiVisible(ch: string): boolean {
  // A joiner next to a joiner does not count, so cleaning twice gives what cleaning once gave.
  return ch.charCodeAt(0) > 0x7f && ch !== '\u200C' && ch !== '\u200D' && !/\s/u.test(ch);
}
