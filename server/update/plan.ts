/**
 * Article updates (issue 19), the pure part: which paragraphs of the old text are still in the new
 * one, which links survive, and the alignment of the updated pair. No database.
 *
 * Paragraphs are matched by a Myers diff (the `diff` package's diffArrays, O(ND)) over their
 * normalised text: Unicode NFC, runs of white space as one space, trimmed. A paragraph is
 * "unchanged" when the diff keeps it; edited paragraphs come out as one removed and one added.
 */
import { diffArrays } from 'diff';
import { alignArticle, FixedLinkError, realignAround, type AlignResult, type AlignSide, type FixedLink } from '../align/index.ts';
import { toFixedLink } from '../review/state.ts';
import type { Link, Paragraph } from '../model.ts';

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

const starts = (paragraphs: readonly Pick<Paragraph, 'sentences'>[]): number[] => {
  const out: number[] = [];
  let c = 0;
  for (const p of paragraphs) { out.push(c); c += p.sentences.length; }
  return out;
};
const owners = (paragraphs: readonly Pick<Paragraph, 'sentences'>[]): number[] =>
  paragraphs.flatMap((p, i) => p.sentences.map(() => i));

const consecutive = (xs: readonly number[]): boolean => xs.every((x, i) => i === 0 || x === xs[i - 1]! + 1);
// Same segmentation: a paragraph equal up to white space must still split into the same sentences.
const sameSentences = (a: Paragraph, b: Paragraph): boolean =>
  a.sentences.length === b.sentences.length && a.sentences.every((s, i) => normaliseParagraph(s) === normaliseParagraph(b.sentences[i]!));

interface Side { old: readonly Paragraph[]; next: readonly Paragraph[]; map: (number | null)[] }

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
  const sentenceMover = (side: Side) => {
    const oldOwner = owners(side.old);
    const oldStart = starts(side.old);
    const newStart = starts(side.next);
    return (s: number): number => {
      const p = oldOwner[s]!;
      return newStart[side.map[p]!]! + (s - oldStart[p]!);
    };
  };
  const sEn = sentenceMover(en);
  const sKo = sentenceMover(ko);
  return {
    paragraph: { ...link, en: pEn, ko: pKo },
    sentences: link.sentences.map((s) => ({ ...s, en: s.en.map(sEn), ko: s.ko.map(sKo) })),
  };
}

const key = (l: { en: readonly number[]; ko: readonly number[] }): string => `${l.en.join(',')}|${l.ko.join(',')}`;
const side = (paragraphs: readonly Paragraph[]): AlignSide => ({ paragraphs: paragraphs.map((p) => ({ kind: p.kind, sentences: p.sentences })) });

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
  const en: Side = { old: oldEn, next: newEn, map: matchParagraphs(oldEn.map((p) => p.text), newEn.map((p) => p.text)) };
  const ko: Side = { old: oldKo, next: newKo, map: matchParagraphs(oldKo.map((p) => p.text), newKo.map((p) => p.text)) };
  const carried = links.map((l) => carry(l, en, ko));
  const kept = carried.filter((c): c is NonNullable<typeof c> => c !== null);
  const { result, used } = alignKeeping(newEn, newKo, kept);
  const paragraphs = planLinks(result.paragraphs, new Map(used.map((c) => [key(c.paragraph), c.paragraph])));
  const sentences = planLinks(result.sentences, new Map(used.flatMap((c) => c.sentences).map((s) => [key(s), s])));
  const keptLinks = paragraphs.filter((p) => p.kept);
  const droppedLinks = links.filter((_, i) => !used.includes(carried[i]!));
  const realignedLinks = paragraphs.filter((p) => !p.kept);
  const newIndices = (s: Side) => s.next.map((_, j) => j).filter((j) => !s.map.includes(j));
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
      if (candidate.length) return { result: realignAround(side(newEn), side(newKo), fixedOf(candidate)), used: candidate };
      return { result: alignArticle(side(newEn), side(newKo)), used: candidate };
    } catch (e) {
      if (!(e instanceof FixedLinkError)) throw e;
    }
  }
  return { result: alignArticle(side(newEn), side(newKo)), used: [] };
}

/** The new links with their state: a link equal to a kept one takes its review state, any other starts as auto. */
function planLinks(links: AlignResult['paragraphs'], states: Map<string, OldLink>): PlannedLink[] {
  return links.map((l) => {
    const old = states.get(key(l));
    return old
      ? { en: [...l.en], ko: [...l.ko], status: old.status, confidence: old.confidence, evidence: old.evidence, confirmedBy: old.confirmedBy, confirmedAt: old.confirmedAt, kept: true }
      : { en: [...l.en], ko: [...l.ko], status: 'auto', confidence: l.confidence, evidence: l.evidence, confirmedBy: null, confirmedAt: null, kept: false };
  });
}
