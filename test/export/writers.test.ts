import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { escapeXmlAttr, escapeXmlText, stripNonXmlChars } from '../../server/export/xml.ts';
import { tsvField } from '../../server/export/tsv.ts';
import { mosesLine } from '../../server/export/moses.ts';
import { tmxDate } from '../../server/export/provenance.ts';
import { ExportOptionError, parseExportOptions } from '../../server/export/options.ts';

describe('XML escaping', () => {
  it('drops what XML 1.0 cannot carry: C0 controls, U+FFFE/U+FFFF, lone surrogates', () => {
    assert.equal(stripNonXmlChars('a\u0000b\u0001c\u001fd\uFFFEe\uFFFFf\uD800g\uDC00h'), 'abcdefgh');
  });
  it('keeps tab, newline, CR, emoji (a surrogate pair), Hangul and U+FFFD', () => {
    assert.equal(stripNonXmlChars('\t\n\r🚌한\uFFFD'), '\t\n\r🚌한\uFFFD');
  });
  it('escapes markup in text, and CR as a reference', () => {
    assert.equal(escapeXmlText('<a> & "b" ]]> \r\u0007'), '&lt;a&gt; &amp; "b" ]]&gt; &#13;');
  });
  it('escapes quotes, tabs and newlines in attributes so attribute normalisation keeps them', () => {
    assert.equal(escapeXmlAttr('"x"\t<y>\n&'), '&quot;x&quot;&#9;&lt;y&gt;&#10;&amp;');
  });
});

describe('TSV fields', () => {
  it('escapes backslash, tab, LF and CR, and never quotes', () => {
    assert.equal(tsvField('a\\b\tc\nd\re "q"'), 'a\\\\b\\tc\\nd\\re "q"');
    assert.equal(tsvField(null), '');
    assert.equal(tsvField(0.5), '0.5');
  });
});

describe('Moses lines', () => {
  it('turns every line break any reader honours into one space, drops controls, tabs become spaces', () => {
    assert.equal(mosesLine('a\nb \r\n c\u2028d\u2029e\u0085f\u000bg\u000ch\u001ci'), 'a b c d e f g h i');
    assert.equal(mosesLine('x\u0001y\tz'), 'xy z');
  });
});

describe('TMX dates', () => {
  it('writes YYYYMMDDThhmmssZ in UTC', () => {
    assert.equal(tmxDate('2024-03-14T18:30:05+09:00'), '20240314T093005Z');
    assert.equal(tmxDate(new Date('2024-05-01T00:00:00.123Z')), '20240501T000000Z');
    assert.equal(tmxDate('not a date'), null);
  });
});

describe('export options', () => {
  const ok = { format: 'tmx', level: 'sentence' };
  it('applies the defaults: confirmed, one-sided out, n:m kept', () => {
    const o = parseExportOptions(ok);
    assert.equal(o.filter.status, 'confirmed');
    assert.equal(o.filter.includeOneSided, false);
    assert.equal(o.filter.includeMulti, true);
    assert.equal(o.date, null);
  });
  it('maps --format xliff --xliff-version 1.2 to xliff12', () => {
    assert.equal(parseExportOptions({ ...ok, format: 'xliff', xliffVersion: '1.2' }).format, 'xliff12');
    assert.equal(parseExportOptions({ ...ok, format: 'xliff' }).format, 'xliff');
  });
  it('reads a --date without an offset as UTC', () => {
    assert.equal(parseExportOptions({ ...ok, date: '2024-05-01T10:00' }).date!.toISOString(), '2024-05-01T10:00:00.000Z');
  });
  it('parses and sorts --pairs', () => {
    assert.deepEqual(parseExportOptions({ ...ok, pairs: '12, 3,3' }).filter.pairIds, [3, 12]);
  });
  for (const [what, raw, message] of [
    ['an unknown format', { ...ok, format: 'docx' }, /--format must be one of tmx, xliff, xliff12, moses, tsv, csv, jsonl, xces/],
    ['a missing level', { format: 'tmx' }, /--level must be paragraph or sentence/],
    ['a confidence over 1', { ...ok, minConfidence: '1.5' }, /--min-confidence/],
    ['a bad date', { ...ok, from: '2024-13-45' }, /--from must be a date/],
    ['from after to', { ...ok, from: '2024-05-02', to: '2024-05-01' }, /--from must not be after --to/],
    ['bad pair ids', { ...ok, pairs: '3,x' }, /--pairs must be pair ids/],
    ['an unknown status', { ...ok, status: 'pending' }, /--status must be confirmed, all \(auto and confirmed\), rejected/],
  ] as const) {
    it(`refuses ${what}`, () => {
      assert.throws(() => parseExportOptions(raw), (e: unknown) => e instanceof ExportOptionError && message.test(e.message));
    });
  }
});
