/**
 * The alignment state the review operations work on, and the invariants every state must keep.
 * Pure: plain data in, plain data out (no express, no database, no clock).
 */
import type { FixedLink } from '../align/types.ts';
import { sentenceOwners, sentenceStarts, type Lang, type Link, type LinkStatus, type Paragraph, type ParagraphLink } from '../model.ts';

/** What the operations need of one side: its paragraphs with their sentences. */
export interface ReviewDoc {
  paragraphs: Paragraph[];
}

/** The whole alignment of a pair. PairDetail from db/pairs.ts satisfies it. */
export interface ReviewState {
  en: ReviewDoc;
  ko: ReviewDoc;
  links: ParagraphLink[];
}

/** A refused operation: `code` is stable (tests and the page match on it), `message` is for people. */
export class ReviewOpError extends Error {
  constructor(public readonly code: string, message: string) {
    super(message);
  }
}

/** A state that breaks an invariant: a bug in an operation, never the user's fault. */
export class InvariantError extends Error {}

export const SIDES: readonly Lang[] = ['en', 'ko'];

/** A new link made by hand: automatic status, no confidence score. */
export function freshLink(en: number[], ko: number[], evidence: unknown[] = []): Link {
  return { en, ko, status: 'auto', confidence: null, evidence, confirmedBy: null, confirmedAt: null };
}

/**
 * Checks that `links` take items next[side], next[side] + 1, … of each side in order and none is
 * empty; advances `next`. Korean items in `taken` (held by crossed rows) are skipped, and links
 * for which `outOfOrder` says so are not checked on the Korean side. `first` numbers the links in
 * messages. Plain loops: this runs on every operation, over ~1,200 links of a long article.
 */
function checkRun(links: readonly { en: number[]; ko: number[] }[], next: Record<Lang, number>, what: string, first: number,
  taken: ReadonlySet<number>, outOfOrder: (i: number) => boolean): void {
  for (let i = 0; i < links.length; i++) {
    const l = links[i]!;
    for (const side of SIDES) {
      if (side === 'ko' && outOfOrder(i)) continue;
      const list = l[side];
      for (let k = 0; k < list.length; k++) {
        if (side === 'ko') while (taken.has(next.ko)) next.ko++;
        if (list[k] !== next[side]) throw new InvariantError(`${what} ${first + i}: ${side} item ${list[k]} found where ${next[side]} was expected`);
        next[side]++;
      }
    }
    if (l.en.length + l.ko.length === 0) throw new InvariantError(`${what} ${first + i} is empty`);
  }
}

function checkCovered(next: Record<Lang, number>, counts: Record<Lang, number>, what: string, taken: ReadonlySet<number>): void {
  while (taken.has(next.ko)) next.ko++;
  for (const side of SIDES) {
    if (next[side] !== counts[side]) throw new InvariantError(`${what}s cover ${next[side]} of ${counts[side]} ${side} items`);
  }
}

/** Checks that `list` is start, start + 1, … without gaps and adds it to `taken` (no item twice). */
function takeRun(list: readonly number[], taken: Set<number>, what: string): void {
  for (let k = 0; k < list.length; k++) {
    if (k > 0 && list[k] !== list[k - 1]! + 1) throw new InvariantError(`${what}: Korean items ${list.join(',')} are not contiguous`);
    if (taken.has(list[k]!)) throw new InvariantError(`${what}: Korean item ${list[k]} is held twice`);
    taken.add(list[k]!);
  }
}

/**
 * Throws InvariantError unless: every paragraph and every sentence is in exactly one link, links
 * are in reading order on both sides (so monotone and contiguous), no link is empty, and every
 * sentence link lies inside its row (its sentences belong to the row's paragraphs). Crossed rows
 * are in English order only; their Korean paragraphs (two-sided, contiguous) are skipped in the
 * Korean order, and their sentence links cover their own Korean sentences in order. A pair with
 * no links at all (not aligned yet) passes.
 */
