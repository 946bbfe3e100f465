/**
 * Undo records as patches: the window of rows (and of paragraphs, after a text edit) that an
 * operation changed, before and after. A 300-paragraph pair's full state is ~250 KB of JSON; most
 * operations change one or two rows, so storing whole snapshots twice per operation made the
 * database write, not the operation, the cost of every click.
 */
import type { Lang, Paragraph, Link, ParagraphLink } from '../model.ts';
import { linkKey, SIDES, type ReviewState } from './state.ts';

interface Window<T> { start: number; before: T[]; after: T[]; lengthBefore: number; lengthAfter: number }

/** What an operation changed; enough to go back (undo) and forth (redo). */
export interface StatePatch {
  rows: Window<ParagraphLink>;
  paragraphs: Partial<Record<Lang, Window<Paragraph>>>;
}

const sameList = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((x, i) => x === b[i]);

export function sameLink(a: Link, b: Link): boolean {
  return a === b || (sameList(a.en, b.en) && sameList(a.ko, b.ko) && a.status === b.status && a.confidence === b.confidence
    && a.confirmedBy === b.confirmedBy && a.confirmedAt === b.confirmedAt
    && (a.evidence === b.evidence || JSON.stringify(a.evidence) === JSON.stringify(b.evidence)));
}

export function sameParagraphLink(a: ParagraphLink, b: ParagraphLink): boolean {
  return a === b || (sameLink(a, b) && a.crossed === b.crossed && a.sentences.length === b.sentences.length && a.sentences.every((s, i) => sameLink(s, b.sentences[i]!)));
}

export function sameParagraph(a: Paragraph, b: Paragraph): boolean {
  return a === b || (a.kind === b.kind && a.text === b.text && a.sentences.length === b.sentences.length
    && a.sentences.every((s, i) => s === b.sentences[i]));
}

/**
 * The lengths of the common prefix and (after it) the common suffix of two lists: what lies between
 * is the window where they differ. The one window rule of undo patches, stored rows and redraws.
 */
export function commonEnds<T>(a: readonly T[], b: readonly T[], same: (x: T, y: T) => boolean): { prefix: number; suffix: number } {
  let p = 0;
  while (p < a.length && p < b.length && same(a[p]!, b[p]!)) p++;
  let q = 0;
  while (q < a.length - p && q < b.length - p && same(a[a.length - 1 - q]!, b[b.length - 1 - q]!)) q++;
  return { prefix: p, suffix: q };
}

function window<T>(a: readonly T[], b: readonly T[], same: (x: T, y: T) => boolean): Window<T> {
  const { prefix: p, suffix: q } = commonEnds(a, b, same);
  return { start: p, before: a.slice(p, a.length - q), after: b.slice(p, b.length - q), lengthBefore: a.length, lengthAfter: b.length };
}

/** The smallest patch that turns `before` into `after`. */
export function makePatch(before: ReviewState, after: ReviewState): StatePatch {
  const paragraphs: StatePatch['paragraphs'] = {};
  for (const side of SIDES) {
    const w = window(before[side].paragraphs, after[side].paragraphs, sameParagraph);
    if (w.before.length + w.after.length > 0) paragraphs[side] = w;
  }
  return { rows: window(before.links, after.links, sameParagraphLink), paragraphs };
}

/** True when the patch changes paragraph text (restoring it must rewrite paragraphs). */
export const patchChangesText = (p: StatePatch): boolean => Object.keys(p.paragraphs).length > 0;

function swap<T>(list: readonly T[], w: Window<T>, undo: boolean, same: (x: T, y: T) => boolean): T[] | null {
  const [expectLength, expect, put] = undo ? [w.lengthAfter, w.after, w.before] : [w.lengthBefore, w.before, w.after];
  if (list.length !== expectLength) return null;
  for (let k = 0; k < expect.length; k++) if (!same(list[w.start + k]!, expect[k]!)) return null;
  return [...list.slice(0, w.start), ...put, ...list.slice(w.start + expect.length)];
}

/**
 * Swaps a window of rows where it now is. Rows are found by their paragraphs (each paragraph is
 * in exactly one row), so other reviewers' changes elsewhere, which shift row numbers, do not
 * matter; the rows themselves must be exactly as the patch left them. A patch that only changed
 * rows in place (confirm, reject, confirm-up-to …) is swapped row by row, so changes to rows
 * between the ones it touched do not matter either.
 */
