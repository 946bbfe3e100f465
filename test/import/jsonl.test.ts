import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ImportError, parseJsonlLine, parsePairRecord } from '../../server/import/index.ts';

const EN_P = ['Seoul and Tokyo agreed to resume talks.', 'The next meeting is in April.'];
const KO_P = ['한국과 일본이 협상을 재개하기로 했다.', '다음 회의는 4월에 열린다.'];
const err = (c: string, re: RegExp) => (e: unknown) => e instanceof ImportError && e.code === c && re.test(e.message);

describe('parsePairRecord', () => {
  it('takes paragraphs given as strings as body', () => {
    const r = parsePairRecord({ en: { paragraphs: EN_P }, ko: { paragraphs: KO_P } });
    assert.deepEqual(r.en.paragraphs, EN_P.map((text) => ({ kind: 'body', text })));
    assert.equal(r.ko.format, 'jsonl');
    assert.equal(r.ko.lang, 'ko');
    assert.equal('links' in r, false);
  });
  it('takes {kind, text} paragraphs and defaults meta.title to the title paragraph', () => {
    const r = parsePairRecord({ en: { paragraphs: [{ kind: 'title', text: 'Talks resume' }, ...EN_P] }, ko: { paragraphs: KO_P } });
    assert.equal(r.en.meta.title, 'Talks resume');
    assert.equal(r.en.paragraphs[0]?.kind, 'title');
  });
  it('keeps a title field as metadata only, without inventing a title paragraph', () => {
    const r = parsePairRecord({ en: { paragraphs: EN_P, title: 'Talks resume' }, ko: { paragraphs: KO_P } });
    assert.equal(r.en.meta.title, 'Talks resume');
    assert.deepEqual(r.en.paragraphs.map((p) => p.kind), ['body', 'body']);
  });
  it('parses a whole article given as text, with metadata fields overriding', () => {
    const text = 'Talks resume\n\nPosted on : 2021-03-09 11:05 KST\n\nSeoul and Tokyo agreed to resume talks.\n\nBy Kim Min-ji, staff reporter';
    const r = parsePairRecord({
      en: { text, url: 'https://example.org/1', section: 'Economy', authors: [{ name: 'Kim Min-ji', role: 'reporter', email: 'k@example.org' }] },
      ko: { text: KO_P.join('\n\n'), format: 'text', published: '2021-03-09T10:00:00+09:00' },
    });
    assert.equal(r.en.format, 'hani');
    assert.equal(r.en.raw, text);
    assert.equal(r.en.meta.published, '2021-03-09T11:05:00+09:00');
    assert.equal(r.en.meta.section, 'Economy');
    assert.deepEqual(r.en.meta.authors, [{ name: 'Kim Min-ji', role: 'reporter', email: 'k@example.org' }]);
    assert.equal(r.ko.format, 'text');
    assert.equal(r.ko.meta.published, '2021-03-09T10:00:00+09:00');
  });
  it('checks the shape of links and names the bad field', () => {
    assert.deepEqual(parsePairRecord({ en: { paragraphs: EN_P }, ko: { paragraphs: KO_P }, links: [{ en: [0], ko: [0, 1] }] }).links, [{ en: [0], ko: [0, 1] }]);
    assert.throws(() => parsePairRecord({ en: { paragraphs: EN_P }, ko: { paragraphs: KO_P }, links: [{ en: [0], ko: [0, 1] }, { weird: true }] }),
      /links\[1\]\.weird is not a known field/);
  });
  it('normalises paragraph text (NFC, spaces)', () => {
    const r = parsePairRecord({ en: { paragraphs: EN_P }, ko: { paragraphs: ['  한국과\u00A0일본이  '.normalize('NFD') + '협상했다.'] } });
    assert.equal(r.ko.paragraphs[0]?.text, '한국과 일본이 협상했다.');
  });

  const invalid: [string, unknown, string, RegExp][] = [
    ['a non-object record', [1, 2], 'bad_format', /must be a JSON object.*not an array/],
    ['a missing side', { en: { paragraphs: EN_P } }, 'bad_format', /no "ko" field/],
    ['both text and paragraphs', { en: { text: 'a', paragraphs: EN_P }, ko: { paragraphs: KO_P } }, 'bad_format', /^en must have exactly one of .* not both/],
    ['neither text nor paragraphs', { en: { title: 'x' }, ko: { paragraphs: KO_P } }, 'bad_format', /has neither/],
    ['an unknown field', { en: { paragraphs: EN_P, titel: 'x' }, ko: { paragraphs: KO_P } }, 'bad_format', /^en\.titel is not a known field/],
    ['a bad kind', { en: { paragraphs: EN_P }, ko: { paragraphs: [...KO_P, KO_P[0], { kind: 'lede', text: 'x' }] } }, 'bad_format', /^ko\.paragraphs\[3\]\.kind must be one of title, subtitle, caption, subhead, body, byline, not string "lede"/],
    ['a non-string paragraph', { en: { paragraphs: [EN_P[0], 42] }, ko: { paragraphs: KO_P } }, 'bad_format', /^en\.paragraphs\[1\] must be a string, an array of sentence strings or a \{"kind", "text"\} object, not number 42/],
    ['an empty paragraph', { en: { paragraphs: [EN_P[0], '  '] }, ko: { paragraphs: KO_P } }, 'empty', /^en\.paragraphs\[1\] is empty/],
    ['an empty paragraph list', { en: { paragraphs: [] }, ko: { paragraphs: KO_P } }, 'empty', /^en\.paragraphs is empty/],
    ['a bad timestamp', { en: { paragraphs: EN_P, published: 'yesterday' }, ko: { paragraphs: KO_P } }, 'bad_format', /^en\.published must be an ISO 8601/],
    ['a bad author', { en: { paragraphs: EN_P, authors: [{ role: 'reporter' }] }, ko: { paragraphs: KO_P } }, 'bad_format', /^en\.authors\[0\]\.name is required/],
    ['subtitles that are not strings', { en: { paragraphs: EN_P, subtitles: 'x' }, ko: { paragraphs: KO_P } }, 'bad_format', /^en\.subtitles must be an array of strings/],
    ['a bad format', { en: { text: 'a', format: 'pdf' }, ko: { paragraphs: KO_P } }, 'bad_format', /^en\.format must be one of auto, hani, text, html/],
    ['swapped languages', { en: { paragraphs: KO_P }, ko: { paragraphs: EN_P } }, 'wrong_language', /^en\.paragraphs: The English slot holds Korean text/],
    ['wrong language in text', { en: { paragraphs: EN_P }, ko: { text: EN_P.join('\n\n') } }, 'wrong_language', /^ko\.text: The Korean slot holds English text/],
  ];
  for (const [name, value, c, re] of invalid) {
    it(`rejects ${name}`, () => assert.throws(() => parsePairRecord(value), err(c, re)));
  }
});

describe('parseJsonlLine', () => {
  it('parses one line', () => {
    const r = parseJsonlLine(JSON.stringify({ en: { paragraphs: EN_P }, ko: { paragraphs: KO_P } }));
    assert.equal(r.en.paragraphs.length, 2);
  });
  it('reports invalid JSON with its column and a snippet', () => {
    assert.throws(() => parseJsonlLine('{"en": {"paragraphs": ["a"]} "ko": 1}', 7), err('bad_json', /^Line 7: not valid JSON at column 30, near `[^`]*\]\} "ko": 1\}`/));
  });
  it('prefixes validation errors with the line number', () => {
    assert.throws(() => parseJsonlLine('{"en": 1, "ko": 2}', 3), err('bad_format', /^Line 3: en must be an object/));
  });
  it('rejects a blank line as empty', () => {
    assert.throws(() => parseJsonlLine('   '), err('empty', /empty/));
  });
});
