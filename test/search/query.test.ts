import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { detectLang, englishMatch, koreanMatch, parseQuery, splitTerms } from '../../server/search/query.ts';

describe('splitTerms', () => {
  const table: [string, string][] = [
    ['nuclear talks', 'nuclear|talks'],
    ['"nuclear talks" summit', '"nuclear talks"|summit'],
    ['“curly quoted phrase”', '"curly quoted phrase"'],
    ['"unclosed phrase here', '"unclosed phrase here"'],
    ['negotiat*', 'negotiat*'],
    ['  비핵화   협상 ', '비핵화|협상'],
    ['"비핵화 협상"', '"비핵화 협상"'],
  ];
  for (const [input, expected] of table) {
    it(`splits ${input}`, () => {
      const shape = splitTerms(input).map((t) => (t.phrase ? `"${t.text}"` : t.prefix ? `${t.text}*` : t.text)).join('|');
      assert.equal(shape, expected);
    });
  }
});

describe('parseQuery', () => {
  it('detects Korean, English and neither', () => {
    assert.equal(detectLang('북한 IAEA'), 'ko');
    assert.equal(detectLang('summit'), 'en');
    assert.equal(detectLang('2018'), null);
  });

  it('searches the side of the query language unless a side is chosen', () => {
    const ko = parseQuery('비핵화');
    assert.ok(ko.ok);
    assert.deepEqual(ko.sides, ['ko']);
    const en = parseQuery('summit', 'auto');
    assert.ok(en.ok);
    assert.deepEqual(en.sides, ['en']);
    const both = parseQuery('summit', 'both');
    assert.ok(both.ok);
    assert.deepEqual(both.sides, ['en', 'ko']);
    const digits = parseQuery('2018');
    assert.ok(digits.ok);
    assert.deepEqual(digits.sides, ['en', 'ko']);
  });

  it('answers empty, punctuation-only, too long and too many words with a message', () => {
    for (const [input, reason] of [
      ['', 'empty'], ['   ', 'empty'], [undefined, 'empty'], ['!!! ???', 'no_letters'], ['""', 'no_letters'],
      ['x'.repeat(201), 'too_long'], ['a b c d e f g h i', 'too_many_terms'], ['북', 'too_short'],
    ] as const) {
      const q = parseQuery(input);
      assert.equal(q.ok, false, String(input));
      if (!q.ok) {
        assert.equal(q.reason, reason);
        assert.ok(q.message.length > 20, 'the message says what to do');
      }
    }
  });

  it('accepts a two-character Korean word', () => {
    const q = parseQuery('북한');
    assert.ok(q.ok);
    assert.deepEqual(q.terms.map((t) => t.text), ['북한']);
  });

  it('normalises decomposed Hangul to NFC like the stored text', () => {
    const q = parseQuery('북한'.normalize('NFD'));
    assert.ok(q.ok);
    assert.equal(q.terms[0]!.text, '북한');
  });
});

describe('FTS5 expressions', () => {
  it('quotes every English term, so FTS5 operators in the query are only words', () => {
    const q = parseQuery('NOT "nuclear talks" negotiat* a"b');
    assert.ok(q.ok);
    assert.equal(englishMatch(q.terms), '"NOT" AND "nuclear talks" AND "negotiat" * AND "a" AND "b"');
  });

  it('expands short Korean terms into the trigrams that begin with them', () => {
    const q = parseQuery('북한 "비핵화 협상"');
    assert.ok(q.ok);
    assert.equal(koreanMatch(q.terms, new Map([['북한', ['북한은', '북한의']]])), '("북한은" OR "북한의") AND "비핵화 협상"');
    assert.equal(koreanMatch(q.terms, new Map()), null, 'a short term found nowhere cannot match');
  });
});
