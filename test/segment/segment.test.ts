import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { segmentSentences } from '../../server/segment/index.ts';

// Each case: a paragraph written with " | " where sentences should be cut.
const run = (lang: 'en' | 'ko', cases: [name: string, marked: string][]) => {
  for (const [name, marked] of cases) {
    it(name, () => {
      const want = marked.split(' | ');
      const got = segmentSentences(want.join(' '), lang);
      assert.deepEqual(got, want);
      assert.equal(got.join(' '), want.join(' ')); // joining with single spaces gives back the paragraph
    });
  }
};

describe('English sentences', () => {
  run('en', [
    ['cuts after plain full stops', 'The talks ended. | Both sides left Seoul.'],
    ['keeps Mr. with the name', 'Mr. Yoon met Mr. Biegun at noon. | They talked for an hour.'],
    ['keeps Mrs., Ms. and Dr.', 'Mrs. Kim and Ms. Park met Dr. Lee. | Nothing was agreed.'],
    ['keeps Prof., Gen., Lt. and Col.', 'Prof. Han briefed Gen. Choi, Lt. Ahn and Col. Seo on the plan.'],
    ['keeps Sen., Rep. and Gov. even before An', 'Sen. Kim, Rep. An Min-suk and Gov. Park attended.'],
    ['keeps St. before a name', 'He grew up in St. Louis and moved to Seoul.'],
    ['keeps Jr. and Sr. mid-sentence', 'Martin Luther King Jr. spoke there. | John Smith Sr. was absent.'],
    ['keeps Inc., Co., Corp. and Ltd. mid-sentence', 'Apple Inc. and Samsung Electronics Co. Ltd. sued Acme Corp. over patents.'],
    ['cuts after Inc. before a sentence starter', 'The deal went to Acme Inc. | The price was not disclosed.'],
    ['keeps month abbreviations before a day', 'The meeting on Oct. 30 followed one on Sept. 12 and Jan. 5.'],
    ['keeps weekday abbreviations', 'It opens Mon. Oct. 2 and closes Fri. Oct. 6.'],
    ['keeps U.S. before a noun', 'The U.S. President arrived in Seoul.'],
    ['cuts after U.S. before He', 'The envoy returned to the U.S. | He will report on Friday.'],
    ['cuts after U.S. before In and The', 'Talks were held in the U.S. | In Seoul, officials waited. | The result was unclear.'],
    ['keeps U.N., U.K. and E.U. mid-sentence', 'The U.N. Security Council, the U.K. Foreign Office and the E.U. Commission agreed.'],
    ['keeps p.m. and a.m. before a noun', 'It began at 2 p.m. Seoul time and ended at 1 a.m. Tokyo time.'],
    ['cuts after p.m. before The', 'The session closed at 6 p.m. | The vote is tomorrow.'],
    ['keeps No. before a number', 'He signed Executive Order No. 2 and Vol. 3 of the report.'],
    ['keeps vs. and etc. mid-sentence', 'It was Korea vs. Japan, with flags, drums, etc. and much noise.'],
    ['cuts after etc. at the end of a sentence', 'They brought flags, drums, etc. | The match began.'],
    ['keeps e.g. and i.e. before a capital', 'Some cities, e.g. Seoul, and one port, i.e. Busan, joined.'],
    ['keeps initials with the name', 'J. K. Rowling and John F. Kennedy are often quoted.'],
    ['keeps decimals', 'Growth was 2.7 percent, up from 2.5 percent. | Exports rose 3.1 percent.'],
    ['keeps an ellipsis inside a quotation', '“We will wait... We will see,” he said. | Nobody answered.'],
    ['cuts after a closing quote', '“We are ready,” he said. | “The rest is up to them.” | She nodded.'],
    ['cuts after a full stop inside a closing quote', 'He called it “a new start.” | Critics disagreed.'],
    ['does not cut before a lowercase speech verb', '“Is it over?” asked a reporter. | “No!” he replied.'],
    ['cuts after question and exclamation marks', 'Will the talks resume? | Nobody knows! | Officials are silent.'],
    ['cuts after a closing bracket', 'The group met twice (in May and June.) | It will meet again.'],
    ['cuts before a straight opening quote', 'He spoke. | "We agree," she said.'],
    ['keeps a lone sentence without a full stop', 'Seoul and Tokyo agree on new talks'],
  ]);
  it('returns nothing for an empty paragraph', () => assert.deepEqual(segmentSentences('  \n ', 'en'), []));
  it('collapses inner whitespace and newlines', () => assert.deepEqual(segmentSentences(' One.\n Two.  ', 'en'), ['One.', 'Two.']));
});

