/**
 * The review operations: pure functions from an alignment state and an operation to a new state.
 * Invalid operations throw ReviewOpError; every result is checked with checkInvariants before it
 * is returned, so a bug can never be written to the database.
 *
 * Paragraph-level operations change the rows; the sentence links are then re-cut to the new rows
 * (restrictSentences), so a sentence link that fell across a new row boundary becomes two
 * one-sided pieces instead of breaking nesting. Sentence-level operations (the same names with a
 * `sentence` argument) change only the sentence links of one row. The operations live in op.ts (shapes),
 * link-edits.ts, link-op.ts, text-ops.ts and recut.ts; this module dispatches and checks.
 */
import type { Link, ParagraphLink } from '../model.ts';
import { toAlignSide } from '../align/side.ts';
import { checkInvariants, freshLink, isKeptLink, ReviewOpError, linkKey, toFixedLink, type ReviewState } from './state.ts';
import { sameParagraphLink } from './patch.ts';
import { rowAt, type OpContext, type ReviewOp } from './op.ts';
import { editLinks } from './link-edits.ts';
import { dissolveCrossed, linkParagraphs, linkSentences } from './link-op.ts';
import { restrictSentences } from './recut.ts';
import { editText, joinParagraphs, splitParagraph } from './text-ops.ts';

export { REVIEW_OP_NAMES, type OpContext, type ReviewOp, type ReviewOpName } from './op.ts';
export { cleanEditedText } from './text-ops.ts';

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
    case 'link': return op.level === 'paragraph' ? linkParagraphs(state, op.en, op.ko, ctx) : linkSentences(state, op.link, op.en, op.ko);
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
    case 'confirm': case 'unconfirm': return setRowStatus(state, op.link, op.op, ctx);
    case 'reject': case 'unreject': return { ...state, links: editLinks(state.links, op.link, op, ctx, 'paragraph', 'row') };
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
 * Confirm or unconfirm a whole row. Confirm reaches the row's sentence links; unconfirm takes back
 * those confirmed together with the row (same who and when) and leaves the ones confirmed one by one.
 * (Reject and unreject change the row alone, as they do a sentence link: link-edits.ts.)
 */
function setRowStatus(state: ReviewState, i: number, op: 'confirm' | 'unconfirm', ctx: OpContext): ReviewState {
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
  }
  const links = state.links.slice();
  links[i] = row;
  return { ...state, links };
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