function swapRows(list: readonly ParagraphLink[], w: Window<ParagraphLink>, undo: boolean): ParagraphLink[] | null {
  const [expect, put] = undo ? [w.after, w.before] : [w.before, w.after];
  if (expect.length === 0) return swap(list, w, undo, sameParagraphLink);
  const index = new Map<string, number>();
  list.forEach((r, i) => index.set(linkKey(r), i));
  const inPlace = expect.length === put.length && expect.every((x, k) => linkKey(x) === linkKey(put[k]!) && x.crossed === put[k]!.crossed);
  if (inPlace) {
    const out = list.slice();
    for (let k = 0; k < expect.length; k++) {
      if (sameParagraphLink(expect[k]!, put[k]!)) continue;
      const i = index.get(linkKey(expect[k]!));
      if (i === undefined || !sameParagraphLink(list[i]!, expect[k]!)) return null;
      out[i] = put[k]!;
    }
    return out;
  }
  const at = index.get(linkKey(expect[0]!));
  if (at === undefined || at + expect.length > list.length) return null;
  for (let k = 0; k < expect.length; k++) if (!sameParagraphLink(list[at + k]!, expect[k]!)) return null;
  return [...list.slice(0, at), ...put, ...list.slice(at + expect.length)];
}

/**
 * Applies a patch backwards (undo) or forwards (redo) to the current state. Returns null when the
 * current state does not hold what the patch expects there: it was changed some other way.
 */
export function applyPatch(current: ReviewState, patch: StatePatch, direction: 'undo' | 'redo'): ReviewState | null {
  const undo = direction === 'undo';
  const links = swapRows(current.links, patch.rows, undo);
  if (!links) return null;
  const next: ReviewState = { ...current, links };
  for (const side of SIDES) {
    const w = patch.paragraphs[side];
    if (!w) continue;
    const paragraphs = swap(current[side].paragraphs, w, undo, sameParagraph);
    if (!paragraphs) return null;
    next[side] = { ...current[side], paragraphs };
  }
  return next;
}

/** Paragraphs (both sides) of the rows a patch changed, before and after: what it touched. */
export function patchParagraphs(p: StatePatch): { en: Set<number>; ko: Set<number> } {
  const out = { en: new Set<number>(), ko: new Set<number>() };
  for (const r of [...p.rows.before, ...p.rows.after]) for (const side of SIDES) for (const x of r[side]) out[side].add(x);
  for (const side of SIDES) {
    const w = p.paragraphs[side];
    if (w) for (let k = 0; k < Math.max(w.before.length, w.after.length); k++) out[side].add(w.start + k);
  }
  return out;
}

type Half<T> = { start: number; items: T[]; length: number };
interface PatchHalf { rows: Half<ParagraphLink>; paragraphs: Partial<Record<Lang, Half<Paragraph>>> }

/** The two halves stored in operations.before_state / after_state: the changed window as it was, and as it became. */
export function serializePatch(p: StatePatch): { before: string; after: string } {
  const half = (which: 'before' | 'after'): PatchHalf => {
    const pick = <T>(w: Window<T>): Half<T> => ({ start: w.start, items: w[which], length: which === 'before' ? w.lengthBefore : w.lengthAfter });
    const paragraphs: PatchHalf['paragraphs'] = {};
    for (const side of SIDES) { const w = p.paragraphs[side]; if (w) paragraphs[side] = pick(w); }
    return { rows: pick(p.rows), paragraphs };
  };
  return { before: JSON.stringify(half('before')), after: JSON.stringify(half('after')) };
}

/** Reads a patch back from its two stored halves. */
export function parsePatch(before: string, after: string): StatePatch {
  const b = JSON.parse(before) as PatchHalf;
  const a = JSON.parse(after) as PatchHalf;
  const join = <T>(x: Half<T>, y: Half<T>): Window<T> => ({ start: x.start, before: x.items, after: y.items, lengthBefore: x.length, lengthAfter: y.length });
  const paragraphs: StatePatch['paragraphs'] = {};
  for (const side of SIDES) {
    const x = b.paragraphs[side];
    const y = a.paragraphs[side];
    if (x && y) paragraphs[side] = join(x, y);
  }
  return { rows: join(b.rows, a.rows), paragraphs };
}