describe('Korean sentences', () => {
  run('ko', [
    ['cuts after 다.', '회담이 끝났다. | 양쪽은 서울을 떠났다.'],
    ['cuts after 요. and 까?', '정말 그런가요. | 다음 회의는 언제일까? | 아직 모른다.'],
    ['cuts after !', '드디어 합의했다! | 모두 박수를 쳤다.'],
    ['keeps a quotation followed by 라고', '그는 “회의를 열었다. 다음에 또 만난다”라고 말했다. | 회의는 끝났다.'],
    ['keeps a quoted full sentence followed by 라고', '그는 “회의를 열었다.”라고 말했다.'],
    ['keeps a quotation followed by 고', '그는 “협의했다. 잘 될 것”이라고 했고 “기다려 달라”고 말했다.'],
    ['keeps a quotation followed by 며', '그는 “준비는 끝났다. 이제 시작이다”며 웃었다. | 다들 따라 웃었다.'],
    ['keeps a quotation followed by 면서', '그는 “어렵다. 그래도 한다”면서 자리를 떴다.'],
    ['keeps a quotation followed by 이라며', '그는 “첫걸음이다. 의미가 크다”이라며 말을 이었다.'],
    ['keeps a quotation followed by 하고', '그는 “됐다. 그만하자”하고 말했다.'],
    ['cuts inside a free-standing quotation', '“준비는 끝났다. | 이제 시작이다.” | 그는 이렇게 말했다.'],
    ['keeps dotted dates', '회의는 2018. 11. 1. 열렸다. | 다음 회의는 미정이다.'],
    ['keeps (U.S.) and other Latin abbreviations', '미국(U.S.) 대표와 Mr. Kim이 만났다. | 합의는 없었다.'],
    ['keeps decimals', '성장률은 2.7%로 지난해 2.5%보다 높다. | 수출은 3.1% 늘었다.'],
    ['keeps a note in brackets with its sentence', '그는 사진을 공개했다(사진). | 반응은 뜨거웠다.'],
    ['keeps a parenthetical with full stops', '회의(지난달 열렸다. 비공개였다)는 길었다. | 결과는 없었다.'],
    ['keeps an ellipsis as a pause', '그는… 잠시 말을 멈췄다. | 그리고 다시 말했다.'],
    ['cuts after a sentence ending in a closing quote', '그는 이를 ‘새 출발’이라고 불렀다. | 야당은 ‘말뿐’이라고 했다.'],
    ['keeps Latin acronyms inside a sentence', '백악관 국가안보회의(NSC)와 FFVD 논의가 이어졌다. | 비건 대표가 왔다.'],
  ]);
});

describe('segmentSentences on uncollapsed whitespace', () => {
  it('gives for any spacing what it gives for the collapsed text', () => {
    const palette = ['Mr.', 'Kim', 'said.', '그는', '말했다.', ' ', ' ', '  ', '\t', '\n', '\u00A0', '\u3000', '"', '?'];
    let seed = 11;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let i = 0; i < 2000; i++) {
      const text = Array.from({ length: Math.floor(random() * 10) }, () => palette[Math.floor(random() * palette.length)]!).join('');
      const collapsed = text.replace(/\s+/gu, ' ').trim();
      for (const lang of ['en', 'ko'] as const) assert.deepEqual(segmentSentences(text, lang), segmentSentences(collapsed, lang), JSON.stringify(text));
    }
  });
});
