import type { AlignmentInput, LinkInput } from '../../db/pairs.ts';
import type { AlignLink, AlignResult } from '../align/index.ts';
import { itemsSpan } from '../model.ts';

/**
 * Converts index-list links into half-open ranges. A one-sided link's empty side is placed at the
 * reading position (where the next item on that side starts), so ranges stay monotone.
 */
export function toLinkInputs(links: readonly AlignLink[], crossed: (l: AlignLink) => boolean = () => false): LinkInput[] {
  let enNext = 0;
  let koNext = 0;
  return links.map((l) => {
    const en = itemsSpan(l.en, enNext);
    const ko = itemsSpan(l.ko, koNext);
    const out = crossed(l);
    enNext = en[1];
    // a crossed link's Korean side is out of order: the reading position stays
    if (!out) koNext = ko[1];
    return { en, ko, status: 'auto', confidence: l.confidence, evidence: l.evidence, ...(out ? { crossed: true } : {}) };
  });
}

const NONE = { paragraphs: new Set<number>(), sentences: new Set<number>() };

/**
 * Aligner result → links to store. `crossedKo` holds the Korean paragraphs of crossed links (kept
 * fixed by the realigner); their links, and the sentence links inside them, are stored crossed.
 */
export function resultToAlignment(result: AlignResult, crossedKo: { paragraphs: ReadonlySet<number>; sentences: ReadonlySet<number> } = NONE): AlignmentInput {
  return {
    paragraphs: toLinkInputs(result.paragraphs, (l) => l.en.length > 0 && l.ko.some((p) => crossedKo.paragraphs.has(p))),
    sentences: toLinkInputs(result.sentences, (l) => l.ko.some((x) => crossedKo.sentences.has(x))),
  };
}
