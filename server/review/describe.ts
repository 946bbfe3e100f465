/** One-line descriptions of operations for the history, and the paragraphs each one touches. */
import { linksAtLeast, type ReviewOp } from './ops.ts';
import type { ReviewState } from './state.ts';

const SIDE = { en: 'English', ko: 'Korean' } as const;

/** "merged rows 3 and 4", in words (rows and paragraphs numbered from 1, as the screen shows them). */
export function describeOp(state: ReviewState, op: ReviewOp): string {
  const n = (i: number) => i + 1;
  if ('link' in op && 'sentence' in op && op.sentence !== undefined) {
    const where = `in row ${n(op.link)}`;
    const j = op.sentence;
    switch (op.op) {
      case 'merge': return `merged sentence links ${n(j)} and ${n(j + 1)} ${where}`;
      case 'split': return `split sentence link ${n(j)} ${where}`;
      case 'move': return `moved a ${SIDE[op.side]} sentence ${op.dir} from sentence link ${n(j)} ${where}`;
      case 'no-counterpart': return `made a ${SIDE[op.side]} sentence one-sided ${where}`;
      case 'confirm': return `confirmed sentence link ${n(j)} ${where}`;
      case 'unconfirm': return `unconfirmed sentence link ${n(j)} ${where}`;
      case 'reject': return `rejected sentence link ${n(j)} ${where}`;
      case 'unreject': return `took back the rejection of sentence link ${n(j)} ${where}`;
    }
  }
  switch (op.op) {
    case 'merge': return `merged rows ${n(op.link)} and ${n(op.link + 1)}`;
    case 'split': return `split row ${n(op.link)}`;
    case 'move': return `moved ${SIDE[op.side]} paragraph ${op.dir} from row ${n(op.link)} to row ${n(op.dir === 'up' ? op.link - 1 : op.link + 1)}`;
    case 'no-counterpart': return `made ${SIDE[op.side]} paragraph ${op.index !== undefined ? n(op.index) : `at the end of row ${n(op.link)}`} one-sided`;
    case 'confirm': return `confirmed row ${n(op.link)}`;
    case 'unconfirm': return `unconfirmed row ${n(op.link)}`;
    case 'confirm-up-to': return `confirmed rows 1 to ${n(op.link)}`;
    case 'reject': return `rejected row ${n(op.link)}`;
    case 'unreject': return `took back the rejection of row ${n(op.link)}`;
    case 'confirm-at-least': {
      const count = linksAtLeast(state, op.confidence).length;
      return `confirmed ${count} row${count === 1 ? '' : 's'} at or above ${op.confidence}`;
    }
    case 'link': {
      const list = (xs: number[]) => (xs.length === 0 ? 'none' : xs.length === 1 ? `${n(xs[0]!)}` : `${n(xs[0]!)}-${n(xs[xs.length - 1]!)}`);
      const what = `English ${list(op.en)} with Korean ${list(op.ko)}`;
      return op.level === 'sentence' ? `linked sentences ${what} in row ${n(op.link)}` : `linked paragraphs ${what}`;
    }
    case 'realign-rest': {
      const confirmed = state.links.filter((l) => l.status === 'confirmed').length;
      return confirmed === 0 ? 'realigned all rows' : `realigned every row around the ${confirmed} confirmed`;
    }
    case 'edit-text': return `corrected ${SIDE[op.side]} paragraph ${n(op.paragraph)}`;
    case 'split-paragraph': return `split ${SIDE[op.side]} paragraph ${n(op.paragraph)} in two`;
    case 'join-paragraphs': return `joined ${SIDE[op.side]} paragraphs ${n(op.paragraph)} and ${n(op.paragraph + 1)}`;
  }
}

/** Paragraphs (both sides) of the rows an operation works on, before it: the per-row history matches on them. */
export function touchedParagraphs(state: ReviewState, op: ReviewOp): { en: number[]; ko: number[] } {
  let rows: number[];
  if (op.op === 'realign-rest') rows = state.links.map((_, i) => i);
  else if (op.op === 'confirm-up-to') rows = state.links.map((_, i) => i).filter((i) => i <= op.link);
  else if (op.op === 'confirm-at-least') rows = linksAtLeast(state, op.confidence);
  else if (op.op === 'link' && op.level === 'paragraph') {
    return { en: op.en, ko: op.ko };
  }
  else if ('paragraph' in op) {
    rows = [state.links.findIndex((l) => l[op.side].includes(op.paragraph))];
  } else if (op.op === 'merge') rows = [op.link, op.link + 1];
  else if (op.op === 'move' && op.sentence === undefined) rows = [op.link, op.dir === 'up' ? op.link - 1 : op.link + 1];
  else rows = [op.link];
  const links = rows.map((i) => state.links[i]).filter((l) => l !== undefined);
  return { en: links.flatMap((l) => l.en), ko: links.flatMap((l) => l.ko) };
}
