/**
 * XML text helpers shared by the TMX, XLIFF and XCES writers.
 * XML 1.0 cannot carry C0 controls other than tab, LF and CR, U+FFFE/U+FFFF or lone surrogates,
 * not even as character references; a parser must reject a file that contains them. So they are
 * dropped here, before anything is written, and no writer ever emits them raw.
 */

/** Everything outside the XML 1.0 `Char` production (with `u`, a lone surrogate is one code point). */
const NOT_XML_CHAR = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Removes the characters XML 1.0 cannot carry. */
export function stripNonXmlChars(s: string): string {
  return s.replace(NOT_XML_CHAR, '');
}

const TEXT_ESCAPES: ReadonlyMap<string, string> = new Map(Object.entries({
  '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#13;', '\x85': '&#133;', '\u2028': '&#8232;', '\u2029': '&#8233;',
}));
const ATTR_ESCAPES: ReadonlyMap<string, string> = new Map(Object.entries({
  '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\t': '&#9;', '\n': '&#10;', '\r': '&#13;',
  '\x85': '&#133;', '\u2028': '&#8232;', '\u2029': '&#8233;',
}));

/**
 * Escapes element content. `>` is escaped too so `]]>` never appears; CR becomes a reference
 * because a parser would otherwise turn it into LF; NEL and U+2028/9 become references so a
 * line reader (Python's splitlines) never breaks inside an element.
 */
export function escapeXmlText(s: string): string {
  return stripNonXmlChars(s).replace(/[&<>\r\x85\u2028\u2029]/g, (c) => TEXT_ESCAPES.get(c)!);
}

/** Escapes a double-quoted attribute value; tab and newlines as references survive attribute normalisation. */
export function escapeXmlAttr(s: string): string {
  return stripNonXmlChars(s).replace(/[&<>"\t\n\r\x85\u2028\u2029]/g, (c) => ATTR_ESCAPES.get(c)!);
}

/** `name="value"` pairs for the attributes whose value is not null, in the order given. */
export function xmlAttrs(attrs: ReadonlyArray<readonly [string, string | number | null | undefined]>): string {
  let out = '';
  for (const [name, value] of attrs) {
    if (value === null || value === undefined) continue;
    out += ` ${name}="${escapeXmlAttr(String(value))}"`;
  }
  return out;
}
