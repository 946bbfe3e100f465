import type { PairDetail, StoredDocument } from '../../db/pairs.ts';
import type { ParagraphKind } from '../model.ts';

export interface RowParagraph { index: number; kind: ParagraphKind; text: string }
export interface PairRow {
  index: number;
  en: RowParagraph[];
  ko: RowParagraph[];
  type: string;
  status: string;
  confidence: number | null;
}

const pick = (doc: StoredDocument, indices: number[]): RowParagraph[] =>
  indices.map((i) => ({ index: i, kind: doc.paragraphs[i]!.kind, text: doc.paragraphs[i]!.text }));

/** View model of the side-by-side page: one row per paragraph link, or per paragraph before alignment. */
export function pairPageModel(pair: PairDetail) {
  let rows: PairRow[];
  if (pair.links.length > 0) {
    rows = pair.links.map((l, index) => ({
      index, en: pick(pair.en, l.en), ko: pick(pair.ko, l.ko), type: `${l.en.length}:${l.ko.length}`,
      status: l.status, confidence: l.confidence,
    }));
  } else {
    const n = Math.max(pair.en.paragraphs.length, pair.ko.paragraphs.length);
    rows = Array.from({ length: n }, (_, i) => ({
      index: i,
      en: i < pair.en.paragraphs.length ? pick(pair.en, [i]) : [],
      ko: i < pair.ko.paragraphs.length ? pick(pair.ko, [i]) : [],
      type: 'unaligned', status: 'auto', confidence: null,
    }));
  }
  return { title: pair.en.meta.title ?? pair.ko.meta.title ?? `Pair ${pair.id}`, pair, rows };
}
