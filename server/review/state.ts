/**
 * The alignment state the review operations work on, and the invariants every state must keep.
 * Pure: plain data in, plain data out (no express, no database, no clock).
 */
import type { Lang, Paragraph } from '../model.ts';
import type { LinkView } from '../../db/pairs.ts';

/** One link as index lists: paragraph indices, or article-wide sentence indices (the API's shape). */
export type ReviewLink = LinkView;

/** A paragraph link (a row of the review screen) with its nested sentence links. */
export interface ReviewRow extends ReviewLink {
  sentences: ReviewLink[];
}

/** What the operations need of one side: its paragraphs with their sentences. */
export interface ReviewDoc {
  paragraphs: Paragraph[];
}

/** The whole alignment of a pair. PairDetail from db/pairs.ts satisfies it. */
export interface ReviewState {
  en: ReviewDoc;
  ko: ReviewDoc;
  links: ReviewRow[];
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
export function freshLink(en: number[], ko: number[], evidence: unknown[] = []): ReviewLink {
  return { en, ko, status: 'auto', confidence: null, evidence, confirmedBy: null, confirmedAt: null };
}

/** Paragraph index of every article-wide sentence index on one side. */
export function sentenceOwners(doc: ReviewDoc): number[] {
  const owner: number[] = [];
  for (let i = 0; i < doc.paragraphs.length; i++) for (let k = doc.paragraphs[i]!.sentences.length; k > 0; k--) owner.push(i);
  return owner;
}

/** First article-wide sentence index of every paragraph, plus the total at the end. */
export function sentenceStarts(doc: ReviewDoc): number[] {
  const starts: number[] = [0];
  for (const p of doc.paragraphs) starts.push(starts[starts.length - 1]! + p.sentences.length);
  return starts;
}

/**
 * Checks that `links` take items next[side], next[side] + 1, … of each side in order and none is
 * empty; advances `next`. `first` numbers the links in messages. Plain loops: this runs on every
 * operation, over ~1,200 links of a long article.
 */
function checkRun(links: readonly { en: number[]; ko: number[] }[], next: Record<Lang, number>, what: string, first: number): void {
  for (let i = 0; i < links.length; i++) {
    const l = links[i]!;
    for (const side of SIDES) {
      const list = l[side];
      for (let k = 0; k < list.length; k++) {
        if (list[k] !== next[side]) throw new InvariantError(`${what} ${first + i}: ${side} item ${list[k]} found where ${next[side]} was expected`);
        next[side]++;
      }
    }
    if (l.en.length + l.ko.length === 0) throw new InvariantError(`${what} ${first + i} is empty`);
  }
}

function checkCovered(next: Record<Lang, number>, counts: Record<Lang, number>, what: string): void {
  for (const side of SIDES) {
    if (next[side] !== counts[side]) throw new InvariantError(`${what}s cover ${next[side]} of ${counts[side]} ${side} items`);
  }
}

/**
 * Throws InvariantError unless: every paragraph and every sentence is in exactly one link, links
 * are in reading order on both sides (so monotone and contiguous), no link is empty, and every
 * sentence link lies inside its row (its sentences belong to the row's paragraphs). A pair with
 * no links at all (not aligned yet) passes.
 */
export function checkInvariants(state: ReviewState): void {
  if (state.links.length === 0) return; // not aligned yet: nothing to keep consistent
  const paragraphs = { en: 0, ko: 0 };
  checkRun(state.links, paragraphs, 'paragraph link', 0);
  checkCovered(paragraphs, { en: state.en.paragraphs.length, ko: state.ko.paragraphs.length }, 'paragraph link');
  const owners = { en: sentenceOwners(state.en), ko: sentenceOwners(state.ko) };
  const sentences = { en: 0, ko: 0 };
  let numbered = 0;
  for (let r = 0; r < state.links.length; r++) {
    const row = state.links[r]!;
    checkRun(row.sentences, sentences, 'sentence link', numbered);
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
  checkCovered(sentences, { en: owners.en.length, ko: owners.ko.length }, 'sentence link');
}

/** Pair status that follows from the links: reviewed when every row is confirmed, in review when some are. */
export function reviewStatus(links: readonly ReviewLink[]): 'aligned' | 'in_review' | 'reviewed' {
  const confirmed = links.filter((l) => l.status === 'confirmed').length;
  if (links.length > 0 && confirmed === links.length) return 'reviewed';
  return confirmed > 0 ? 'in_review' : 'aligned';
}
