/** Edits of one link list (paragraph links, or the sentence links of one row): merge, split, move, one-sided, status. */
import type { Link } from '../model.ts';
import { freshLink, ReviewOpError } from './state.ts';
import { cap, SIDE_NAME, type OpContext, type ReviewOp, type Side } from './op.ts';

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
export function editLinks<L extends Link>(links: readonly L[], i: number, op: LinkOp, ctx: OpContext,
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

