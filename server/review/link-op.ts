/** The "link" operation (these paragraphs or sentences are one link) and dissolving a crossed link. */
import { sentenceOwners, sentenceStarts, type Link, type ParagraphLink } from '../model.ts';
import type { AlignSide } from '../align/types.ts';
import { freshLink, ReviewOpError, linkKey, SIDES, type ReviewState } from './state.ts';
import { rowAt, SIDE_NAME, type OpContext, type Side } from './op.ts';
import { restrictSentences } from './recut.ts';

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
export function linkParagraphs(state: ReviewState, en: number[], ko: number[], ctx: OpContext): ReviewState {
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
export function linkSentences(state: ReviewState, r: number, en: number[], ko: number[]): ReviewState {
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
  return { ...state, links };
}

/** "No counterpart" on a crossed row: its English and Korean paragraphs go back to one-sided rows at their places. */
export function dissolveCrossed(state: ReviewState, i: number): ReviewState {
  const a = state.links[i]!;
  if (a.status === 'confirmed') throw new ReviewOpError('confirmed', `Row ${i + 1} is confirmed, so it cannot be changed. Unconfirm it first.`);
  const rows: Link[] = [...state.links.slice(0, i), freshLink(a.en, []), ...state.links.slice(i + 1)];
  // the Korean paragraphs return before the first in-order row that holds a later Korean paragraph
  let j = rows.findIndex((l) => !(l as Partial<ParagraphLink>).crossed && l.ko.length > 0 && l.ko[0]! > a.ko[0]!);
  if (j < 0) j = rows.length;
  rows.splice(j, 0, freshLink([], a.ko));
  return { ...state, links: restrictSentences(state, rows) };
}
