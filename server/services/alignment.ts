import type { Db } from '../../db/open.ts';
import { getPair, saveAlignment, type AlignmentInput, type BeadInput, type PairDetail } from '../../db/pairs.ts';
import { alignArticle, realignAround, type AlignLink, type AlignResult, type AlignSide } from '../align/index.ts';
import type { StoredDocument } from '../../db/pairs.ts';

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
export function linksToBeads(links: readonly AlignLink[], crossed: (l: AlignLink) => boolean = () => false): BeadInput[] {
  let enNext = 0;
  let koNext = 0;
  return links.map((l) => {
    const en = l.en.length ? span(l.en) : ([enNext, enNext] as [number, number]);
    const ko = l.ko.length ? span(l.ko) : ([koNext, koNext] as [number, number]);
    const out = crossed(l);
    enNext = en[1];
    // a crossed link's Korean side is out of order: the reading position stays
    if (!out) koNext = ko[1];
    return { en, ko, status: 'auto', confidence: l.confidence, evidence: l.evidence, ...(out ? { crossed: true } : {}) };
  });
}

/**
 * Aligner result → rows to store. `crossedKo` holds the Korean paragraphs of crossed links (kept
 * fixed by the realigner); their links, and the sentence links inside them, are stored crossed.
 */
export function resultToAlignment(result: AlignResult, crossedKo: { paragraphs: ReadonlySet<number>; sentences: ReadonlySet<number> } = NONE): AlignmentInput {
  return {
    paragraphs: linksToBeads(result.paragraphs, (l) => l.en.length > 0 && l.ko.some((p) => crossedKo.paragraphs.has(p))),
    sentences: linksToBeads(result.sentences, (l) => l.ko.some((x) => crossedKo.sentences.has(x))),
  };
}
const NONE = { paragraphs: new Set<number>(), sentences: new Set<number>() };

/**
 * Aligns one stored pair. Links a reviewer confirmed are kept exactly as they are (with who and
 * when); only the stretches between them are recomputed.
 */
export function alignPair(db: Db, pairId: number, user = 'system'): PairDetail {
  const pair = getPair(db, pairId);
  if (!pair) throw new Error(`pair ${pairId} does not exist`);
  const en = toAlignSide(pair.en);
  const ko = toAlignSide(pair.ko);
  // confirmed links, and crossed links (a moved paragraph, linked by hand), stay where they are
  const kept = pair.links.filter((l) => l.status === 'confirmed' || l.crossed === true);
  const result = kept.length === 0
    ? alignArticle(en, ko)
    : realignAround(en, ko, kept.map((l) => ({
      paragraph: { en: l.en, ko: l.ko },
      sentences: l.sentences.map((s) => ({ en: s.en, ko: s.ko })),
      ...(l.crossed ? { crossed: true } : {}),
    })));
  const crossedRows = pair.links.filter((l) => l.crossed === true);
  const alignment = resultToAlignment(result, {
    paragraphs: new Set(crossedRows.flatMap((l) => l.ko)),
    sentences: new Set(crossedRows.flatMap((l) => l.sentences.flatMap((s) => s.ko))),
  });
  keepConfirmed(alignment.paragraphs, pair.links);
  keepConfirmed(alignment.sentences, pair.links.flatMap((l) => l.sentences));
  saveAlignment(db, pairId, alignment, user);
  return getPair(db, pairId)!;
}

/** Copies review state from the previous links onto new beads that cover exactly the same items. */
function keepConfirmed(beads: BeadInput[], previous: readonly { en: number[]; ko: number[]; status: string; confirmedBy: string | null; confirmedAt: string | null; confidence: number | null; evidence: unknown[] }[]): void {
  const key = (en: readonly number[], ko: readonly number[]) => `${en.join(',')}|${ko.join(',')}`;
  const confirmed = new Map(previous.filter((l) => l.status === 'confirmed').map((l) => [key(l.en, l.ko), l]));
  for (const b of beads) {
    const en = Array.from({ length: b.en[1] - b.en[0] }, (_, i) => b.en[0] + i);
    const ko = Array.from({ length: b.ko[1] - b.ko[0] }, (_, i) => b.ko[0] + i);
    const old = confirmed.get(key(en, ko));
    if (old) Object.assign(b, { status: 'confirmed', confirmedBy: old.confirmedBy, confirmedAt: old.confirmedAt });
  }
}
