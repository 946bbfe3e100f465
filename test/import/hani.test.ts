import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ImportError, decodeText, parseArticle, parseEnglishByline, parseKoreanByline } from '../../server/import/index.ts';

const SEED = fileURLToPath(new URL('../../../shared/seed/', import.meta.url));
const FIXTURES = fileURLToPath(new URL('../fixtures/texts/', import.meta.url));
const seedPresent = existsSync(SEED);
const skipSeed = seedPresent ? false : '../shared was not found, so the seed article cannot be checked';

const items = (doc: { paragraphs: { kind: string; text: string }[] }) => doc.paragraphs.map((p) => `${p.kind}: ${p.text}`);

describe('Hankyoreh seed article', () => {
  const gold = seedPresent ? JSON.parse(readFileSync(SEED + '000_8ad9993ee28212eb.gold.json', 'utf8')) : null;
  const load = (file: string, lang: 'en' | 'ko') => parseArticle(decodeText(readFileSync(SEED + file)), lang);

  /** The page of one language parses into the gold items of that language, in order. */
  const parsesIntoGold = (language: string, file: string, lang: 'en' | 'ko'): void => {
    it(`parses the ${language} page into the gold items, in order`, { skip: skipSeed }, () => {
      const doc = load(file, lang);
      assert.equal(doc.format, 'hani');
      assert.deepEqual(items(doc), gold[lang].map((g: { kind: string; text: string }) => `${g.kind}: ${g.text}`));
    });
  };

  parsesIntoGold('English', '000_8ad9993ee28212eb.txt', 'en');

  it('parses the English metadata: dates in KST, byline authors with roles', { skip: skipSeed }, () => {
    const { meta } = load('000_8ad9993ee28212eb.txt', 'en');
    assert.deepEqual(meta, {
      title: gold.en[0].text,
      subtitles: ['Biegun visits Blue House smooth out details with key officials'],
      section: null,
      published: '2018-11-01T16:21:00+09:00',
      modified: '2019-10-19T20:29:00+09:00',
      authors: [
        { name: 'Noh Ji-won', role: 'staff reporter' },
        { name: 'Hwang Joon-bum', role: 'Washington correspondent' },
      ],
      url: null,
    });
  });

  parsesIntoGold('Korean', '000_8ad9993ee28212eb.ko.txt', 'ko');

  it('parses the Korean metadata: section, two subtitles, authors with e-mail', { skip: skipSeed }, () => {
    const { meta } = load('000_8ad9993ee28212eb.ko.txt', 'ko');
    assert.equal(meta.title, gold.ko[0].text);
    assert.deepEqual(meta.subtitles, [gold.ko[1].text, gold.ko[2].text]);
    assert.equal(meta.section, '정치 > 외교');
    assert.equal(meta.published, '2018-10-31T21:32:00+09:00');
    assert.equal(meta.modified, '2018-11-01T09:05:00+09:00');
    assert.deepEqual(meta.authors, [
      { name: '노지원', role: '기자', email: 'zone@hani.co.kr' },
      { name: '황준범', role: '워싱턴 특파원', email: 'jaybee@hani.co.kr' },
    ]);
  });

  it('keeps the raw input verbatim', { skip: skipSeed }, () => {
    const raw = readFileSync(SEED + '000_8ad9993ee28212eb.ko.txt', 'utf8');
    assert.equal(parseArticle(raw, 'ko').raw, raw);
  });
});

