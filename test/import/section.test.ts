import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseArticle } from '../../server/import/article.ts';
import { parsePairRecord } from '../../server/import/jsonl.ts';
import { sectionChoices, sectionFilter, sectionPath } from '../../server/import/section.ts';

describe('sectionPath', () => {
  const cases: [string, string | null, 'en' | 'ko', string | null][] = [
    ['a Korean breadcrumb line divides at spaces', '경제 경제일반', 'ko', '경제 > 경제일반'],
    ['one level per line', '경제\n경제일반', 'ko', '경제 > 경제일반'],
    ['explicit separators, any spacing', '정치>외교 ›  북한', 'ko', '정치 > 외교 > 북한'],
    ['English names keep their spaces', 'National > North Korea', 'en', 'National > North Korea'],
    ['an English name alone stays one level', 'North Korea', 'en', 'North Korea'],
    ['a stored path stays as it is', '경제 > 경제일반', 'ko', '경제 > 경제일반'],
    ['nothing is null', '  ', 'ko', null],
    ['null is null', null, 'en', null],
  ];
  for (const [name, raw, lang, want] of cases) it(name, () => assert.equal(sectionPath(raw, lang), want));

  it('reads a filter typed either way, Korean by its script', () => {
    assert.equal(sectionFilter(' 경제 경제일반 '), '경제 > 경제일반');
    assert.equal(sectionFilter('national>north korea'), 'national > north korea');
  });

  it('offers every stored path and the levels above it', () => {
    assert.deepEqual(sectionChoices(['경제 > 경제일반', '정치 > 외교', '경제']), ['경제', '경제 > 경제일반', '정치', '정치 > 외교']);
  });
});

describe('every importer stores the section as a path', () => {
  const body = '한국과 미국이 실무협의체를 만들기로 했다. 다음달 출범한다.\n\n외교부 당국자는 31일 이렇게 밝혔다.';
  it('the Hankyoreh page copy, an HTML page and a JSONL record give the same path', () => {
    const text = parseArticle(`경제 경제일반\n\n수출이 늘었다\n\n등록 :2018-10-31 21:32 수정 :2018-11-01 09:05\n\n${body}`, 'ko');
    assert.equal(text.meta.section, '경제 > 경제일반');
    const html = parseArticle(`<!doctype html><html><head><meta property="article:section" content="경제 &gt; 경제일반"></head><body><h1>수출이 늘었다</h1><p>${body.replace('\n\n', '</p><p>')}</p></body></html>`, 'ko');
    assert.equal(html.meta.section, '경제 > 경제일반');
    const record = parsePairRecord({ en: { paragraphs: ['Exports rose.'], section: 'Economy' }, ko: { paragraphs: ['수출이 늘었다.'], section: '경제  경제일반' } });
    assert.equal(record.ko.meta.section, '경제 > 경제일반');
  });
});
