import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ImportError, decodeText, normaliseText } from '../../server/import/index.ts';
import { cleanSteps, cleanText } from '../../server/import/normalise.ts';
import { cleanEditedText as editText } from '../../server/review/ops.ts';

const code = (c: string, re?: RegExp) => (e: unknown) => e instanceof ImportError && e.code === c && (!re || re.test(e.message));

describe('decodeText', () => {
  it('decodes UTF-8 and strips a BOM', () => {
    assert.equal(decodeText(Buffer.from('\uFEFF한겨레 news', 'utf8')), '한겨레 news');
  });
  it('accepts a Uint8Array', () => {
    assert.equal(decodeText(new TextEncoder().encode('abc')), 'abc');
  });
  it('rejects zero bytes as empty', () => {
    assert.throws(() => decodeText(Buffer.alloc(0), { label: 'English file' }), code('empty', /^English file is empty/));
  });
  it('rejects whitespace-only text as empty', () => {
    assert.throws(() => decodeText(Buffer.from(' \n\t\r\n \u3000')), code('empty', /only whitespace/));
  });
  it('rejects NUL bytes as binary', () => {
    assert.throws(() => decodeText(Buffer.from([0x61, 0x00, 0x62])), code('binary', /offset 1/));
  });
  it('names a PDF dropped by mistake', () => {
    assert.throws(() => decodeText(Buffer.from('%PDF-1.7\n...')), code('binary', /PDF/));
  });
  it('rejects EUC-KR bytes as invalid UTF-8 and says how to fix it', () => {
    // "한글" in EUC-KR
    assert.throws(() => decodeText(Buffer.from([0x41, 0xc7, 0xd1, 0xb1, 0xdb])), code('invalid_utf8', /offset 1.*EUC-KR.*UTF-8/s));
  });
  it('rejects UTF-16 with a specific message', () => {
    assert.throws(() => decodeText(Buffer.from('\uFEFFhi', 'utf16le')), code('invalid_utf8', /UTF-16/));
  });
  it('rejects input over the size limit', () => {
    assert.throws(() => decodeText(Buffer.alloc(501, 0x61), { maxBytes: 500 }), code('too_large', /501 bytes.*500 bytes/));
  });
  it('has a 2 MB default limit', () => {
    assert.throws(() => decodeText(Buffer.alloc(2 * 1024 * 1024 + 1, 0x61)), code('too_large', /2\.0 MB/));
  });
  it('rejects text full of control characters', () => {
    assert.throws(() => decodeText(Buffer.from('\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f\x10 ab')), code('binary'));
  });
});

describe('normaliseText', () => {
  const cases: [string, string, string][] = [
    ['composes decomposed Hangul (NFD → NFC)', '한겨레'.normalize('NFD'), '한겨레'],
    ['turns CRLF and CR into LF', 'a\r\nb\rc', 'a\nb\nc'],
    ['turns NBSP, ideographic and thin spaces into spaces', 'a\u00A0b\u3000c\u2009d', 'a b c d'],
    ['collapses runs of spaces and tabs', 'a  \t b', 'a b'],
    ['trims each line', '  a  \n\t b ', 'a\nb'],
    ['collapses runs of blank lines to one', 'a\n\n\n\n\nb', 'a\n\nb'],
    ['drops leading and trailing blank lines', '\n\n a \n\n', 'a'],
    ['removes zero-width spaces, BOMs and soft hyphens', 'wo\u200Brd\uFEFF co\u00ADop', 'word coop'],
    ['keeps a ZWJ inside an emoji sequence', '👩\u200D💻', '👩\u200D💻'],
    ['drops a ZWJ between ASCII letters', 'a\u200Db', 'ab'],
    ['turns line and paragraph separators into LF', 'a\u2028b', 'a\nb'],
  ];
  for (const [name, input, want] of cases) it(name, () => assert.equal(normaliseText(input), want));
});

describe('normaliseText shortcut for clean text', () => {
  it('gives what the full cleaning gives, on random strings of tricky characters', () => {
    const palette = ['a', 'B', '한', '글', ' ', ' ', '\n', '\n', '\r', '\t', '\u00A0', '\u3000', '\u200B', '\u200D', '\uFEFF', '\u2028', '.', '👩', '\u1100', '\u1161'];
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let i = 0; i < 5000; i++) {
      const length = Math.floor(random() * 12);
      const s = Array.from({ length }, () => palette[Math.floor(random() * palette.length)]!).join('');
      const want = cleanSteps(s.normalize('NFC')).normalize('NFC');
      assert.equal(normaliseText(s), want, JSON.stringify(s));
      assert.equal(normaliseText(want), want, `idempotent on ${JSON.stringify(s)}`);
    }
  });
});

describe('cleanText: one cleaning for import and the review editor', () => {
  it('removes NUL, BEL, ESC, FS/GS/RS, DEL, C1 controls, U+FFFE/U+FFFF, bidi overrides, isolates and marks', () => {
    const dirty = 'a\u0000b\u0007c\u001Bd\u001Ce\u001Df\u001Eg\u007Fh\u0090i\u009Fj\uFFFEk\uFFFFl\u202Em\u202Dn\u2066o\u2069p\u200Fq\u200Er\u061Cs';
    assert.equal(cleanText(dirty), 'abcdefghijklmnopqrs');
  });
  it('turns NEL, LS and PS into line breaks, and into spaces for a one-line cell', () => {
    assert.equal(cleanText('a\u0085b\u2028c\u2029d'), 'a\nb\nc\nd');
    assert.equal(cleanText('a\u0085b\u2028c\u2029d', { oneLine: true }), 'a b c d');
  });
  it('keeps what carries meaning: ZWJ inside emoji and between Hangul, variation selectors, combining marks (composed)', () => {
    assert.equal(cleanText('👩\u200D💻 ☺\uFE0F 葛\uDB40\uDD00'), '👩\u200D💻 ☺\uFE0F 葛\uDB40\uDD00');
    assert.equal(cleanText('e\u0301'), 'é');
  });
  it('leaves nothing Python\'s splitlines() splits at but LF', () => {
    const t = cleanText('x\u000By\u000Cz\u001C\u001D\u001E\u0085\u2028\u2029w', { oneLine: true });
    // eslint-disable-next-line no-control-regex -- finding control characters is the point
    assert.ok(!/[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]/.test(t), JSON.stringify(t));
  });
  it('is what the review editor stores for an edited cell (server/review/ops.ts)', () => {
    const typed = '  Seoul\u202E adds\u0007 buses\u0085today ';
    assert.equal(editText(typed), cleanText(typed, { oneLine: true }));
    assert.equal(editText(typed), 'Seoul adds buses today');
  });
});