describe('Hankyoreh layout fixtures', () => {
  const names = readdirSync(FIXTURES).filter((f) => f.endsWith('.txt'));
  it('has three or more fixtures per language', () => {
    assert.ok(names.filter((n) => n.startsWith('en-')).length >= 3);
    assert.ok(names.filter((n) => n.startsWith('ko-')).length >= 3);
  });
  const variants: [string, (s: string) => string][] = [
    ['as stored', (s) => s],
    ['with CRLF line endings', (s) => s.replace(/\n/g, '\r\n')],
    ['with decomposed Hangul (NFD) and a BOM', (s) => '\uFEFF' + s.normalize('NFD')],
  ];
  for (const name of names) {
    const lang = name.startsWith('ko-') ? 'ko' : 'en';
    const expected = JSON.parse(readFileSync(FIXTURES + name.replace(/\.txt$/, '.expected.json'), 'utf8'));
    for (const [label, vary] of variants) {
      it(`parses ${name} ${label}`, () => {
        const raw = decodeText(Buffer.from(vary(readFileSync(FIXTURES + name, 'utf8'))));
        const doc = parseArticle(raw, lang);
        assert.equal(doc.format, 'hani');
        assert.deepEqual({ meta: doc.meta, paragraphs: doc.paragraphs }, expected);
      });
    }
  }
});

describe('Hankyoreh layout details', () => {
  it('rejects a forced hani parse without a date line, suggesting plain text', () => {
    assert.throws(() => parseArticle('Title\n\nSome body text here.', 'en', 'hani'), (e: unknown) =>
      e instanceof ImportError && e.code === 'bad_format' && /date line/.test(e.message) && /plain text/.test(e.message));
  });

  it('leaves an impossible date as null rather than rolling it over', () => {
    const doc = parseArticle('A headline here\n\nPosted on : 2021-02-30 10:00 KST\n\nThe body sentence is here.', 'en');
    assert.equal(doc.meta.published, null);
  });

  it('accepts seconds and a 입력 label in Korean date lines', () => {
    const doc = parseArticle('제목이 여기 있다\n\n입력 2021.03.04 09:08:07\n\n본문 문장이 여기에 있다.', 'ko');
    assert.equal(doc.meta.published, '2021-03-04T09:08:07+09:00');
  });

  it('treats a short unpunctuated last line before the byline as body, not subhead', () => {
    const doc = parseArticle('Headline for a test\n\nPosted on : 2021-01-01 10:00 KST\n\nBody sentence one is here.\n\nEditor’s note follows\n\nBy Kim Ji-won, staff reporter', 'en');
    assert.deepEqual(doc.paragraphs.map((p) => p.kind), ['title', 'body', 'body', 'byline']);
  });
});

describe('bylines', () => {
  const en: [string, unknown][] = [
    ['By Kim Ji-won, staff reporter', [{ name: 'Kim Ji-won', role: 'staff reporter' }]],
    ['By Kim Ji-won', [{ name: 'Kim Ji-won' }]],
    ['By Ahn Ji-hoon and Seo Ye-rin, staff reporters', [{ name: 'Ahn Ji-hoon', role: 'staff reporter' }, { name: 'Seo Ye-rin', role: 'staff reporter' }]],
    ['By A Bee, Tokyo correspondent, C Dee, staff reporter, and E Eff, senior staff writer',
      [{ name: 'A Bee', role: 'Tokyo correspondent' }, { name: 'C Dee', role: 'staff reporter' }, { name: 'E Eff', role: 'senior staff writer' }]],
    ['By the time they arrived, the meeting had ended.', null],
    ['By Monday, officials agreed', null],
  ];
  for (const [line, want] of en) it(`English: ${line}`, () => assert.deepEqual(parseEnglishByline(line), want));

  const ko: [string, unknown][] = [
    ['노지원 기자', [{ name: '노지원', role: '기자' }]],
    ['노지원기자 zone@hani.co.kr', [{ name: '노지원', role: '기자', email: 'zone@hani.co.kr' }]],
    ['도쿄/김소연 특파원 dandy@hani.co.kr', [{ name: '김소연', role: '도쿄 특파원', email: 'dandy@hani.co.kr' }]],
    ['김봉규 선임기자', [{ name: '김봉규', role: '선임기자' }]],
    ['박수빈·정다온 기자 x@hani.co.kr', [{ name: '박수빈', role: '기자' }, { name: '정다온', role: '기자' }]],
    ['비건 대표는 이번 방한 기간에 임종석 청와대 비서실장과도 면담했다.', null],
  ];
  for (const [line, want] of ko) it(`Korean: ${line}`, () => assert.deepEqual(parseKoreanByline(line), want));
});
