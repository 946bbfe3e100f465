import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { alignArticle, trainLexicon } from '../../server/align/index.ts';
import { side } from './helpers.ts';

describe('trainLexicon (IBM Model 1)', () => {
  const pairs = [
    { en: ['The farmers harvested apples.'], ko: ['농부들이 사과를 수확했다.'] },
    { en: ['Apples are red.'], ko: ['사과는 빨갛다.'] },
    { en: ['The farmers are tired.'], ko: ['농부들은 피곤하다.'] },
    { en: ['Red apples sold well.'], ko: ['빨간 사과가 잘 팔렸다.'] },
    { en: ['Tired farmers rested.'], ko: ['피곤한 농부들이 쉬었다.'] },
  ];
  it('learns word pairs that co-occur across links', () => {
    const lex = trainLexicon(pairs);
    const has = (e: string, k: string) => lex.entries.some(([a, b]) => a === e && b === k);
    assert.ok(has('appl', '사과'), JSON.stringify(lex.entries));
    assert.ok(has('farmer', '농부'), JSON.stringify(lex.entries));
  });
  it('is deterministic and survives a JSON round trip', () => {
    const a = trainLexicon(pairs);
    assert.deepEqual(a, trainLexicon(pairs));
    assert.deepEqual(JSON.parse(JSON.stringify(a)), a);
  });
  it('gives lexicon evidence when passed to the aligner', () => {
    const lex = trainLexicon(pairs);
    const r = alignArticle(side(['Farmers grew apples.']), side(['농부들이 사과를 길렀다.']), { lexicon: lex });
    assert.ok(r.sentences[0]!.evidence.some((e) => e.type === 'lexicon'), JSON.stringify(r.sentences[0]!.evidence));
  });
  it('returns an empty lexicon for no input', () => {
    assert.deepEqual(trainLexicon([]), { version: 1, entries: [] });
  });
});
