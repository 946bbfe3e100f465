/**
 * Article updates (issue 19), the pure part: which paragraphs of the old text are still in the new
 * one, which links survive, and the alignment of the updated pair. No database.
 *
 * Paragraphs are matched by a Myers diff (the `diff` package's diffArrays, O(ND)) over their
 * normalised text: Unicode NFC, runs of white space as one space, trimmed. A paragraph is
 * "unchanged" when the diff keeps it; edited paragraphs come out as one removed and one added.
 */
import { diffArrays } from 'diff';
import { alignArticle, FixedLinkError, realignAround, toAlignSide, type AlignResult, type FixedLink } from '../align/index.ts';
import { linkKey, toFixedLink } from '../review/state.ts';
import { sentenceOwners, sentenceStarts, type Link, type Paragraph } from '../model.ts';

/** The review state a link carries. */
export type LinkState = Omit<Link, 'en' | 'ko'>;
export type OldLink = Link;
export interface OldParagraphLink extends OldLink { sentences: OldLink[] }

/** One link of the updated pair: index lists (article-wide sentence indices at sentence level) and state. */
export interface PlannedLink extends LinkState { en: number[]; ko: number[]; kept: boolean }

export interface UpdateCounts {
  /** Paragraph links carried over with their review state. */
  kept: number;
  /** Of those, confirmed by a reviewer. */
  keptConfirmed: number;
  /** Paragraph links aligned afresh between the kept ones. */
  realigned: number;
  /** Paragraphs of the new text that were not in the old one (added or edited), both sides. */
  new: number;
  /** Paragraphs of the old text that are not in the new one (deleted or edited), both sides. */
  removed: number;
  /** Old paragraph links that could not be kept (they touched a changed paragraph). */
  dropped: number;
  /** Old confirmed paragraph links among the dropped. */
  droppedConfirmed: number;
}

export interface UpdatePlan {
  paragraphs: PlannedLink[];
  sentences: PlannedLink[];
  counts: UpdateCounts;
  /** Texts of the new paragraphs in realigned links, per side: what the pair page marks until reviewed. */
  realignedTexts: { en: string[]; ko: string[] };
}

/** The text paragraphs are compared by. */
export const normaliseParagraph = (text: string): string => text.normalize('NFC').replace(/\s+/gu, ' ').trim();

/** For each old paragraph, the index of the same paragraph in the new text, or null when it is gone or edited. */
export function matchParagraphs(oldTexts: readonly string[], newTexts: readonly string[]): (number | null)[] {
  const map: (number | null)[] = new Array<number | null>(oldTexts.length).fill(null);
  let o = 0;
  let n = 0;
  for (const part of diffArrays(oldTexts.map(normaliseParagraph), newTexts.map(normaliseParagraph))) {
    const count = part.count ?? part.value.length;
    if (part.added) n += count;
    else if (part.removed) o += count;
    else for (let i = 0; i < count; i++) map[o++] = n++;
  }
  return map;
}

const consecutive = (xs: readonly number[]): boolean => xs.every((x, i) => i === 0 || x === xs[i - 1]! + 1);
// Same segmentation: a paragraph equal up to white space must still split into the same sentences.
const sameSentences = (a: Paragraph, b: Paragraph): boolean =>
  a.sentences.length === b.sentences.length && a.sentences.every((s, i) => normaliseParagraph(s) === normaliseParagraph(b.sentences[i]!));

interface Side {
  old: readonly Paragraph[];
  next: readonly Paragraph[];
  /** New index of each old paragraph (null: changed or gone). */
  map: (number | null)[];
  /** New article-wide index of an old sentence whose paragraph is kept. */
  moveSentence: (s: number) => number;
}

/** One side of the update, with its sentence mover built once for all links. */
function sideOf(old: readonly Paragraph[], next: readonly Paragraph[]): Side {
  const map = matchParagraphs(old.map((p) => p.text), next.map((p) => p.text));
  const oldOwner = sentenceOwners({ paragraphs: old });
  const oldStart = sentenceStarts({ paragraphs: old });
  const newStart = sentenceStarts({ paragraphs: next });
  return { old, next, map, moveSentence: (s) => newStart[map[oldOwner[s]!]!]! + (s - oldStart[oldOwner[s]!]!) };
}

/**
 * Moves one old link onto the new text, or null when any of its paragraphs changed (or its
 * paragraphs are no longer side by side, or segment differently now), or when it is an unreviewed
 * one-sided link.
 */
function carry(link: OldParagraphLink, en: Side, ko: Side): { paragraph: OldParagraphLink; sentences: OldLink[] } | null {
  // An unreviewed one-sided link only says "no partner found yet": the new text may bring the partner.
  if (link.status === 'auto' && (link.en.length === 0 || link.ko.length === 0)) return null;
  const move = (idx: readonly number[], side: Side): number[] | null => {
    const out: number[] = [];
    for (const i of idx) {
      const j = side.map[i];
      if (j === null || j === undefined || !sameSentences(side.old[i]!, side.next[j]!)) return null;
      out.push(j);
    }
    return consecutive(out) ? out : null;
  };
  const pEn = move(link.en, en);
  const pKo = move(link.ko, ko);
  if (!pEn || !pKo) return null;
  return {
    paragraph: { ...link, en: pEn, ko: pKo },
    sentences: link.sentences.map((s) => ({ ...s, en: s.en.map(en.moveSentence), ko: s.ko.map(ko.moveSentence) })),
  };
}


