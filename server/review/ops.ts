/**
 * The review operations: pure functions from an alignment state and an operation to a new state.
 * Invalid operations throw ReviewOpError; every result is checked with checkInvariants before it
 * is returned, so a bug can never be written to the database.
 *
 * Paragraph-level operations change the rows; the sentence links are then re-cut to the new rows
 * (restrictSentences), so a sentence link that fell across a new row boundary becomes two
 * one-sided pieces instead of breaking nesting. Sentence-level operations (the same names with a
 * `sentence` argument) change only the sentence links of one row.
 */
import { cleanText } from '../import/normalise.ts';
import type { Lang, Paragraph } from '../model.ts';
import type { AlignResult, AlignSide, FixedLink } from '../align/types.ts';
import {
  checkInvariants, freshLink, ReviewOpError, sentenceOwners, sentenceStarts, SIDES,
  type ReviewLink, type ReviewRow, type ReviewState,
} from './state.ts';

export type Side = Lang;

/** Every operation the review screen and the API accept (undo and redo live in the service). */
export type ReviewOp =
  | { op: 'merge'; link: number; sentence?: number }
  | { op: 'split'; link: number; sentence?: number; en?: number; ko?: number }
  | { op: 'move'; link: number; sentence?: number; side: Side; dir: 'up' | 'down' }
  | { op: 'no-counterpart'; link: number; sentence?: number; side: Side; index?: number }
  | { op: 'confirm'; link: number; sentence?: number }
  | { op: 'unconfirm'; link: number; sentence?: number }
  | { op: 'confirm-up-to'; link: number }
  | { op: 'realign-rest' }
  | { op: 'edit-text'; side: Side; paragraph: number; text: string }
  | { op: 'split-paragraph'; side: Side; paragraph: number; at: number }
  | { op: 'join-paragraphs'; side: Side; paragraph: number };

export type ReviewOpName = ReviewOp['op'];
export const REVIEW_OP_NAMES: readonly ReviewOpName[] = [
  'merge', 'split', 'move', 'no-counterpart', 'confirm', 'unconfirm', 'confirm-up-to', 'realign-rest',
  'edit-text', 'split-paragraph', 'join-paragraphs',
];

/** What the operations need from outside: who, when, and the two library calls (injected to stay pure). */
export interface OpContext {
  user: string;
  now: string;
  /** Sentence segmenter (server/segment segmentSentences). */
  segment: (text: string, lang: Lang) => string[];
  /** Aligner around fixed links (server/align realignAround). */
  realign: (en: AlignSide, ko: AlignSide, fixed: FixedLink[]) => AlignResult;
}

/** Longest paragraph text accepted by a text edit, in UTF-16 code units. */
export const MAX_PARAGRAPH_CHARS = 20_000;

const SIDE_NAME: Record<Side, string> = { en: 'English', ko: 'Korean' };

/** Applies one operation; returns a new state (the input is not modified). */
export function applyOp(state: ReviewState, op: ReviewOp, ctx: OpContext): ReviewState {
  const next = compute(state, op, ctx);
  checkInvariants(next);
  return next;
}

function compute(state: ReviewState, op: ReviewOp, ctx: OpContext): ReviewState {
  switch (op.op) {
    case 'realign-rest': return realignRest(state, ctx);
    case 'edit-text': return editText(state, op.side, op.paragraph, op.text, ctx);
    case 'split-paragraph': return splitParagraph(state, op.side, op.paragraph, op.at, ctx);
    case 'join-paragraphs': return joinParagraphs(state, op.side, op.paragraph, ctx);
    case 'confirm-up-to': return confirmUpTo(state, op.link, ctx);
    default: break;
  }
  const row = rowAt(state, op.link);
  if (op.sentence !== undefined) {
    const j = op.sentence;
    if (!Number.isInteger(j) || j < 0 || j >= row.sentences.length) {
      throw new ReviewOpError('no_such_link', `Row ${op.link + 1} has no sentence link ${j + 1}.`);
    }
    const sentences = editLinks(row.sentences, j, op, ctx, 'sentence', `row ${op.link + 1}, sentence link`);
    const links = state.links.slice();
    links[op.link] = { ...row, sentences };
    return { ...state, links };
  }
  const rows = editLinks(state.links, op.link, op, ctx, 'paragraph', 'row') as ReviewLink[];
  return { ...state, links: restrictSentences(state, rows) };
}

