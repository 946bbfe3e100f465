import type { ParagraphKind } from '../model.ts';
import type { AlignSide } from './types.ts';

/** The aligner's view of a document: each paragraph's kind and sentences (the same arrays, not copies). */
export function toAlignSide(doc: { paragraphs: readonly { kind: ParagraphKind; sentences: string[] }[] }): AlignSide {
  return { paragraphs: doc.paragraphs.map((p) => ({ kind: p.kind, sentences: p.sentences })) };
}
