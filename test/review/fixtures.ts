/** Hand-built review states and pairs (invented text), so review tests never depend on the aligner's output. */
import type { Db } from '../../db/open.ts';
import { insertPair, saveAlignment, type LinkInput } from '../../db/pairs.ts';
import type { ParagraphKind } from '../../server/model.ts';
import type { OpContext } from '../../server/review/ops.ts';
import { freshLink, type ReviewState } from '../../server/review/state.ts';
import { doc, openTestDb } from '../helpers.ts';

/** Splits on ". " so tests can predict sentences without the real segmenter. */
export const simpleSegment = (text: string): string[] =>
  text.split(/(?<=[.!?다])\s+/).map((s) => s.trim()).filter(Boolean);

/**
 * A context with a fixed clock and user, the simple segmenter, and a stand-in realigner: fixed
 * links stay; between two-sided ones the free paragraphs are paired 1:1 in order (confidence 0.5,
 * sentences as one link per row); one-sided and crossed fixed links go back at their place.
 */
export const CTX: OpContext = {
  user: 'tester', now: '2026-01-01T00:00:00.000Z', segment: simpleSegment,
  realign: (en, ko, fixed) => {
    type L = { en: number[]; ko: number[]; confidence: number; evidence: never[] };
    type Row = { p: L; s: L[] };
    const start = (side: typeof en, p: number) => side.paragraphs.slice(0, p).reduce((n, x) => n + x.sentences.length, 0);
    const sents = (side: typeof en, ps: number[]) => ps.flatMap((p) => side.paragraphs[p]!.sentences.map((_, i) => start(side, p) + i));
    const fixedRow = (f: (typeof fixed)[number]): Row => ({
      p: { ...f.paragraph, confidence: 1, evidence: [] }, s: f.sentences.map((x) => ({ ...x, confidence: 1, evidence: [] })),
    });
    const used = { en: new Set(fixed.flatMap((f) => f.paragraph.en)), ko: new Set(fixed.flatMap((f) => f.paragraph.ko)) };
    const anchors = fixed.filter((f) => f.paragraph.en.length && f.paragraph.ko.length && !f.crossed)
      .sort((a, b) => a.paragraph.en[0]! - b.paragraph.en[0]!);
    const loose = fixed.filter((f) => !anchors.includes(f));
    const out: Row[] = [];
    const stretch = (e0: number, e1: number, k0: number, k1: number) => {
      const fe: number[] = [];
      const fk: number[] = [];
      for (let p = e0; p < e1; p++) if (!used.en.has(p)) fe.push(p);
      for (let p = k0; p < k1; p++) if (!used.ko.has(p)) fk.push(p);
      const rows: Row[] = [];
      for (let i = 0; i < Math.max(fe.length, fk.length); i++) {
        const pe = i < fe.length ? [fe[i]!] : [];
        const pk = i < fk.length ? [fk[i]!] : [];
        rows.push({ p: { en: pe, ko: pk, confidence: 0.5, evidence: [] }, s: [{ en: sents(en, pe), ko: sents(ko, pk), confidence: 0.5, evidence: [] }] });
      }
      for (const f of loose) {
        const byEn = f.paragraph.en.length > 0;
        const x = byEn ? f.paragraph.en[0]! : f.paragraph.ko[0]!;
        if (byEn ? x < e0 || x >= e1 : x < k0 || x >= k1) continue;
        const at = rows.findIndex((r) => (byEn ? r.p.en.length > 0 && r.p.en[0]! > x : r.p.ko.length > 0 && r.p.ko[0]! > x));
        rows.splice(at < 0 ? rows.length : at, 0, fixedRow(f));
      }
      out.push(...rows);
    };
    let e = 0;
    let k = 0;
    for (const f of anchors) {
      stretch(e, f.paragraph.en[0]!, k, f.paragraph.ko[0]!);
      out.push(fixedRow(f));
      e = f.paragraph.en[f.paragraph.en.length - 1]! + 1;
      k = f.paragraph.ko[f.paragraph.ko.length - 1]! + 1;
    }
    stretch(e, en.paragraphs.length, k, ko.paragraphs.length);
    return { paragraphs: out.map((r) => r.p), sentences: out.flatMap((r) => r.s.filter((x) => x.en.length + x.ko.length > 0)) };
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
  const link = (l: { en: number[]; ko: number[]; confidence: number | null }): LinkInput =>
    ({ en: [l.en[0]!, l.en[l.en.length - 1]! + 1], ko: [l.ko[0]!, l.ko[l.ko.length - 1]! + 1], confidence: l.confidence });
  saveAlignment(db, id, {
    paragraphs: state.links.map(link),
    sentences: state.links.flatMap((l) => l.sentences).map((s) => link({ ...s, confidence: 0.95 })),
  });
  return id;
}

/** A fresh database holding the five-row pair, and that pair's id. */
export function fiveRowPairDb(): { db: Db; id: number } {
  const db = openTestDb();
  return { db, id: insertFiveRowPair(db) };
}
