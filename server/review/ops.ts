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
import type { Lang, Paragraph, Link, ParagraphLink } from '../model.ts';
import type { AlignResult, AlignSide, FixedLink } from '../align/types.ts';
import { checkInvariants, freshLink, isKeptLink, ReviewOpError, linkKey, sentenceOwners, sentenceStarts, SIDES, toFixedLink, type ReviewState } from './state.ts';
import { sameParagraphLink } from './patch.ts';

export type Side = Lang;

/** Every operation the review screen and the API accept (undo and redo live in the service). */
export type ReviewOp =
  | { op: 'merge'; link: number; sentence?: number }
  | { op: 'split'; link: number; sentence?: number; en?: number; ko?: number }
  | { op: 'move'; link: number; sentence?: number; side: Side; dir: 'up' | 'down' }
  | { op: 'no-counterpart'; link: number; sentence?: number; side: Side; index?: number }
  | { op: 'confirm'; link: number; sentence?: number }
  | { op: 'unconfirm'; link: number; sentence?: number }
  | { op: 'reject'; link: number; sentence?: number }
  | { op: 'unreject'; link: number; sentence?: number }
  | { op: 'confirm-up-to'; link: number }
  | { op: 'confirm-at-least'; confidence: number; dryRun?: boolean }
  | { op: 'link'; level: 'paragraph'; en: number[]; ko: number[] }
  | { op: 'link'; level: 'sentence'; link: number; en: number[]; ko: number[] }
  | { op: 'realign-rest' }
  | { op: 'edit-text'; side: Side; paragraph: number; text: string }
  | { op: 'split-paragraph'; side: Side; paragraph: number; at: number }
  | { op: 'join-paragraphs'; side: Side; paragraph: number };

export type ReviewOpName = ReviewOp['op'];
export const REVIEW_OP_NAMES: readonly ReviewOpName[] = [
  'merge', 'split', 'move', 'no-counterpart', 'confirm', 'unconfirm', 'reject', 'unreject', 'confirm-up-to',
  'confirm-at-least', 'link', 'realign-rest', 'edit-text', 'split-paragraph', 'join-paragraphs',
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
    case 'confirm-at-least': return confirmAtLeast(state, op.confidence, ctx);
    case 'link': return op.level === 'paragraph' ? linkParagraphs(state, op.en, op.ko, ctx) : linkSentences(state, op.link, op.en, op.ko, ctx);
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
  switch (op.op) {
    case 'confirm': case 'unconfirm': case 'reject': case 'unreject': return setRowStatus(state, op.link, op.op, ctx);
    case 'no-counterpart': if (row.crossed) return dissolveCrossed(state, op.link); break;
    case 'merge': case 'move': case 'split': {
      // a crossed row's Korean side is elsewhere: joining it to a neighbour would break both orders
      const other = op.op === 'merge' ? op.link + 1 : op.op === 'move' ? op.link + (op.dir === 'up' ? -1 : 1) : op.link;
      for (const k of [op.link, other]) {
        if (state.links[k]?.crossed) {
          throw new ReviewOpError('crossed', `Row ${k + 1} is a crossed link (a moved paragraph); undo it or press "No counterpart" on it to dissolve it first.`);
        }
      }
      break;
    }
    default: break;
  }
  const rows = editLinks(state.links, op.link, op, ctx, 'paragraph', 'row') as Link[];
  return { ...state, links: restrictSentences(state, rows) };
}

/** A row confirmed by ctx.user now, with every sentence link inside it that is not yet confirmed. */
function confirmedRow(row: ParagraphLink, ctx: OpContext): ParagraphLink {
  const mark = { status: 'confirmed' as const, confirmedBy: ctx.user, confirmedAt: ctx.now };
  // rejected sentence links stay rejected: the reviewer said they are wrong
  return { ...row, ...mark, sentences: row.sentences.map((s) => (s.status === 'auto' ? { ...s, ...mark } : s)) };
}

/**
 * Confirm, unconfirm, reject or unreject a whole row. Confirm reaches the row's sentence links;
 * unconfirm takes back those confirmed together with the row (same who and when) and leaves the
 * ones confirmed one by one.
 */
