import type { AlignmentInput, BeadInput, StoredDocument } from '../../db/pairs.ts';
import type { AlignLink, AlignResult, AlignSide } from '../align/index.ts';

/** The aligner's view of a stored document: paragraph kinds and sentences. */
export function toAlignSide(doc: Pick<StoredDocument, 'paragraphs'>): AlignSide {
  return { paragraphs: doc.paragraphs.map((p) => ({ kind: p.kind, sentences: p.sentences })) };
}

const span = (indices: readonly number[]): [number, number] =>
  indices.length === 0 ? [0, 0] : [Math.min(...indices), Math.max(...indices) + 1];

/**
 * Converts index-list links into half-open ranges. A one-sided link's empty side is placed at the
 * reading position (where the next item on that side starts), so ranges stay monotone.
 */
export function linksToBeads(links: readonly AlignLink[]): BeadInput[] {
  let enNext = 0;
  let koNext = 0;
  return links.map((l) => {
    const en = l.en.length ? span(l.en) : ([enNext, enNext] as [number, number]);
    const ko = l.ko.length ? span(l.ko) : ([koNext, koNext] as [number, number]);
    enNext = en[1];
    koNext = ko[1];
    return { en, ko, status: 'auto', confidence: l.confidence, evidence: l.evidence };
  });
}

/** Aligner result → rows to store. */
export function resultToAlignment(result: AlignResult): AlignmentInput {
  return { paragraphs: linksToBeads(result.paragraphs), sentences: linksToBeads(result.sentences) };
}
