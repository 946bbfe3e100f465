/** Text edits of one paragraph: replace, split at a position, join with the next; sentences re-segmented. */
import { cleanText } from '../import/normalise.ts';
import { sentenceStarts, type Paragraph, type ParagraphLink } from '../model.ts';
import { freshLink, ReviewOpError, type ReviewState } from './state.ts';
import { MAX_PARAGRAPH_CHARS, SIDE_NAME, type OpContext, type Side } from './op.ts';

/** Cleans edited text exactly as import does (server/import/normalise.ts), as one line. */
export const cleanEditedText = (text: string): string => cleanText(text, { oneLine: true });

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
  const t = cleanEditedText(text);
  if (t.length === 0) throw new ReviewOpError('empty_text', 'A paragraph needs some text. To remove a paragraph, join it with its neighbour.');
  if (t.length > MAX_PARAGRAPH_CHARS) throw new ReviewOpError('too_long', `A paragraph can hold at most ${MAX_PARAGRAPH_CHARS} characters.`);
  return t;
}

export function editText(state: ReviewState, side: Side, p: number, text: string, ctx: OpContext): ReviewState {
  const old = paragraphAt(state, side, p);
  const t = checkedText(text);
  if (t === old.text) throw new ReviewOpError('no_change', 'The text is unchanged.');
  return replaceParagraphs(state, side, p, p + 1, [{ kind: old.kind, text: t, sentences: segmented(t, side, ctx) }]);
}

export function splitParagraph(state: ReviewState, side: Side, p: number, at: number, ctx: OpContext): ReviewState {
  const old = paragraphAt(state, side, p);
  if (!Number.isInteger(at) || at <= 0 || at >= old.text.length) {
    throw new ReviewOpError('bad_split', `Choose a split point inside the paragraph (1 to ${old.text.length - 1}).`);
  }
  const left = cleanEditedText(old.text.slice(0, at));
  const right = cleanEditedText(old.text.slice(at));
  if (!left || !right) throw new ReviewOpError('bad_split', 'Both parts of the paragraph need some text.');
  return replaceParagraphs(state, side, p, p + 1, [
    { kind: old.kind, text: left, sentences: segmented(left, side, ctx) },
    { kind: old.kind, text: right, sentences: segmented(right, side, ctx) },
  ]);
}

export function joinParagraphs(state: ReviewState, side: Side, p: number, ctx: OpContext): ReviewState {
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