function setRowStatus(state: ReviewState, i: number, op: 'confirm' | 'unconfirm' | 'reject' | 'unreject', ctx: OpContext): ReviewState {
  const a = state.links[i]!;
  const name = `Row ${i + 1}`;
  let row: ParagraphLink;
  switch (op) {
    case 'confirm':
      if (a.status === 'confirmed') throw new ReviewOpError('already_confirmed', `${name} is already confirmed.`);
      row = confirmedRow(a, ctx);
      break;
    case 'unconfirm': {
      if (a.status !== 'confirmed') throw new ReviewOpError('not_confirmed', `${name} is not confirmed.`);
      const together = (s: Link) => s.status === 'confirmed' && s.confirmedBy === a.confirmedBy && s.confirmedAt === a.confirmedAt;
      row = {
        ...a, status: 'auto', confirmedBy: null, confirmedAt: null,
        sentences: a.sentences.map((s) => (together(s) ? { ...s, status: 'auto' as const, confirmedBy: null, confirmedAt: null } : s)),
      };
      break;
    }
    case 'reject':
      if (a.status === 'confirmed') throw new ReviewOpError('confirmed', `${name} is confirmed, so it cannot be rejected. Unconfirm it first.`);
      if (a.status === 'rejected') throw new ReviewOpError('already_rejected', `${name} is already rejected.`);
      row = { ...a, status: 'rejected' };
      break;
    case 'unreject':
      if (a.status !== 'rejected') throw new ReviewOpError('not_rejected', `${name} is not rejected.`);
      row = { ...a, status: 'auto' };
      break;
  }
  const links = state.links.slice();
  links[i] = row;
  return { ...state, links };
}

function rowAt(state: ReviewState, i: number): ParagraphLink {
  if (!Number.isInteger(i) || i < 0 || i >= state.links.length) {
    throw new ReviewOpError('no_such_link', state.links.length === 0
      ? 'This pair is not aligned yet; align it first.'
      : `There is no row ${i + 1}; rows are numbered 1 to ${state.links.length}.`);
  }
  return state.links[i]!;
}

type LinkOp = Extract<ReviewOp, { link: number; sentence?: number }>;

/** What one edit of a link list needs: the list, the link at `i`, how to name links and items, and who acts. */
interface LinkEdit<L extends Link> {
  links: readonly L[];
  i: number;
  a: L;
  out: Link[];
  item: 'paragraph' | 'sentence';
  name: (k: number) => string;
  refuseConfirmed: (k: number, doing: string) => void;
  ctx: OpContext;
}

/** The operations that work the same on rows and on sentence links within a row. */
function editLinks<L extends Link>(links: readonly L[], i: number, op: LinkOp, ctx: OpContext,
  item: 'paragraph' | 'sentence', label: string): L[] {
  const name = (k: number) => `${label} ${k + 1}`;
  const refuseConfirmed = (k: number, doing: string) => {
    if (links[k]!.status === 'confirmed') {
      throw new ReviewOpError('confirmed', `${cap(name(k))} is confirmed, so it cannot ${doing}. Unconfirm it first.`);
    }
  };
  const e: LinkEdit<L> = { links, i, a: links[i]!, out: links.slice(), item, name, refuseConfirmed, ctx };
  switch (op.op) {
    case 'merge': mergeWithNext(e); break;
    case 'split': splitLink(e, op); break;
    case 'move': moveItem(e, op); break;
    case 'no-counterpart': makeOneSided(e, op); break;
    case 'confirm': case 'unconfirm': case 'reject': case 'unreject': setStatus(e, op.op); break;
    default: break;
  }
  return e.out as L[];
}

function mergeWithNext<L extends Link>({ links, i, a, out, name, refuseConfirmed }: LinkEdit<L>): void {
  if (i + 1 >= links.length) throw new ReviewOpError('no_next', `${cap(name(i))} is the last one; there is nothing to merge it with.`);
  refuseConfirmed(i, 'be merged');
  refuseConfirmed(i + 1, 'be merged');
  const b = links[i + 1]!;
  out.splice(i, 2, freshLink([...a.en, ...b.en], [...a.ko, ...b.ko], [...a.evidence, ...b.evidence]));
}

