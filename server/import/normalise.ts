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
  let t = s.normalize('NFC');
  t = t.replace(/\r\n?|[\u2028\u2029\u0085]/g, '\n');
  // Zero-width space, word joiner, BOM, soft hyphen, bidi marks: invisible and never meaningful here.
  t = t.replace(/[\u200B\u2060\uFEFF\u00AD\u200E\u200F\u202A-\u202E\u2066-\u2069]/g, '');
  t = t.replace(/[\u200C\u200D]/g, (m, off: number, all: string) => {
    const prev = all[off - 1] ?? ' ';
    const next = all[off + 1] ?? ' ';
    return isNonAsciiVisible(prev) && isNonAsciiVisible(next) ? m : '';
  });
  // Tabs, NBSP, ideographic space, en/em/thin spaces, form feed, other controls → plain space.
  t = t.replace(/[\t\v\f\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000\u0001-\u0008\u000E-\u001F\u007F]/g, ' ');
  const lines = t.split('\n').map((line) => line.replace(/ {2,}/g, ' ').trim());
  return lines.join('\n').replace(/\n{3,}/g, '\n\n').replace(/^\n+|\n+$/g, '');
}

function isNonAsciiVisible(ch: string): boolean {
  return ch.charCodeAt(0) > 0x7f && !/\s/u.test(ch);
}
