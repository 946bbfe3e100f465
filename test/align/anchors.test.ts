import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { koreanNumbers, koreanNativeNumbers, englishNumbers } from '../../server/align/numbers.ts';
import { hangulSkeleton, latinSkeleton } from '../../server/align/romanize.ts';
import { newsGlossary } from '../../server/align/glossary.ts';
import { stemEnglish } from '../../server/align/tokens.ts';

const keys = (ms: { key: string }[]) => ms.map((m) => m.key);

describe('number anchors', () => {
  const cases: [ko: string, en: string][] = [
    ['12조3천억 번', '12.3 trillion times'],
    ['1억1천만 달러', '$110 million'],
    ['27만5000명', '275,000 people'],
    ['49억달러', '$4.9 billion'],
    ['57억1000만위안', '5.71 billion yuan'],
    ['3500만 kw', '35 million kw'],
    ['14차례', '14 times'],
    ['30.45달러', '$30.45'],
    ['2.7%', '2.7 percent'],
    ['2005년', 'since 2005'],
    ['8,192개', '8,192 processors'],
    ['10월', 'Oct.'],
    ['10월', 'October'],
    ['3월', 'March'],
    ['8년', 'eight years'],
  ];
  for (const [ko, en] of cases) {
    it(`${ko} ↔ ${en}`, () => {
      const k = keys(koreanNumbers(ko));
      const e = keys(englishNumbers(en));
      assert.ok(k.length > 0 && k.every((x) => e.includes(x)), `${JSON.stringify(k)} vs ${JSON.stringify(e)}`);
    });
  }
  it('keeps the surface as written for highlighting', () => {
    assert.deepEqual(koreanNumbers('예산 640조원').map((m) => m.surface), ['640조']);
    assert.deepEqual(englishNumbers('a $4.9 billion plan').map((m) => m.surface), ['4.9 billion']);
  });
  it('does not read the verb "may" or a comma after a year as numbers', () => {
    assert.deepEqual(keys(englishNumbers('It may rain in 1992, they said.')), ['1992']);
    assert.deepEqual(keys(englishNumbers('Talks resume May 5.')), ['m5', '5']);
    // Words that name an Object property are no month and no number.
    assert.deepEqual(keys(englishNumbers('The Constructor said toString, ValueOf and hasOwnProperty in March.')), ['m3']);
  });
  it('reads native Korean numerals before a counter (두 시간 ↔ two hours) but not inside words (세계)', () => {
    assert.deepEqual(keys(koreanNativeNumbers('두 시간 뒤 세 번째 제보, 다섯 가지 이유')), ['2', '3', '5']);
    assert.deepEqual(keys(koreanNativeNumbers('세계 두부 한국')), []);
  });
  it('does not treat 천 in a place name as a unit', () => {
    assert.deepEqual(keys(koreanNumbers('천안에서 3명')), ['3']);
  });
});

describe('romanisation keys', () => {
  const same: [string, string][] = [
    ['비건', 'Biegun'], ['워킹그룹', 'workinggroup'], ['미사일', 'missile'], ['트럼프', 'Trump'],
    ['컴퓨터', 'computer'], ['오바마', 'Obama'], ['매케인', 'McCain'], ['인터넷', 'internet'],
    ['클리브랜드', 'Cleveland'], ['텍사스', 'Texas'], ['카스파로프', 'Kasparov'],
  ];
  for (const [ko, en] of same) {
    it(`${ko} ↔ ${en}`, () => assert.equal(hangulSkeleton(ko), latinSkeleton(en)));
  }
  const different: [string, string][] = [['대통령', 'president'], ['워싱턴', 'London']];
  for (const [ko, en] of different) {
    it(`${ko} ≠ ${en}`, () => assert.notEqual(hangulSkeleton(ko), latinSkeleton(en)));
  }
});

describe('glossary', () => {
  it('has at least 1,000 entries', () => {
    assert.ok(newsGlossary().size >= 1000, `only ${newsGlossary().size} entries`);
  });
  it('maps Korean and English terms to shared concepts', () => {
    const g = newsGlossary();
    const ko = g.ko.get('대통령')!;
    const en = g.en.get(stemEnglish('president'))!.map((x) => x.concept);
    assert.ok(ko.some((c) => en.includes(c)));
  });
});