export function checkInvariants(state: ReviewState): void {
  if (state.links.length === 0) return; // not aligned yet: nothing to keep consistent
  const crossedKo = new Set<number>();
  const crossedKoSentences = new Set<number>();
  const starts = { ko: sentenceStarts(state.ko) };
  state.links.forEach((row, r) => {
    if (!row.crossed) return;
    if (row.en.length === 0 || row.ko.length === 0) throw new InvariantError(`crossed row ${r} is one-sided`);
    takeRun(row.ko, crossedKo, `crossed row ${r}`);
    for (let s = starts.ko[row.ko[0]!]!; s < starts.ko[row.ko[row.ko.length - 1]! + 1]!; s++) crossedKoSentences.add(s);
  });
  const paragraphs = { en: 0, ko: 0 };
  checkRun(state.links, paragraphs, 'paragraph link', 0, crossedKo, (i) => state.links[i]!.crossed === true);
  checkCovered(paragraphs, { en: state.en.paragraphs.length, ko: state.ko.paragraphs.length }, 'paragraph link', crossedKo);
  const owners = { en: sentenceOwners(state.en), ko: sentenceOwners(state.ko) };
  const sentences = { en: 0, ko: 0 };
  let numbered = 0;
  for (let r = 0; r < state.links.length; r++) {
    const row = state.links[r]!;
    checkRun(row.sentences, sentences, 'sentence link', numbered, crossedKoSentences, () => row.crossed === true);
    if (row.crossed) {
      // its Korean sentences, in order, are exactly those of its Korean paragraphs
      const own = { en: 0, ko: starts.ko[row.ko[0]!]! };
      checkRun(row.sentences.filter((l) => l.ko.length > 0).map((l) => ({ en: [], ko: l.ko })), own, `crossed row ${r} sentence link`, numbered, new Set(), () => false);
      if (own.ko !== starts.ko[row.ko[row.ko.length - 1]! + 1]) throw new InvariantError(`crossed row ${r}: its sentence links miss Korean sentences`);
    }
    numbered += row.sentences.length;
    for (const side of SIDES) {
      // the row's paragraphs are a contiguous run (checked above), so "inside" is a range test
      const list = row[side];
      for (const s of row.sentences) {
        for (const x of s[side]) {
          const owner = owners[side][x]!;
          if (list.length === 0 || !(owner >= list[0]! && owner <= list[list.length - 1]!)) {
            throw new InvariantError(`row ${r} holds ${side} sentence ${x} of paragraph ${owner}, outside the row`);
          }
        }
      }
    }
  }
  checkCovered(sentences, { en: owners.en.length, ko: owners.ko.length }, 'sentence link', crossedKoSentences);
}

/**
 * Pair status that follows from the links: reviewed when every paragraph link and every sentence
 * link is confirmed (the sentence export takes confirmed sentence links only), in review when
 * any link has been confirmed or rejected.
 */
export function reviewStatus(links: readonly ParagraphLink[]): 'aligned' | 'in_review' | 'reviewed' {
  let all = links.length > 0;
  let some = false;
  for (const row of links) {
    for (const l of [row, ...row.sentences]) {
      if (l.status === 'confirmed') some = true;
      else {
        all = false;
        if (l.status === 'rejected') some = true;
      }
    }
  }
  if (all) return 'reviewed';
  return some ? 'in_review' : 'aligned';
}

/** Identity of a link: its item lists (every item is in exactly one link of its level). */
export const linkKey = (l: { en: readonly number[]; ko: readonly number[] }): string => `${l.en.join(',')}|${l.ko.join(',')}`;

/**
 * The links a realignment keeps where they are: confirmed ones, and crossed ones (a moved paragraph
 * stays where the reviewer put it). Review's "Realign rest", `jjak align` and article updates agree on it.
 */
export const isKeptLink = (l: { status: LinkStatus; crossed?: boolean }): boolean => l.status === 'confirmed' || l.crossed === true;

/** A paragraph link with its sentence links as a fixed point for the aligner (realignAround). */
export function toFixedLink(l: { en: readonly number[]; ko: readonly number[]; sentences: readonly { en: readonly number[]; ko: readonly number[] }[]; crossed?: boolean }): FixedLink {
  return {
    paragraph: { en: [...l.en], ko: [...l.ko] },
    sentences: l.sentences.map((s) => ({ en: [...s.en], ko: [...s.ko] })),
    ...(l.crossed ? { crossed: true } : {}),
  };
}
