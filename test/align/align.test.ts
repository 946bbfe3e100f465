import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { alignArticle, alignSentences, realignAround, type AlignSide } from '../../server/align/index.ts';
import { S, KO_ONLY, EN_ONLY, SPLIT, MERGE, THREE } from '../fixtures/align/texts.ts';
import { checkResult, checkLevel, shape, side } from './helpers.ts';

const E = (k: keyof typeof S) => S[k].en;
const K = (k: keyof typeof S) => S[k].ko;

describe('alignSentences: link types', () => {
  const cases: { name: string; en: string[]; ko: string[]; want: string }[] = [
    { name: '1:1 throughout', en: [E('rate'), E('governor'), E('exports'), E('won')], ko: [K('rate'), K('governor'), K('exports'), K('won')], want: '1-1 1-1 1-1 1-1' },
    { name: '1:2 (a Korean sentence split in two)', en: [E('rate'), SPLIT.en, E('won')], ko: [K('rate'), ...SPLIT.ko, K('won')], want: '1-1 1-2 1-1' },
    { name: '2:1 (an English sentence split in two)', en: [E('rate'), ...MERGE.en, E('won')], ko: [K('rate'), MERGE.ko, K('won')], want: '1-1 2-1 1-1' },
    { name: '1:3', en: [E('rate'), THREE.en, E('won')], ko: [K('rate'), ...THREE.ko, K('won')], want: '1-1 1-3 1-1' },
    { name: '3:1', en: [E('rate'), ...THREE.ko.map((_, t) => ['Seoul reported 410 new cases.', 'Busan confirmed 250.', 'Daegu had 95.'][t]!), E('won')], ko: [K('rate'), '서울 410명, 부산 250명, 대구 95명의 신규 환자가 나왔다.', K('won')], want: '1-1 3-1 1-1' },
    { name: '0:1 (Korean-only sentence in the middle)', en: [E('rate'), E('exports'), E('won')], ko: [K('rate'), K('exports'), KO_ONLY.kospi, K('won')], want: '1-1 1-1 0-1 1-1' },
    { name: '0:1 at the start', en: [E('governor'), E('exports')], ko: [KO_ONLY.weather, K('governor'), K('exports')], want: '0-1 1-1 1-1' },
    { name: '0:1 at the end', en: [E('governor'), E('exports')], ko: [K('governor'), K('exports'), KO_ONLY.kospi], want: '1-1 1-1 0-1' },
    { name: '1:0 (English-only sentence)', en: [E('rate'), EN_ONLY.context, E('governor')], ko: [K('rate'), K('governor')], want: '1-1 1-0 1-1' },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const links = alignSentences(c.en, c.ko);
      checkLevel(links, c.en.length, c.ko.length, c.name);
      assert.equal(shape(links), c.want);
    });
  }
  it('handles empty sides with one-sided links', () => {
    assert.equal(shape(alignSentences([], [K('rate'), K('won')])), '0-1 0-1');
    assert.equal(shape(alignSentences([E('rate')], [])), '1-0');
    assert.deepEqual(alignSentences([], []), []);
  });
});

describe('alignArticle: paragraph link types', () => {
  const cases: { name: string; en: AlignSide; ko: AlignSide; want: string }[] = [
    { name: '1:1 paragraphs', en: side([E('rate'), E('governor')], [E('exports'), E('chips')], [E('won')]), ko: side([K('rate'), K('governor')], [K('exports'), K('chips')], [K('won')]), want: '1-1 1-1 1-1' },
    { name: '2:1 (English splits a Korean paragraph)', en: side([E('rate')], [E('governor')], [E('exports')]), ko: side([K('rate'), K('governor')], [K('exports')]), want: '2-1 1-1' },
    { name: '1:2 (English merges two Korean paragraphs)', en: side([E('rate'), E('governor')], [E('exports')]), ko: side([K('rate')], [K('governor')], [K('exports')]), want: '1-2 1-1' },
    { name: '0:1 (Korean-only paragraph)', en: side([E('rate')], [E('exports')]), ko: side([K('rate')], [KO_ONLY.kospi, KO_ONLY.weather], [K('exports')]), want: '1-1 0-1 1-1' },
    { name: '1:0 (English-only paragraph)', en: side([E('imf')], [EN_ONLY.context], [E('budget')]), ko: side([K('imf')], [K('budget')]), want: '1-1 1-0 1-1' },
    { name: '2:2 (a sentence moved across the paragraph break)', en: side([E('rate')], [E('governor'), E('exports')]), ko: side([K('rate'), K('governor')], [K('exports')]), want: '2-2' },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const r = alignArticle(c.en, c.ko);
      checkResult(r, c.en, c.ko);
      assert.equal(shape(r.paragraphs), c.want);
    });
  }
});

