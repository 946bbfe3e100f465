/**
 * The alignment state the review operations work on, and the invariants every state must keep.
 * Pure: plain data in, plain data out (no express, no database, no clock).
 */
import type { BeadStatus, Lang, Paragraph } from '../model.ts';

/** One link as index lists: paragraph indices, or article-wide sentence indices. */
export interface ReviewLink {
  en: number[];
  ko: number[];
  status: BeadStatus;
  confidence: number | null;
  evidence: unknown[];
  confirmedBy: string | null;
  confirmedAt: string | null;
}

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
  doc.paragraphs.forEach((p, i) => p.sentences.forEach(() => owner.push(i)));
  return owner;
}

/** First article-wide sentence index of every paragraph, plus the total at the end. */
export function sentenceStarts(doc: ReviewDoc): number[] {
  const starts: number[] = [0];
  for (const p of doc.paragraphs) starts.push(starts[starts.length - 1]! + p.sentences.length);
  return starts;
}

function checkPartition(links: readonly { en: number[]; ko: number[] }[], counts: Record<Lang, number>, what: string): void {
  for (const side of SIDES) {
    let next = 0;
    for (const [i, l] of links.entries()) {
      for (const x of l[side]) {
        if (x !== next) throw new InvariantError(`${what} ${i}: ${side} item ${x} found where ${next} was expected`);
        next++;
      }
    }
    if (next !== counts[side]) throw new InvariantError(`${what}s cover ${next} of ${counts[side]} ${side} items`);
  }
  links.forEach((l, i) => {
    if (l.en.length + l.ko.length === 0) throw new InvariantError(`${what} ${i} is empty`);
  });
}

/**
 * Throws InvariantError unless: every paragraph and every sentence is in exactly one link, links
 * are in reading order on both sides (so monotone and contiguous), no link is empty, and every
 * sentence link lies inside its row (its sentences belong to the row's paragraphs). A pair with
 * no links at all (not aligned yet) passes.
 */
export function checkInvariants(state: ReviewState): void {
  if (state.links.length === 0) return; // not aligned yet: nothing to keep consistent
  checkPartition(state.links, { en: state.en.paragraphs.length, ko: state.ko.paragraphs.length }, 'paragraph link');
  const sentences = state.links.flatMap((l) => l.sentences);
  const owners = { en: sentenceOwners(state.en), ko: sentenceOwners(state.ko) };
  checkPartition(sentences, { en: owners.en.length, ko: owners.ko.length }, 'sentence link');
  state.links.forEach((row, r) => {
    for (const s of row.sentences) {
      for (const side of SIDES) {
        for (const x of s[side]) {
          if (!row[side].includes(owners[side][x]!)) {
            throw new InvariantError(`row ${r} holds ${side} sentence ${x} of paragraph ${owners[side][x]}, outside the row`);
          }
        }
      }
    }
  });
}

/** Pair status that follows from the links: reviewed when every row is confirmed, in review when some are. */
export function reviewStatus(links: readonly ReviewLink[]): 'aligned' | 'in_review' | 'reviewed' {
  const confirmed = links.filter((l) => l.status === 'confirmed').length;
  if (links.length > 0 && confirmed === links.length) return 'reviewed';
  return confirmed > 0 ? 'in_review' : 'aligned';
}
