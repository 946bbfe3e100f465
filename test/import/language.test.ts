import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ImportError, checkLanguage, parseArticle } from '../../server/import/index.ts';

const EN = 'South Korea and the US agreed on Tuesday to set up a working group on sanctions.';
const KO = '한국과 미국이 화요일 제재 문제를 다룰 실무협의체를 만들기로 합의했다.';
const KO_WITH_LATIN = '백악관 국가안보회의(NSC)와 FFVD 논의가 이어졌다. 스티븐 비건(Stephen Biegun) 대표가 왔다.';
const wrong = (re: RegExp) => (e: unknown) => e instanceof ImportError && e.code === 'wrong_language' && re.test(e.message);

describe('checkLanguage', () => {
  it('accepts English in the English slot', () => checkLanguage(EN, 'en'));
  it('accepts Korean in the Korean slot', () => checkLanguage(KO, 'ko'));
  it('accepts Korean with Latin acronyms and names in the Korean slot', () => checkLanguage(KO_WITH_LATIN, 'ko'));
  it('accepts English quoting a Korean phrase', () => checkLanguage(`${EN} The word used was “워킹그룹” in Seoul.`, 'en'));
  it('names the slot and the Hangul share for Korean in the English slot', () => {
    assert.throws(() => checkLanguage(KO, 'en'), wrong(/^The English slot holds Korean text: 100% of its letters are Hangul\. Swap the files\?$/));
  });
  it('names the slot and what was found for English in the Korean slot', () => {
    assert.throws(() => checkLanguage(EN, 'ko'), wrong(/^The Korean slot holds English text: only 0% of its letters are Hangul and 100% are Latin\. Swap the files\?$/));
  });
  it('describes Japanese in the Korean slot', () => {
    assert.throws(() => checkLanguage('日本と韓国は火曜日に作業部会を設置することで合意した。', 'ko'), wrong(/Korean slot does not hold Korean.*kana/));
  });
  it('rejects text without letters', () => {
    assert.throws(() => checkLanguage('2018 - 11 - 01 / 12:30', 'en'), wrong(/no letters/));
  });
  it('is applied by parseArticle to the parsed paragraphs', () => {
    assert.throws(() => parseArticle(`${KO}\n\n${KO}`, 'en'), wrong(/English slot holds Korean/));
  });
});