/**
 * Plans the update of a pair from old to new paragraphs (either side may be unchanged): links over
 * unchanged paragraphs keep their state and act as fixed points; the stretches between them are
 * aligned again. If the kept links cannot all be fixed (they cross after a reordering), only the
 * confirmed ones are, and failing that the pair is aligned afresh: no state is invented.
 */
export function planUpdate(
  oldEn: readonly Paragraph[], oldKo: readonly Paragraph[], newEn: readonly Paragraph[], newKo: readonly Paragraph[],
  links: readonly OldParagraphLink[],
): UpdatePlan {
  const en = sideOf(oldEn, newEn);
  const ko = sideOf(oldKo, newKo);
  const carried = links.map((l) => carry(l, en, ko));
  const kept = carried.filter((c): c is NonNullable<typeof c> => c !== null);
  const { result, used } = alignKeeping(newEn, newKo, kept);
  const paragraphs = planLinks(result.paragraphs, new Map(used.map((c) => [linkKey(c.paragraph), c.paragraph])));
  const sentences = planLinks(result.sentences, new Map(used.flatMap((c) => c.sentences).map((s) => [linkKey(s), s])));
  const keptLinks = paragraphs.filter((p) => p.kept);
  const usedSet = new Set(used);
  const droppedLinks = links.filter((_, i) => !usedSet.has(carried[i]!));
  const realignedLinks = paragraphs.filter((p) => !p.kept);
  const newIndices = (s: Side) => { const mapped = new Set(s.map); return s.next.map((_, j) => j).filter((j) => !mapped.has(j)); };
  return {
    paragraphs, sentences,
    counts: {
      kept: keptLinks.length,
      keptConfirmed: keptLinks.filter((p) => p.status === 'confirmed').length,
      realigned: realignedLinks.length,
      new: newIndices(en).length + newIndices(ko).length,
      removed: en.map.filter((j) => j === null).length + ko.map.filter((j) => j === null).length,
      dropped: droppedLinks.length,
      droppedConfirmed: droppedLinks.filter((l) => l.status === 'confirmed').length,
    },
    realignedTexts: {
      en: [...new Set(realignedLinks.flatMap((l) => l.en.map((i) => normaliseParagraph(newEn[i]!.text))))],
      ko: [...new Set(realignedLinks.flatMap((l) => l.ko.map((i) => normaliseParagraph(newKo[i]!.text))))],
    },
  };
}

type Carried = NonNullable<ReturnType<typeof carry>>;

/**
 * Aligns the new text around the kept links; if they cannot all be fixed (they cross), around the
 * confirmed ones only, and failing that afresh. Returns the result and the links it kept.
 */
function alignKeeping(newEn: readonly Paragraph[], newKo: readonly Paragraph[], kept: Carried[]): { result: AlignResult; used: Carried[] } {
  // without their crossed mark: a kept link that crosses makes realignAround refuse, and the fallbacks below apply
  const fixedOf = (ls: Carried[]): FixedLink[] => ls.map((c) => toFixedLink({ en: c.paragraph.en, ko: c.paragraph.ko, sentences: c.sentences }));
  for (const candidate of [kept, kept.filter((c) => c.paragraph.status === 'confirmed')]) {
    try {
      if (candidate.length) return { result: realignAround(toAlignSide({ paragraphs: newEn }), toAlignSide({ paragraphs: newKo }), fixedOf(candidate)), used: candidate };
      return { result: alignArticle(toAlignSide({ paragraphs: newEn }), toAlignSide({ paragraphs: newKo })), used: candidate };
    } catch (e) {
      if (!(e instanceof FixedLinkError)) throw e;
    }
  }
  return { result: alignArticle(toAlignSide({ paragraphs: newEn }), toAlignSide({ paragraphs: newKo })), used: [] };
}

/** The new links with their state: a link equal to a kept one takes its review state, any other starts as auto. */
function planLinks(links: AlignResult['paragraphs'], states: Map<string, OldLink>): PlannedLink[] {
  return links.map((l) => {
    const old = states.get(linkKey(l));
    return old
      ? { en: [...l.en], ko: [...l.ko], status: old.status, confidence: old.confidence, evidence: old.evidence, confirmedBy: old.confirmedBy, confirmedAt: old.confirmedAt, kept: true }
      : { en: [...l.en], ko: [...l.ko], status: 'auto', confidence: l.confidence, evidence: l.evidence, confirmedBy: null, confirmedAt: null, kept: false };
  });
}
