/**
 * Makes an alignment brought in from outside (a filtered export, a record's `links`) valid, the
 * way every stored alignment must be (server/review/state.ts, `jjak doctor`): every paragraph and
 * sentence in exactly one link, links in reading order on both sides, every sentence link inside
 * one paragraph link. Items no link covers are completed as one-sided links (1:0 or 0:1, status
 * auto, no score), placed where they fall: a reviewer sees them, and can merge them into a
 * neighbour, confirm or realign; guessing an alignment inside the gap would hide that they were
 * missing. Links that cannot be made valid (overlapping, crossing, out of range, a sentence link
 * across two paragraph links) throw {@link LinkError} with the reason. Pure.
 */
import type { AlignmentInput, BeadInput } from '../../db/pairs.ts';

/** What completion needs of a side: its paragraphs' sentence counts. */
export interface LinkDoc { paragraphs: readonly { sentences: readonly string[] }[] }

export class LinkError extends Error {}

export interface CompletedAlignment {
  alignment: AlignmentInput;
  /** One-sided links added per level (each for one uncovered item). */
  added: { paragraph: number; sentence: number };
}

type Side = 'en' | 'ko';
const oneSided = (side: Side, i: number, other: number): BeadInput =>
  side === 'en' ? { en: [i, i + 1], ko: [other, other] } : { en: [other, other], ko: [i, i + 1] };

/**
 * Tiles [lo.en, hi.en) × [lo.ko, hi.ko) with the given links (in order) plus one-sided links for
 * what they leave out; `what` names the links in messages. Empty links are dropped.
 */
function tile(links: readonly BeadInput[], lo: Record<Side, number>, hi: Record<Side, number>, what: string, numbers: readonly number[]): { out: BeadInput[]; added: number } {
  const out: BeadInput[] = [];
  const at = { ...lo };
  let added = 0;
  const fillTo = (en: number, ko: number) => {
    for (; at.en < en; at.en++, added++) out.push(oneSided('en', at.en, at.ko));
    for (; at.ko < ko; at.ko++, added++) out.push(oneSided('ko', at.ko, at.en));
  };
  links.forEach((l, k) => {
    const n = numbers[k] ?? k;
    const has = { en: l.en[1] > l.en[0], ko: l.ko[1] > l.ko[0] };
    if (!has.en && !has.ko) return;
    for (const side of ['en', 'ko'] as const) {
      if (!has[side]) continue;
      const [s, e] = l[side];
      if (!Number.isInteger(s) || !Number.isInteger(e) || s < lo[side] || e > hi[side]) {
        throw new LinkError(`${what} ${n}: ${side} items ${s}–${e - 1} lie outside ${lo[side]}–${hi[side] - 1}`);
      }
      if (s < at[side]) throw new LinkError(`${what} ${n}: ${side} item ${s} is already in an earlier link (links overlap or cross)`);
    }
    fillTo(has.en ? l.en[0] : at.en, has.ko ? l.ko[0] : at.ko);
    out.push({ ...l, en: has.en ? l.en : [at.en, at.en], ko: has.ko ? l.ko : [at.ko, at.ko] });
    if (has.en) at.en = l.en[1];
    if (has.ko) at.ko = l.ko[1];
  });
  fillTo(hi.en, hi.ko);
  return { out, added };
}

/** Completes both levels of `alignment` for documents `en` and `ko`; see the module comment. */
export function completeAlignment(en: LinkDoc, ko: LinkDoc, alignment: AlignmentInput): CompletedAlignment {
  const starts = (d: LinkDoc) => {
    const s = [0];
    for (const p of d.paragraphs) s.push(s[s.length - 1]! + p.sentences.length);
    return s;
  };
  const start = { en: starts(en), ko: starts(ko) };
  const paragraphs = tile(alignment.paragraphs, { en: 0, ko: 0 }, { en: en.paragraphs.length, ko: ko.paragraphs.length }, 'paragraph link', []);
  // The row of every paragraph, then of every sentence through its paragraph.
  const rowOf: Record<Side, number[]> = { en: [], ko: [] };
  paragraphs.out.forEach((l, r) => {
    for (const side of ['en', 'ko'] as const) for (let p = l[side][0]; p < l[side][1]; p++) rowOf[side][p] = r;
  });
  const sentenceRow: Record<Side, number[]> = { en: [], ko: [] };
  for (const side of ['en', 'ko'] as const) {
    const doc = side === 'en' ? en : ko;
    doc.paragraphs.forEach((p, i) => { for (let k = 0; k < p.sentences.length; k++) sentenceRow[side].push(rowOf[side][i]!); });
  }
  const byRow = paragraphs.out.map(() => ({ links: [] as BeadInput[], numbers: [] as number[] }));
  alignment.sentences.forEach((l, n) => {
    const rows = new Set<number>();
    for (const side of ['en', 'ko'] as const) {
      const [s, e] = l[side];
      const total = sentenceRow[side].length;
      if (e > s && (!Number.isInteger(s) || !Number.isInteger(e) || s < 0 || e > total)) {
        throw new LinkError(`sentence link ${n}: ${side} items ${s}–${e - 1} lie outside 0–${total - 1}`);
      }
      for (let x = s; x < e; x++) rows.add(sentenceRow[side][x]!);
    }
    if (rows.size === 0) return;
    if (rows.size > 1) throw new LinkError(`sentence link ${n} spans paragraph links ${[...rows].sort((a, b) => a - b).join(' and ')}: it must lie inside one`);
    const row = byRow[[...rows][0]!]!;
    row.links.push(l);
    row.numbers.push(n);
  });
  const sentences: BeadInput[] = [];
  let sentenceAdded = 0;
  paragraphs.out.forEach((l, r) => {
    const lo = { en: start.en[l.en[0]]!, ko: start.ko[l.ko[0]]! };
    const hi = { en: start.en[l.en[1]]!, ko: start.ko[l.ko[1]]! };
    const t = tile(byRow[r]!.links, lo, hi, 'sentence link', byRow[r]!.numbers);
    sentences.push(...t.out);
    sentenceAdded += t.added;
  });
  return { alignment: { paragraphs: paragraphs.out, sentences }, added: { paragraph: paragraphs.added, sentence: sentenceAdded } };
}