function splitLink<L extends Link>({ i, a, out, item, name, refuseConfirmed }: LinkEdit<L>, op: Extract<LinkOp, { op: 'split' }>): void {
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
}

function moveItem<L extends Link>({ links, i, a, out, item, name, refuseConfirmed }: LinkEdit<L>, op: Extract<LinkOp, { op: 'move' }>): void {
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
}

function makeOneSided<L extends Link>({ i, a, out, item, name, refuseConfirmed }: LinkEdit<L>, op: Extract<LinkOp, { op: 'no-counterpart' }>): void {
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
}

function setStatus<L extends Link>({ i, a, out, name, refuseConfirmed, ctx }: LinkEdit<L>, op: 'confirm' | 'unconfirm' | 'reject' | 'unreject'): void {
  switch (op) {
    case 'confirm':
      if (a.status === 'confirmed') throw new ReviewOpError('already_confirmed', `${cap(name(i))} is already confirmed.`);
      out[i] = { ...a, status: 'confirmed', confirmedBy: ctx.user, confirmedAt: ctx.now };
      break;
    case 'unconfirm':
      if (a.status !== 'confirmed') throw new ReviewOpError('not_confirmed', `${cap(name(i))} is not confirmed.`);
      out[i] = { ...a, status: 'auto', confirmedBy: null, confirmedAt: null };
      break;
    case 'reject':
      refuseConfirmed(i, 'be rejected');
      if (a.status === 'rejected') throw new ReviewOpError('already_rejected', `${cap(name(i))} is already rejected.`);
      out[i] = { ...a, status: 'rejected' };
      break;
    case 'unreject':
      if (a.status !== 'rejected') throw new ReviewOpError('not_rejected', `${cap(name(i))} is not rejected.`);
      out[i] = { ...a, status: 'auto' };
      break;
  }
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * Re-cuts the sentence links of `state` to new paragraph rows. A sentence link that lies in one
 * new row keeps its status and score; one that falls across rows is cut into pieces, one per row.
 * Sentence links and rows are both in reading order, so the pieces are too.
 */
export function restrictSentences(state: ReviewState, rows: readonly Link[]): ParagraphLink[] {
  // Rows handed back unchanged (the same objects as in the state) keep their paragraphs, so their
  // sentence links stay with them as they are; only the other rows' sentence links are re-cut.
  // An operation changes one or two rows of hundreds, and this ran on every op.
  const old = new Set<Link>(state.links);
  const kept = new Set<Link>(rows.filter((r) => old.has(r)));
  const out: ParagraphLink[] = rows.map((r) => (kept.has(r) ? r as ParagraphLink : {
    en: r.en, ko: r.ko, status: r.status, confidence: r.confidence, evidence: r.evidence,
    confirmedBy: r.confirmedBy, confirmedAt: r.confirmedAt, sentences: [],
    ...((r as Partial<ParagraphLink>).crossed ? { crossed: true as const } : {}),
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
    const was = rows[i] as Partial<ParagraphLink>;
    if (kept.has(rows[i]!)) return row;
    const same = Array.isArray(was.sentences) && was.sentences.length === row.sentences.length
      && was.sentences.every((x, k) => x === row.sentences[k]);
    return same ? (was as ParagraphLink) : row;
  });
}

function confirmUpTo(state: ReviewState, i: number, ctx: OpContext): ReviewState {
  rowAt(state, i);
  let changed = 0;
  const links = state.links.map((l, k) => {
    // rejected rows stay as they are: the reviewer marked them wrong
    if (k > i || l.status !== 'auto') return l;
    changed++;
    return confirmedRow(l, ctx);
  });
  if (changed === 0) throw new ReviewOpError('already_confirmed', `Rows 1 to ${i + 1} are already confirmed (or rejected).`);
  return { ...state, links };
}

/** The rows confirm-at-least would confirm: automatic rows whose confidence is at least `min`. */
export function linksAtLeast(state: ReviewState, min: number): number[] {
  const out: number[] = [];
  state.links.forEach((l, k) => { if (l.status === 'auto' && l.confidence !== null && l.confidence >= min) out.push(k); });
  return out;
}

function confirmAtLeast(state: ReviewState, min: number, ctx: OpContext): ReviewState {
  if (!(min >= 0 && min <= 1)) throw new ReviewOpError('bad_confidence', 'The confidence must be a number from 0 to 1.');
  const rows = linksAtLeast(state, min);
  if (rows.length === 0) throw new ReviewOpError('nothing_to_confirm', `No unconfirmed row has a confidence of ${min} or more.`);
  const links = state.links.slice();
  for (const k of rows) links[k] = confirmedRow(links[k]!, ctx);
  return { ...state, links };
}

const toAlignSide = (doc: ReviewState['en']): AlignSide =>
  ({ paragraphs: doc.paragraphs.map((p) => ({ kind: p.kind, sentences: p.sentences })) });

/**
 * Realigns every stretch that is not confirmed: before the first confirmed row, between any two,
 * after the last. Confirmed and crossed rows go to the aligner as fixed links and come back as
 * the very same objects; rows it gives back unchanged stay the same objects too (nothing to write
 * or redraw for them).
 */
function realignRest(state: ReviewState, ctx: OpContext): ReviewState {
  if (state.links.length === 0) throw new ReviewOpError('not_aligned', 'This pair is not aligned yet; align it first.');
  const kept = state.links.filter(isKeptLink);
  if (kept.length === state.links.length) throw new ReviewOpError('nothing_to_realign', 'Every row is confirmed (or a crossed link, which realign keeps); there is nothing to realign.');
  const fixed = kept.map(toFixedLink);
  const result = ctx.realign(toAlignSide(state.en), toAlignSide(state.ko), fixed);
  const keptByKey = new Map(kept.map((r) => [linkKey(r), r]));
  const fixedSentences = new Set(kept.flatMap((r) => r.sentences.map(linkKey)));
  const rows: Link[] = result.paragraphs.map((l) => keptByKey.get(linkKey(l)) ?? { ...freshLink(l.en, l.ko, l.evidence), confidence: l.confidence });
  const free = result.sentences.filter((l) => !fixedSentences.has(linkKey(l)))
    .map((l) => ({ ...freshLink(l.en, l.ko, l.evidence), confidence: l.confidence }));
  // restrictSentences reads sentence links from the state's rows: hand it the kept rows' and the free ones
  const source: ReviewState = { ...state, links: [...kept, { ...freshLink([], []), sentences: free }] };
  const oldByKey = new Map(state.links.map((r) => [linkKey(r), r]));
  const links = restrictSentences(source, rows).map((r) => {
    const old = oldByKey.get(linkKey(r));
    if (old && sameParagraphLink(old, r)) return old;
    // the aligner proposing a link a reviewer rejected does not make it right: it stays rejected
    return old?.status === 'rejected' ? { ...r, status: 'rejected' as const } : r;
  });
  return { ...state, links };
}

/** Refuses unless `list` is k, k + 1, … within [0, n). */
function checkRunOf(list: readonly number[], n: number, what: string): void {
  for (let k = 0; k < list.length; k++) {
    const x = list[k]!;
    if (!Number.isInteger(x) || x < 0 || x >= n || (k > 0 && x !== list[k - 1]! + 1)) {
      throw new ReviewOpError('bad_link', `${what} must be neighbours in reading order, numbered 0 to ${n - 1} as the pair shows them; got ${list.join(', ')}.`);
    }
  }
}

/**
 * The links that replace links[lo..hi] when exactly `en` × `ko` become one link: the items of
 * those links left over become one-sided links, in reading order around the new one (English-only
 * before Korean-only, as elsewhere). Returns them and the new link's offset among them.
 */
function regroup(links: readonly Link[], lo: number, hi: number, en: readonly number[], ko: readonly number[]): { out: Link[]; at: number } {
  const span = links.slice(lo, hi + 1);
  const items = { en: span.flatMap((l) => l.en), ko: span.flatMap((l) => l.ko) };
  const pick = (side: Side, sel: readonly number[], before: boolean) => items[side]
    .filter((x) => (sel.length === 0 ? before : before ? x < sel[0]! : x > sel[sel.length - 1]!))
    .map((x) => (side === 'en' ? freshLink([x], []) : freshLink([], [x])));
  const before = [...pick('en', en, true), ...pick('ko', ko, true)];
  const after = [...pick('en', en, false), ...pick('ko', ko, false)];
  return { out: [...before, freshLink([...en], [...ko]), ...after], at: before.length };
}

/** Sentence links for a new link of paragraphs en × ko: the aligner run on those paragraphs alone. */
function alignInside(state: ReviewState, en: readonly number[], ko: readonly number[], ctx: OpContext): Link[] {
  const starts = { en: sentenceStarts(state.en), ko: sentenceStarts(state.ko) };
  const ids = (side: Side, ps: readonly number[]) =>
    ps.flatMap((p) => Array.from({ length: starts[side][p + 1]! - starts[side][p]! }, (_, t) => starts[side][p]! + t));
  const sub = (side: Side, ps: readonly number[]): AlignSide => ({ paragraphs: ps.map((p) => state[side].paragraphs[p]!) });
  const idsE = ids('en', en);
  const idsK = ids('ko', ko);
  const whole = [freshLink(idsE, idsK)];
  if (idsE.length === 0 || idsK.length === 0) return idsE.length + idsK.length === 0 ? [] : whole;
  const r = ctx.realign(sub('en', en), sub('ko', ko), []);
  const out = r.sentences.map((l) => ({ ...freshLink(l.en.map((x) => idsE[x]!), l.ko.map((x) => idsK[x]!), l.evidence), confidence: l.confidence }));
  // the aligner must cover every sentence once in order; anything else falls back to one n:m link
  const flat = { en: out.flatMap((l) => l.en), ko: out.flatMap((l) => l.ko) };
  const same = (a: number[], b: number[]) => a.length === b.length && a.every((x, k) => x === b[k]);
  return same(flat.en, idsE) && same(flat.ko, idsK) && out.every((l) => l.en.length + l.ko.length > 0) ? out : whole;
}

/**
 * Makes exactly paragraphs `en` × `ko` one link. Rows between the first and the last one touched
 * give up their other paragraphs as one-sided rows. A one-sided English paragraph and a one-sided
 * Korean paragraph with a two-sided row between them become a crossed row instead, at the English
 * paragraph's place: nothing between them changes.
 */
function linkParagraphs(state: ReviewState, en: number[], ko: number[], ctx: OpContext): ReviewState {
  if (state.links.length === 0) throw new ReviewOpError('not_aligned', 'This pair is not aligned yet; align it first.');
  checkRunOf(en, state.en.paragraphs.length, 'English paragraphs');
  checkRunOf(ko, state.ko.paragraphs.length, 'Korean paragraphs');
  if (en.length + ko.length === 0) throw new ReviewOpError('bad_link', 'Choose at least one paragraph to link.');
  const rowOf = { en: new Map<number, number>(), ko: new Map<number, number>() };
  state.links.forEach((l, r) => { for (const s of SIDES) for (const p of l[s]) rowOf[s].set(p, r); });
  const rowsOf = (side: Side, list: number[]) => [...new Set(list.map((p) => rowOf[side].get(p)!))].sort((a, b) => a - b);
  const rows = { en: rowsOf('en', en), ko: rowsOf('ko', ko) };
  const touched = [...new Set([...rows.en, ...rows.ko])].sort((a, b) => a - b);
  const lo = touched[0]!;
  const hi = touched[touched.length - 1]!;
  if (touched.length === 1 && linkKey(state.links[lo]!) === linkKey({ en, ko })) throw new ReviewOpError('no_change', 'These paragraphs are already one link.');
  const onlyOn = (side: Side, rs: number[], sel: number[]) => rs.every((r) => {
    const l = state.links[r]!;
    return !l.crossed && l[side === 'en' ? 'ko' : 'en'].length === 0;
  }) && linkKey({ en: rs.flatMap((r) => state.links[r]![side]), ko: [] }) === linkKey({ en: sel, ko: [] });
  const touchedSet = new Set(touched);
  const apart = state.links.slice(lo, hi + 1).some((l, k) => !touchedSet.has(lo + k) && (l.crossed || (l.en.length > 0 && l.ko.length > 0)));
  const refuse = (r: number) => {
    const l = state.links[r]!;
    if (l.status === 'confirmed') throw new ReviewOpError('confirmed', `Row ${r + 1} is confirmed, so linking cannot change it. Unconfirm it first.`);
    if (l.crossed) throw new ReviewOpError('crossed', `Row ${r + 1} is a crossed link (a moved paragraph); dissolve it first with "No counterpart".`);
  };
  if (en.length > 0 && ko.length > 0 && apart && onlyOn('en', rows.en, en) && onlyOn('ko', rows.ko, ko)) {
    touched.forEach(refuse);
    const link: ParagraphLink = { ...freshLink([...en], [...ko]), crossed: true, sentences: alignInside(state, en, ko, ctx) };
    const links: ParagraphLink[] = [];
    state.links.forEach((l, k) => {
      if (k === rows.en[0]) links.push(link);
      if (!touchedSet.has(k)) links.push(l);
    });
    return { ...state, links };
  }
  for (let r = lo; r <= hi; r++) refuse(r);
  const { out, at } = regroup(state.links, lo, hi, en, ko);
  const links = restrictSentences(state, [...state.links.slice(0, lo), ...out, ...state.links.slice(hi + 1)]);
  links[lo + at] = { ...links[lo + at]!, sentences: alignInside(state, en, ko, ctx) };
  return { ...state, links };
}

/** Makes exactly sentences `en` × `ko` (article-wide indices) one sentence link inside row `r`. */
function linkSentences(state: ReviewState, r: number, en: number[], ko: number[], ctx: OpContext): ReviewState {
  const row = rowAt(state, r);
  const owners = { en: sentenceOwners(state.en), ko: sentenceOwners(state.ko) };
  checkRunOf(en, owners.en.length, 'English sentences');
  checkRunOf(ko, owners.ko.length, 'Korean sentences');
  if (en.length + ko.length === 0) throw new ReviewOpError('bad_link', 'Choose at least one sentence to link.');
  const linkOf = { en: new Map<number, number>(), ko: new Map<number, number>() };
  row.sentences.forEach((l, k) => { for (const s of SIDES) for (const x of l[s]) linkOf[s].set(x, k); });
  const touched = new Set<number>();
  for (const s of SIDES) {
    for (const x of s === 'en' ? en : ko) {
      const k = linkOf[s].get(x);
      if (k === undefined) throw new ReviewOpError('not_in_link', `${SIDE_NAME[s]} sentence ${x + 1} is not in row ${r + 1}.`);
      touched.add(k);
    }
  }
  const sorted = [...touched].sort((a, b) => a - b);
  const lo = sorted[0]!;
  const hi = sorted[sorted.length - 1]!;
  if (sorted.length === 1 && linkKey(row.sentences[lo]!) === linkKey({ en, ko })) throw new ReviewOpError('no_change', 'These sentences are already one link.');
  for (let k = lo; k <= hi; k++) {
    if (row.sentences[k]!.status === 'confirmed') {
      throw new ReviewOpError('confirmed', `Sentence link ${k + 1} of row ${r + 1} is confirmed, so linking cannot change it. Unconfirm it first.`);
    }
  }
  const { out } = regroup(row.sentences, lo, hi, en, ko);
  const links = state.links.slice();
  links[r] = { ...row, sentences: [...row.sentences.slice(0, lo), ...out, ...row.sentences.slice(hi + 1)] };
  void ctx;
  return { ...state, links };
}

/** "No counterpart" on a crossed row: its English and Korean paragraphs go back to one-sided rows at their places. */
function dissolveCrossed(state: ReviewState, i: number): ReviewState {
  const a = state.links[i]!;
  if (a.status === 'confirmed') throw new ReviewOpError('confirmed', `Row ${i + 1} is confirmed, so it cannot be changed. Unconfirm it first.`);
  const rows: Link[] = [...state.links.slice(0, i), freshLink(a.en, []), ...state.links.slice(i + 1)];
  // the Korean paragraphs return before the first in-order row that holds a later Korean paragraph
  let j = rows.findIndex((l) => !(l as Partial<ParagraphLink>).crossed && l.ko.length > 0 && l.ko[0]! > a.ko[0]!);
  if (j < 0) j = rows.length;
  rows.splice(j, 0, freshLink([], a.ko));
  return { ...state, links: restrictSentences(state, rows) };
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
  const links: ParagraphLink[] = state.links.map((row) => {
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

