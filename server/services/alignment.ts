import type { AlignmentInput, LinkInput } from '../../db/pairs.ts';
import type { AlignLink, AlignResult } from '../align/index.ts';
import { toLinkInputs } from '../model.ts';

/** The aligner's links as links to store: automatic, with the aligner's score and evidence. */
function alignerLinkInputs(links: readonly AlignLink[], crossed: (l: AlignLink) => boolean): LinkInput[] {
  return toLinkInputs(links.map((l) => ({
    en: l.en, ko: l.ko, status: 'auto', confidence: l.confidence, evidence: l.evidence, confirmedBy: null, confirmedAt: null,
    ...(crossed(l) ? { crossed: true } : {}),
  })));
}

const NONE = { paragraphs: new Set<number>(), sentences: new Set<number>() };

/**
 * Aligner result → links to store. `crossedKo` holds the Korean paragraphs of crossed links (kept
 * fixed by the realigner); their links, and the sentence links inside them, are stored crossed.
 */
export function resultToAlignment(result: AlignResult, crossedKo: { paragraphs: ReadonlySet<number>; sentences: ReadonlySet<number> } = NONE): AlignmentInput {
  return {
    paragraphs: alignerLinkInputs(result.paragraphs, (l) => l.en.length > 0 && l.ko.some((p) => crossedKo.paragraphs.has(p))),
    sentences: alignerLinkInputs(result.sentences, (l) => l.ko.some((x) => crossedKo.sentences.has(x))),
  };
}
