import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { highlight, markSegments } from '../../server/search/highlight.ts';
import { parseQuery } from '../../server/search/query.ts';
import type { Lang } from '../../server/model.ts';

function marked(text: string, query: string, lang: Lang): string {
  const q = parseQuery(query, lang);
  assert.ok(q.ok);
  return markSegments(highlight(text, q.terms, lang));
}

describe('highlight', () => {
  it('marks English whole words only, in any case', () => {
    assert.equal(marked('War and the award: WAR again.', 'war', 'en'), '[War] and the award: [WAR] again.');
  });

  it('marks a phrase across any punctuation or spacing the index ignores', () => {
    assert.equal(marked('North  Korea, north-korea and North Korean', '"north korea"', 'en'), '[North  Korea], [north-korea] and North Korean');
  });

  it('marks a prefix with the rest of its word', () => {
    assert.equal(marked('They negotiated and negotiate.', 'negotiat*', 'en'), 'They [negotiated] and [negotiate].');
  });

  it('marks Korean substrings, leaving the particle outside the mark', () => {
    assert.equal(marked('북한은 비핵화와 비핵화를 말했다', '비핵화 북한', 'ko'), '[북한]은 [비핵화]와 [비핵화]를 말했다');
  });

  it('merges overlapping matches', () => {
    assert.equal(marked('정상회담', '정상 상회담', 'ko'), '[정상회담]');
  });

  it('treats regular-expression characters in the query as text', () => {
    assert.equal(marked('cost (est.) 3.5 vs 3x5', '"3.5"', 'en'), 'cost (est.) [3.5] vs 3x5');
  });

  it('returns the text unmarked, and whole, when nothing matches', () => {
    assert.deepEqual(highlight('nothing here', [{ text: 'zebra', phrase: false, prefix: false }], 'en'), [{ text: 'nothing here', match: false }]);
    assert.deepEqual(highlight('', [{ text: 'zebra', phrase: false, prefix: false }], 'en'), [{ text: '', match: false }]);
  });

  it('keeps markup in the text as plain text segments (the view escapes them)', () => {
    const segments = highlight('<script>alert("talks")</script> talks', [{ text: 'talks', phrase: false, prefix: false }], 'en');
    assert.equal(segments.map((s) => s.text).join(''), '<script>alert("talks")</script> talks');
    assert.deepEqual(segments.filter((s) => s.match).map((s) => s.text), ['talks', 'talks']);
  });
});