function rowAt(state: ReviewState, i: number): ReviewRow {
  if (!Number.isInteger(i) || i < 0 || i >= state.links.length) {
    throw new ReviewOpError('no_such_link', state.links.length === 0
      ? 'This pair is not aligned yet; align it first.'
      : `There is no row ${i + 1}; rows are numbered 1 to ${state.links.length}.`);
  }
  return state.links[i]!;
}

type LinkOp = Extract<ReviewOp, { link: number; sentence?: number }>;

/** The operations that work the same on rows and on sentence links within a row. */
function editLinks<L extends ReviewLink>(links: readonly L[], i: number, op: LinkOp, ctx: OpContext,
  item: 'paragraph' | 'sentence', label: string): L[] {
  const name = (k: number) => `${label} ${k + 1}`;
  const a = links[i]!;
  const refuseConfirmed = (k: number, doing: string) => {
    if (links[k]!.status === 'confirmed') {
      throw new ReviewOpError('confirmed', `${cap(name(k))} is confirmed, so it cannot ${doing}. Unconfirm it first.`);
    }
  };
  const out = links.slice() as ReviewLink[];
  switch (op.op) {
    case 'merge': {
      if (i + 1 >= links.length) throw new ReviewOpError('no_next', `${cap(name(i))} is the last one; there is nothing to merge it with.`);
      refuseConfirmed(i, 'be merged');
      refuseConfirmed(i + 1, 'be merged');
      const b = links[i + 1]!;
      out.splice(i, 2, freshLink([...a.en, ...b.en], [...a.ko, ...b.ko], [...a.evidence, ...b.evidence]));
      break;
    }
    case 'split': {
      const total = a.en.length + a.ko.length;
      if (total < 2) throw new ReviewOpError('cannot_split', `${cap(name(i))} has only one ${item}; there is nothing to split.`);
      refuseConfirmed(i, 'be split');
      const k = op.en ?? Math.ceil(a.en.length / 2);
      const m = op.ko ?? (a.ko.length >= 2 || k < a.en.length ? Math.ceil(a.ko.length / 2) : 0);
      if (!Number.isInteger(k) || k < 0 || k > a.en.length || !Number.isInteger(m) || m < 0 || m > a.ko.length) {
        throw new ReviewOpError('bad_split', `Split points must be 0–${a.en.length} (English) and 0–${a.ko.length} (Korean).`);
      }
      const first = freshLink(a.en.slice(0, k), a.ko.slice(0, m));
      const second = freshLink(a.en.slice(k), a.ko.slice(m));
      if (first.en.length + first.ko.length === 0 || second.en.length + second.ko.length === 0) {
        throw new ReviewOpError('bad_split', 'Both parts of a split need at least one paragraph or sentence.');
      }
      out.splice(i, 1, first, second);
      break;
    }
    case 'move': {
      const side = op.side;
      if (a[side].length === 0) throw new ReviewOpError('nothing_to_move', `${cap(name(i))} has no ${SIDE_NAME[side]} ${item} to move.`);
      const j = op.dir === 'up' ? i - 1 : i + 1;
      if (j < 0 || j >= links.length) {
        throw new ReviewOpError(op.dir === 'up' ? 'no_previous' : 'no_next',
          `${cap(name(i))} is the ${op.dir === 'up' ? 'first' : 'last'} one; there is nowhere to move to.`);
      }
      refuseConfirmed(i, `give up a ${item}`);
      refuseConfirmed(j, `take a ${item}`);
      const from = { en: a.en.slice(), ko: a.ko.slice() };
      const to = { en: links[j]!.en.slice(), ko: links[j]!.ko.slice() };
      if (op.dir === 'up') to[side].push(from[side].shift()!);
      else to[side].unshift(from[side].pop()!);
      const moved = freshLink(from.en, from.ko);
      const target = freshLink(to.en, to.ko);
      const empty = moved.en.length + moved.ko.length === 0;
      if (op.dir === 'up') out.splice(j, 2, ...(empty ? [target] : [target, moved]));
      else out.splice(i, 2, ...(empty ? [target] : [moved, target]));
      break;
    }
    case 'no-counterpart': {
      const side = op.side;
      const list = a[side];
      if (list.length === 0) throw new ReviewOpError('nothing_to_move', `${cap(name(i))} has no ${SIDE_NAME[side]} ${item}.`);
      const x = op.index ?? list[list.length - 1]!;
      const pos = list.indexOf(x);
      if (pos < 0) throw new ReviewOpError('not_in_link', `${SIDE_NAME[side]} ${item} ${x + 1} is not in ${name(i)}.`);
      const other: Side = side === 'en' ? 'ko' : 'en';
      if (list.length === 1 && a[other].length === 0) {
        throw new ReviewOpError('already_one_sided', `${cap(name(i))} already has no counterpart.`);
      }
      if (pos !== 0 && pos !== list.length - 1) {
        throw new ReviewOpError('not_at_edge', `Only the first or last ${item} of a link can be made one-sided; split the link first.`);
      }
      refuseConfirmed(i, 'be changed');
      const alone = side === 'en' ? freshLink([x], []) : freshLink([], [x]);
      const restSide = list.filter((y) => y !== x);
      const rest = side === 'en' ? freshLink(restSide, a.ko.slice()) : freshLink(a.en.slice(), restSide);
      // A lone item is at both edges: English-only rows go before the rest, Korean-only after, as a diff shows them.
      const before = list.length === 1 ? side === 'en' : pos === 0;
      out.splice(i, 1, ...(before ? [alone, rest] : [rest, alone]));
      break;
    }
    case 'confirm': {
      if (a.status === 'confirmed') throw new ReviewOpError('already_confirmed', `${cap(name(i))} is already confirmed.`);
      out[i] = { ...a, status: 'confirmed', confirmedBy: ctx.user, confirmedAt: ctx.now };
      break;
    }
    case 'unconfirm': {
      if (a.status !== 'confirmed') throw new ReviewOpError('not_confirmed', `${cap(name(i))} is not confirmed.`);
      out[i] = { ...a, status: 'auto', confirmedBy: null, confirmedAt: null };
      break;
    }
    default: break;
  }
  return out as L[];
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * Re-cuts the sentence links of `state` to new paragraph rows. A sentence link that lies in one
 * new row keeps its status and score; one that falls across rows is cut into pieces, one per row.
 * Sentence links and rows are both in reading order, so the pieces are too.
 */
export function restrictSentences(state: ReviewState, rows: readonly ReviewLink[]): ReviewRow[] {
  // Rows handed back unchanged (the same objects as in the state) keep their paragraphs, so their
  // sentence links stay with them as they are; only the other rows' sentence links are re-cut.
  // An operation changes one or two rows of hundreds, and this ran on every op.
  const old = new Set<ReviewLink>(state.links);
  const kept = new Set<ReviewLink>(rows.filter((r) => old.has(r)));
  const out: ReviewRow[] = rows.map((r) => (kept.has(r) ? r as ReviewRow : {
    en: r.en, ko: r.ko, status: r.status, confidence: r.confidence, evidence: r.evidence,
    confirmedBy: r.confirmedBy, confirmedAt: r.confirmedAt, sentences: [],
  }));
  const owners = { en: sentenceOwners(state.en), ko: sentenceOwners(state.ko) };
  const rowOf = { en: new Map<number, number>(), ko: new Map<number, number>() };
  rows.forEach((r, i) => { if (!kept.has(r)) SIDES.forEach((s) => r[s].forEach((p) => rowOf[s].set(p, i))); });
  for (const from of state.links) {
    if (kept.has(from)) continue;
    for (const l of from.sentences) {
      const pieces = new Map<number, { en: number[]; ko: number[] }>();
      for (const s of SIDES) {
        for (const x of l[s]) {
          const r = rowOf[s].get(owners[s][x]!)!;
          const piece = pieces.get(r) ?? { en: [], ko: [] };
          piece[s].push(x);
          pieces.set(r, piece);
        }
      }
      const order = [...pieces.keys()].sort((a, b) => a - b);
      for (const r of order) {
        const piece = pieces.get(r)!;
        out[r]!.sentences.push(order.length === 1 ? l : freshLink(piece.en, piece.ko));
      }
    }
  }
  // A row rebuilt with the same sentence links as the row object it came from stays that object:
  // the database write, the row diff and the JSON cache (api-json.ts) then skip it by identity.
  return out.map((row, i) => {
    const was = rows[i] as Partial<ReviewRow>;
    if (kept.has(rows[i]!)) return row;
    const same = Array.isArray(was.sentences) && was.sentences.length === row.sentences.length
      && was.sentences.every((x, k) => x === row.sentences[k]);
    return same ? (was as ReviewRow) : row;
  });
}

function confirmUpTo(state: ReviewState, i: number, ctx: OpContext): ReviewState {
  rowAt(state, i);
  let changed = 0;
  const links = state.links.map((l, k) => {
    if (k > i || l.status === 'confirmed') return l;
    changed++;
    return { ...l, status: 'confirmed' as const, confirmedBy: ctx.user, confirmedAt: ctx.now };
  });
  if (changed === 0) throw new ReviewOpError('already_confirmed', `Rows 1 to ${i + 1} are already confirmed.`);
  return { ...state, links };
}

const toAlignSide = (doc: ReviewState['en']): AlignSide =>
  ({ paragraphs: doc.paragraphs.map((p) => ({ kind: p.kind, sentences: p.sentences })) });

/**
 * Realigns every row after the last confirmed one. The rows up to it are handed to the aligner as
 * fixed links and kept exactly as they are.
 */
function realignRest(state: ReviewState, ctx: OpContext): ReviewState {
  if (state.links.length === 0) throw new ReviewOpError('not_aligned', 'This pair is not aligned yet; align it first.');
  let last = -1;
  state.links.forEach((l, i) => { if (l.status === 'confirmed') last = i; });
  if (last === state.links.length - 1) throw new ReviewOpError('nothing_to_realign', 'Every row up to the last is confirmed; there is nothing to realign.');
  const prefix = state.links.slice(0, last + 1);
  const fixed: FixedLink[] = prefix.map((l) => ({
    paragraph: { en: l.en, ko: l.ko }, sentences: l.sentences.map((s) => ({ en: s.en, ko: s.ko })),
  }));
  const result = ctx.realign(toAlignSide(state.en), toAlignSide(state.ko), fixed);
  const cut = { en: prefix.reduce((n, l) => n + l.en.length, 0), ko: prefix.reduce((n, l) => n + l.ko.length, 0) };
  const starts = { en: sentenceStarts(state.en), ko: sentenceStarts(state.ko) };
  const sentenceCut = { en: starts.en[cut.en]!, ko: starts.ko[cut.ko]! };
  const after = (l: { en: number[]; ko: number[] }, c: { en: number; ko: number }) =>
    l.en.every((x) => x >= c.en) && l.ko.every((x) => x >= c.ko);
  const tail = result.paragraphs.filter((l) => after(l, cut))
    .map((l) => ({ ...freshLink(l.en, l.ko, l.evidence), confidence: l.confidence }));
  const tailSentences = result.sentences.filter((l) => after(l, sentenceCut))
    .map((l) => ({ ...freshLink(l.en, l.ko, l.evidence), confidence: l.confidence }));
  // restrictSentences reads sentence links from the state's rows: hand it the prefix's and the tail's
  const source: ReviewState = { ...state, links: [...prefix, { ...freshLink([], []), sentences: tailSentences }] };
  return { ...state, links: restrictSentences(source, [...prefix, ...tail]) };
}

/** Cleans edited text exactly as import does (server/import/normalise.ts), as one line. */
export const normaliseText = (text: string): string => cleanText(text, { oneLine: true });

function paragraphAt(state: ReviewState, side: Side, p: number): Paragraph {
  const para = state[side].paragraphs[p];
  if (!Number.isInteger(p) || !para) {
    throw new ReviewOpError('no_such_paragraph', `There is no ${SIDE_NAME[side]} paragraph ${p + 1}.`);
  }
  return para;
}

function segmented(text: string, side: Side, ctx: OpContext): string[] {
  const s = ctx.segment(text, side).map((x) => x.trim()).filter((x) => x.length > 0);
  return s.length > 0 ? s : [text];
}

function checkedText(text: string): string {
  const t = normaliseText(text);
  if (t.length === 0) throw new ReviewOpError('empty_text', 'A paragraph needs some text. To remove a paragraph, join it with its neighbour.');
  if (t.length > MAX_PARAGRAPH_CHARS) throw new ReviewOpError('too_long', `A paragraph can hold at most ${MAX_PARAGRAPH_CHARS} characters.`);
  return t;
}

function editText(state: ReviewState, side: Side, p: number, text: string, ctx: OpContext): ReviewState {
  const old = paragraphAt(state, side, p);
  const t = checkedText(text);
  if (t === old.text) throw new ReviewOpError('no_change', 'The text is unchanged.');
  return replaceParagraphs(state, side, p, p + 1, [{ kind: old.kind, text: t, sentences: segmented(t, side, ctx) }]);
}

function splitParagraph(state: ReviewState, side: Side, p: number, at: number, ctx: OpContext): ReviewState {
  const old = paragraphAt(state, side, p);
  if (!Number.isInteger(at) || at <= 0 || at >= old.text.length) {
    throw new ReviewOpError('bad_split', `Choose a split point inside the paragraph (1 to ${old.text.length - 1}).`);
  }
  const left = normaliseText(old.text.slice(0, at));
  const right = normaliseText(old.text.slice(at));
  if (!left || !right) throw new ReviewOpError('bad_split', 'Both parts of the paragraph need some text.');
  return replaceParagraphs(state, side, p, p + 1, [
    { kind: old.kind, text: left, sentences: segmented(left, side, ctx) },
    { kind: old.kind, text: right, sentences: segmented(right, side, ctx) },
  ]);
}

function joinParagraphs(state: ReviewState, side: Side, p: number, ctx: OpContext): ReviewState {
  const first = paragraphAt(state, side, p);
  const second = state[side].paragraphs[p + 1];
  if (!second) throw new ReviewOpError('no_next', `${SIDE_NAME[side]} paragraph ${p + 1} is the last; there is nothing to join it with.`);
  const row = state.links.findIndex((l) => l[side].includes(p));
  if (row < 0 || !state.links[row]![side].includes(p + 1)) {
    throw new ReviewOpError('different_rows', `${SIDE_NAME[side]} paragraphs ${p + 1} and ${p + 2} are in different rows; move them into one row first.`);
  }
  const text = checkedText(`${first.text} ${second.text}`);
  return replaceParagraphs(state, side, p, p + 2, [{ kind: first.kind, text, sentences: segmented(text, side, ctx) }]);
}

/**
 * Replaces paragraphs [from, to) of one side, which all lie in one row, by new paragraphs; later
 * paragraph and sentence indices shift. When the number of sentences is unchanged the sentence
 * links stay as they were; otherwise the links touching the replaced sentences become one link.
 */
function replaceParagraphs(state: ReviewState, side: Side, from: number, to: number, fresh: Paragraph[]): ReviewState {
  const starts = sentenceStarts(state[side]);
  const a = starts[from]!;
  const b = starts[to]!;
  const n = fresh.reduce((k, p) => k + p.sentences.length, 0);
  const dp = fresh.length - (to - from);
  const ds = n - (b - a);
  const paragraphs = [...state[side].paragraphs.slice(0, from), ...fresh, ...state[side].paragraphs.slice(to)];
  const shiftP = (x: number) => (x >= to ? x + dp : x);
  const shiftS = (x: number) => (x >= b ? x + ds : x);
  const links: ReviewRow[] = state.links.map((row) => {
    let list = row[side];
    if (list.includes(from)) {
      const before = list.filter((x) => x < from);
      const rest = list.filter((x) => x >= to).map(shiftP);
      list = [...before, ...fresh.map((_, k) => from + k), ...rest];
    } else list = list.map(shiftP);
    let sentences = row.sentences;
    if (ds !== 0) {
      const touching = sentences.map((s, k) => (s[side].some((x) => x >= a && x < b) ? k : -1)).filter((k) => k >= 0);
      sentences = sentences.map((s) => ({ ...s, [side]: s[side].map(shiftS) }));
      if (touching.length > 0) {
        const k0 = touching[0]!;
        const k1 = touching[touching.length - 1]!;
        const run = row.sentences.slice(k0, k1 + 1);
        const own = run.flatMap((s) => s[side]);
        const lo = Math.min(...own);
        const hi = Math.max(...own) + 1 + ds;
        const other: Side = side === 'en' ? 'ko' : 'en';
        const merged = freshLink([], []);
        merged[side] = Array.from({ length: hi - lo }, (_, k) => lo + k);
        merged[other] = run.flatMap((s) => s[other]);
        sentences = [...sentences.slice(0, k0), merged, ...sentences.slice(k1 + 1)];
      }
    }
    return { ...row, [side]: list, sentences };
  });
  return { ...state, [side]: { ...state[side], paragraphs }, links };
}

