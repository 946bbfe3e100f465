/**
 * The hand-built corpus every export test uses: invented texts with the characters exports get
 * wrong (<, &, ", tab, newline, backslash, a C0 control, U+2028, emoji, Hangul), n:m, one-sided and
 * rejected links. Built through db/pairs.ts only, so it does not depend on the aligner.
 */
import type { Db } from '../../db/open.ts';
import { insertPair, saveAlignment, type LinkInput, type DocumentInput } from '../../db/pairs.ts';
import type { LinkStatus, Lang, ParagraphKind } from '../../server/model.ts';

const CONFIRMED_AT = '2024-03-14T09:30:00.000Z';

function side(lang: Lang, meta: { url: string; section: string; published: string; title: string }, paragraphs: [ParagraphKind, ...string[]][]): DocumentInput {
  return {
    lang, format: 'text', raw: paragraphs.map(([, ...s]) => s.join(' ')).join('\n\n'),
    meta: {
      title: meta.title, subtitles: [], section: meta.section, published: meta.published, modified: null,
      authors: [{ name: lang === 'en' ? 'Lee Han-sol' : '이한솔', role: lang === 'en' ? 'staff reporter' : '기자' }], url: meta.url,
    },
    paragraphs: paragraphs.map(([kind, ...sentences]) => ({ kind, text: sentences.join(' '), sentences })),
  };
}

const link = (en: [number, number], ko: [number, number], status: LinkStatus, confidence: number | null, by?: string): LinkInput => ({
  en, ko, status, confidence, evidence: confidence === null ? [] : [{ type: 'length', en: en[1] - en[0], ko: ko[1] - ko[0] }],
  confirmedBy: by ?? null, confirmedAt: by ? CONFIRMED_AT : null,
});

/** Pair 1: the tricky one (section National/사회, 2024-03-12). */
export const BUS_EN = side('en', {
  url: 'https://en.example.org/news/1?lang=en&id=7', section: 'National', published: '2024-03-12T16:21:00+09:00',
  title: 'Seoul adds <night> buses & "owl" routes',
}, [
  ['title', 'Seoul adds <night> buses & "owl" routes'],
  ['body', 'The city will run four routes from May 2.', 'Fares rise\tto 2,500 won.'],
  ['body', 'Drivers\u0001 asked for breaks 🚌.', 'Line one\nstarts at Jongno\u2028station.'],
  ['byline', 'By Lee Han-sol \\ staff'],
]);
export const BUS_KO = side('ko', {
  url: 'https://ko.example.org/news/1', section: '사회', published: '2024-03-12T09:00:00+09:00',
  title: '서울시, 심야 <올빼미> 버스 & 노선 추가',
}, [
  ['title', '서울시, 심야 <올빼미> 버스 & 노선 추가'],
  ['body', '시는 5월 2일부터 4개 노선을 운행한다.', '요금은 2500원이다.'],
  ['body', '운전기사들은 휴식을 요구했다 🚌.', '1번 노선은', '종로에서 출발한다.'],
  ['body', '시 관계자는 "예산은 충분하다"고 말했다.'],
  ['byline', '이한솔 기자'],
]);

/** Pair 2: plain 1:1 (section Economy/경제, 2024-04-02). */
export const CHIP_EN = side('en', {
  url: 'https://en.example.org/news/2', section: 'Economy', published: '2024-04-02T08:00:00+09:00', title: 'Chip exports hit a record',
}, [['title', 'Chip exports hit a record'], ['body', 'Exports rose 12% in March.', 'Officials expect growth.']]);
export const CHIP_KO = side('ko', {
  url: 'https://ko.example.org/news/2', section: '경제', published: '2024-04-02T06:00:00+09:00', title: '반도체 수출 사상 최대',
}, [['title', '반도체 수출 사상 최대'], ['body', '3월 수출이 12% 늘었다.', '정부는 성장을 기대한다.']]);

/** Pair 3: stored but never aligned (no links: in no export). */
export const FARM_EN = side('en', {
  url: 'https://en.example.org/news/3', section: 'National', published: '2024-03-20T10:00:00+09:00', title: 'Farmers wait for rain',
}, [['title', 'Farmers wait for rain'], ['body', 'The drought enters its third week.']]);
export const FARM_KO = side('ko', {
  url: 'https://ko.example.org/news/3', section: '사회', published: '2024-03-20T09:00:00+09:00', title: '농민들 비 기다려',
}, [['title', '농민들 비 기다려'], ['body', '가뭄이 3주째 이어지고 있다.']]);

/** Builds the three pairs (ids 1, 2, 3) in `db`. */
export function buildExportCorpus(db: Db): void {
  const bus = insertPair(db, BUS_EN, BUS_KO);
  saveAlignment(db, bus, {
    paragraphs: [
      link([0, 1], [0, 1], 'confirmed', 0.98, 'lee'),
      link([1, 2], [1, 2], 'auto', 0.91),
      link([2, 3], [2, 3], 'auto', 0.55),
      link([3, 3], [3, 4], 'auto', 0.2),
      link([3, 4], [4, 5], 'confirmed', null, 'kim'),
    ],
    sentences: [
      link([0, 1], [0, 1], 'confirmed', 0.97, 'lee'),
      link([1, 2], [1, 2], 'auto', 0.88),
      link([2, 3], [2, 3], 'rejected', 0.4, 'lee'),
      link([3, 4], [3, 4], 'auto', 0.66),
      link([4, 5], [4, 6], 'auto', 0.75),
      link([5, 5], [6, 7], 'auto', 0.1),
      link([5, 6], [7, 8], 'confirmed', null, 'kim'),
    ],
  });
  insertPair(db, CHIP_EN, CHIP_KO, {
    paragraphs: [link([0, 1], [0, 1], 'confirmed', 0.99, 'lee'), link([1, 2], [1, 2], 'confirmed', 0.93, 'lee')],
    sentences: [link([0, 1], [0, 1], 'confirmed', 0.99, 'lee'), link([1, 2], [1, 2], 'auto', 0.93), link([2, 3], [2, 3], 'auto', 0.91)],
  });
  insertPair(db, FARM_EN, FARM_KO);
}