describe('alignArticle: anchors and evidence', () => {
  it('aligns by numbers written differently (3.5% ↔ 3.5 percent, 640조원 ↔ 640 trillion won)', () => {
    const r = alignArticle(side([E('budget')], [E('rate')]), side([K('rate')], [K('budget')]));
    // Crossing translations cannot both be linked; the evidence of what is linked must be numbers.
    checkResult(r, side([E('budget')], [E('rate')]), side([K('rate')], [K('budget')]));
    const ev = alignArticle(side([E('budget')]), side([K('budget')])).paragraphs[0]!.evidence;
    assert.ok(ev.some((e) => e.type === 'number' && e.en === '640 trillion' && e.ko === '640조'), JSON.stringify(ev));
  });
  it('reports name and Latin evidence with the substrings as written', () => {
    const links = alignSentences([E('biegun'), E('imf')], [K('biegun'), K('imf')]);
    const ev = links.flatMap((l) => l.evidence);
    assert.ok(ev.some((e) => e.type === 'name' && e.en.includes('Biegun') && e.ko.includes('비건')), JSON.stringify(ev));
    assert.ok(ev.some((e) => e.type === 'latin' && e.en === 'IMF' && e.ko === 'IMF'));
    assert.ok(ev.some((e) => e.type === 'month' && e.en === 'Oct' && e.ko === '10월'));
    for (const l of links) {
      for (const e of l.evidence) {
        assert.ok([...l.en].some((i) => [E('biegun'), E('imf')][i]!.includes(e.en)), `${e.en} not in the English text`);
        assert.ok([...l.ko].some((j) => [K('biegun'), K('imf')][j]!.includes(e.ko)), `${e.ko} not in the Korean text`);
      }
    }
  });
  it('matches Korean names with their romanised spelling, surnames included (이 Lee, 임 Lim, 정 Chung)', () => {
    const links = alignSentences(
      ['Lee Do-hoon will lead the delegation.', 'Lim Jong-seok met the envoy.', 'Chung Eui-yong spoke last.'],
      ['이도훈 본부장이 대표단을 이끈다.', '임종석 실장이 특사를 만났다.', '정의용 실장이 마지막으로 발언했다.']);
    assert.equal(shape(links), '1-1 1-1 1-1');
    const names = links.flatMap((l) => l.evidence.filter((e) => e.type === 'name').map((e) => `${e.en}/${e.ko}`));
    assert.ok(names.includes('Lee Do-hoon/이도훈') || names.includes('Do-hoon/이도훈'), names.join(' '));
    assert.ok(names.includes('Lim Jong-seok/임종석'), names.join(' '));
    assert.ok(names.includes('Chung Eui-yong/정의용') || names.includes('Chung/정의용'), names.join(' '));
  });
  it('matches titles with titles when paragraph kinds are given', () => {
    const en: AlignSide = { paragraphs: [{ kind: 'title', sentences: ['Bank raises rates'] }, { kind: 'body', sentences: [E('rate')] }] };
    const ko: AlignSide = { paragraphs: [{ kind: 'title', sentences: ['한은, 금리 인상'] }, { kind: 'body', sentences: [K('rate')] }] };
    const r = alignArticle(en, ko);
    checkResult(r, en, ko);
    assert.equal(shape(r.paragraphs), '1-1 1-1');
    assert.ok(r.paragraphs[0]!.evidence.some((e) => e.type === 'kind'));
  });
});

describe('alignArticle: determinism and confidence', () => {
  const en = side([E('rate'), E('governor')], [E('exports'), E('chips')], [EN_ONLY.context], [E('won'), E('imf')]);
  const ko = side([K('rate')], [K('governor'), K('exports'), K('chips')], [KO_ONLY.kospi], [K('won'), K('imf')]);
  it('returns the same result for the same input', () => {
    assert.deepEqual(alignArticle(en, ko), alignArticle(en, ko));
    assert.equal(JSON.stringify(alignArticle(en, ko)), JSON.stringify(alignArticle(structuredClone(en), structuredClone(ko))));
  });
  it('gives confident links where the anchors agree', () => {
    const r = alignArticle(side([E('rate')], [E('exports')], [E('won')]), side([K('rate')], [K('exports')], [K('won')]));
    assert.ok(r.paragraphs.every((l) => l.confidence > 0.8), JSON.stringify(r.paragraphs.map((l) => l.confidence)));
  });
});

describe('realignAround', () => {
  const en = side([E('rate')], [E('governor')], [E('exports')], [E('won')]);
  const ko = side([K('rate')], [K('governor')], [KO_ONLY.kospi], [K('exports')], [K('won')]);
  it('keeps fixed links unchanged and realigns the stretches between them', () => {
    const fixed = [{ paragraph: { en: [1], ko: [1] }, sentences: [{ en: [1], ko: [1] }] }, { paragraph: { en: [], ko: [2] }, sentences: [{ en: [], ko: [2] }] }];
    const r = realignAround(en, ko, fixed);
    checkResult(r, en, ko);
    assert.deepEqual(r.paragraphs.map((l) => [l.en, l.ko]), [[[0], [0]], [[1], [1]], [[], [2]], [[2], [3]], [[3], [4]]]);
    assert.equal(r.paragraphs[1]!.confidence, 1);
  });
  it('respects a fixed link that the aligner would not choose', () => {
    const fixed = [{ paragraph: { en: [0, 1], ko: [0] }, sentences: [{ en: [0, 1], ko: [0] }] }];
    const r = realignAround(en, ko, fixed);
    checkResult(r, en, ko);
    assert.deepEqual([r.paragraphs[0]!.en, r.paragraphs[0]!.ko], [[0, 1], [0]]);
  });
  it('rejects fixed links that reuse a paragraph', () => {
    assert.throws(() => realignAround(en, ko, [
      { paragraph: { en: [0], ko: [0] }, sentences: [] }, { paragraph: { en: [0], ko: [1] }, sentences: [] }]), /repeated/);
  });
});
