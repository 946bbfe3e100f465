/** Hand-built review states and pairs (invented text), so review tests never depend on the aligner's output. */
import type { Db } from '../../db/open.ts';
import { insertPair, saveAlignment, type BeadInput } from '../../db/pairs.ts';
import type { ParagraphKind } from '../../server/model.ts';
import type { OpContext } from '../../server/review/ops.ts';
import { freshLink, type ReviewState } from '../../server/review/state.ts';
import { doc } from '../helpers.ts';

/** Splits on ". " so tests can predict sentences without the real segmenter. */
export const simpleSegment = (text: string): string[] =>
  text.split(/(?<=[.!?다])\s+/).map((s) => s.trim()).filter(Boolean);

/** A context with a fixed clock and user, the simple segmenter, and a realigner that pairs the rest 1:1. */
export const CTX: OpContext = {
  user: 'tester', now: '2026-01-01T00:00:00.000Z', segment: simpleSegment,
  realign: (en, ko, fixed) => {
    const paragraphs = fixed.map((f) => ({ ...f.paragraph, confidence: 1, evidence: [] }));
    const sentences = fixed.flatMap((f) => f.sentences.map((s) => ({ ...s, confidence: 1, evidence: [] })));
    let e = fixed.reduce((n, f) => n + f.paragraph.en.length, 0);
    let k = fixed.reduce((n, f) => n + f.paragraph.ko.length, 0);
    const start = (side: typeof en, p: number) => side.paragraphs.slice(0, p).reduce((n, x) => n + x.sentences.length, 0);
    while (e < en.paragraphs.length || k < ko.paragraphs.length) {
      const pe = e < en.paragraphs.length ? [e] : [];
      const pk = k < ko.paragraphs.length ? [k] : [];
      paragraphs.push({ en: pe, ko: pk, confidence: 0.5, evidence: [] });
      const se = pe.flatMap((p) => en.paragraphs[p]!.sentences.map((_, i) => start(en, p) + i));
      const sk = pk.flatMap((p) => ko.paragraphs[p]!.sentences.map((_, i) => start(ko, p) + i));
      sentences.push({ en: se, ko: sk, confidence: 0.5, evidence: [] });
      if (pe.length) e++;
      if (pk.length) k++;
    }
    return { paragraphs, sentences };
  },
};

const EN_PARAGRAPHS: [ParagraphKind, ...string[]][] = [
  ['title', 'Harbour town opens a floating library'],
  ['body', 'The town of Mokpo-ri opened a library on a boat on Friday.', 'It holds 4,000 books.'],
  ['body', 'Children can borrow five books at a time.'],
  ['body', 'The boat cost 120 million won.', 'It was built in Busan.'],
  ['body', 'Mayor Han Ji-woo said more boats would follow.'],
];
const KO_PARAGRAPHS: [ParagraphKind, ...string[]][] = [
  ['title', '항구 마을에 떠다니는 도서관 문 열다'],
  ['body', '목포리는 금요일 배 위의 도서관을 열었다.', '책 4000권을 갖췄다.'],
  ['body', '어린이는 한 번에 다섯 권을 빌릴 수 있다.'],
  ['body', '배는 1억2000만원이 들었다.', '부산에서 만들었다.'],
  ['body', '한지우 군수는 배를 더 띄우겠다고 말했다.'],
];

/** 5 English and 5 Korean paragraphs aligned 1:1, each row's sentences 1:1. */
export function fiveRowState(): ReviewState {
  const en = { paragraphs: EN_PARAGRAPHS.map(([kind, ...s]) => ({ kind, text: s.join(' '), sentences: s })) };
  const ko = { paragraphs: KO_PARAGRAPHS.map(([kind, ...s]) => ({ kind, text: s.join(' '), sentences: s })) };
  let e = 0;
  const links = en.paragraphs.map((p, i) => {
    const sentences = p.sentences.map(() => { const l = freshLink([e], [e]); e++; return l; });
    return { ...freshLink([i], [i]), confidence: 0.9 - i * 0.1, sentences };
  });
  return { en, ko, links };
}

/** The same article as a stored, aligned pair (status 'aligned', version 2). */
export function insertFiveRowPair(db: Db, suffix = ''): number {
  const tag = (ps: [ParagraphKind, ...string[]][]) => ps.map(([k, ...s], i): [ParagraphKind, ...string[]] => (i === 0 ? [k, ...s.map((x) => x + suffix)] : [k, ...s]));
  const id = insertPair(db, doc('en', tag(EN_PARAGRAPHS)), doc('ko', tag(KO_PARAGRAPHS)));
  const state = fiveRowState();
  const bead = (l: { en: number[]; ko: number[]; confidence: number | null }): BeadInput =>
    ({ en: [l.en[0]!, l.en[l.en.length - 1]! + 1], ko: [l.ko[0]!, l.ko[l.ko.length - 1]! + 1], confidence: l.confidence });
  saveAlignment(db, id, {
    paragraphs: state.links.map(bead),
    sentences: state.links.flatMap((l) => l.sentences).map((s) => bead({ ...s, confidence: 0.95 })),
  });
  return id;
}
