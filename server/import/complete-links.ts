/**
 * Makes an alignment brought in from outside (a filtered export, a record's `links`) valid, the
 * way every stored alignment must be (server/review/state.ts, `jjak doctor`): every paragraph and
 * sentence in exactly one link, links in reading order on both sides, every sentence link inside
 * one paragraph link. Paragraphs no link covers are joined into one paragraph link where a given
 * sentence link joins them (a filtered export keeps a confirmed sentence link whose paragraph link
 * it left out); every other uncovered paragraph or sentence becomes a one-sided link (1:0 or 0:1,
 * status auto, no score), placed where it falls: a reviewer sees it and can merge, confirm or
 * realign, where guessing an alignment inside the gap would hide that it was missing. Links that cannot be made valid (overlapping, crossing, out of range, a sentence link
 * across two paragraph links) throw {@link LinkError} with the reason. Pure.
 */
import { sentenceOwners, sentenceStarts, type AlignmentInput, type LinkInput } from '../model.ts';

/** What completion needs of a side: its paragraphs' sentence counts. */
export interface LinkDoc { paragraphs: readonly { sentences: readonly string[] }[] }

export class LinkError extends Error {}

export interface CompletedAlignment {
  alignment: AlignmentInput;
  /** One-sided links added per level (each for one uncovered item). */
  added: { paragraph: number; sentence: number };
}

type Side = 'en' | 'ko';
const oneSided = (side: Side, i: number, other: number): LinkInput =>
  side === 'en' ? { en: [i, i + 1], ko: [other, other] } : { en: [other, other], ko: [i, i + 1] };

/** Links for the uncovered items [e0, e1) × [k0, k1) between two given links; `added` counts the items they take. */
type GapFiller = (e0: number, e1: number, k0: number, k1: number) => { links: LinkInput[]; added: number };

/** Given one-sided links by side and item, with their place in the given order. */
type OneSidedState = Record<Side, Map<number, { link: LinkInput; at: number }>>;

/**
 * Every uncovered item its own one-sided link, English ones before Korean ones, except that items
 * of given one-sided links keep their review state and the order they were given in.
 */
function oneSidedFiller(given?: OneSidedState): GapFiller {
  return (e0, e1, k0, k1) => {
    const links: LinkInput[] = [];
    let added = 0;
    let e = e0;
    let k = k0;
    while (e < e1 || k < k1) {
      const ge = e < e1 ? given?.en.get(e) : undefined;
      const gk = k < k1 ? given?.ko.get(k) : undefined;
      const takeEn = e < e1 && (k >= k1 || !ge || (gk !== undefined && ge.at < gk.at));
      const was = takeEn ? ge : gk;
      const link = takeEn ? oneSided('en', e++, k) : oneSided('ko', k++, e);
      links.push(was ? { ...was.link, en: link.en, ko: link.ko } : link);
      if (!was) added++;
    }
    return { links, added };
  };
}
const oneSidedGap = oneSidedFiller();

/**
 * Tiles [lo.en, hi.en) × [lo.ko, hi.ko) with the given links (in order) plus links for what they
 * leave out (from `fill`); `what` names the links in messages. Empty links are dropped.
 */
function tile(links: readonly LinkInput[], lo: Record<Side, number>, hi: Record<Side, number>, what: string, numbers: readonly number[], fill: GapFiller = oneSidedGap): { out: LinkInput[]; added: number } {
  const out: LinkInput[] = [];
  const at = { ...lo };
  let added = 0;
  const fillTo = (en: number, ko: number) => {
    if (en > at.en || ko > at.ko) {
      const g = fill(at.en, en, at.ko, ko);
      out.push(...g.links);
      added += g.added;
    }
    at.en = Math.max(at.en, en);
    at.ko = Math.max(at.ko, ko);
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

/**
 * The paragraph gap filler that keeps the given sentence links: paragraphs joined by a two-sided
 * sentence link lying in the gap become one paragraph link (overlapping or crossing ones merged
 * into one block), so a filtered export's sentence links survive when their paragraph link was
 * left out; the rest become one-sided links.
 */
function sentenceGuidedGap(sentences: readonly LinkInput[], owner: Record<Side, readonly number[]>, given: OneSidedState): GapFiller {
  const oneSidedGap = oneSidedFiller(given);
  return (e0, e1, k0, k1) => {
    const spans: { en: [number, number]; ko: [number, number] }[] = [];
    for (const s of sentences) {
      if (s.en[1] <= s.en[0] || s.ko[1] <= s.ko[0]) continue;
      const en: [number, number] = [owner.en[s.en[0]] ?? -1, owner.en[s.en[1] - 1] ?? -1];
      const ko: [number, number] = [owner.ko[s.ko[0]] ?? -1, owner.ko[s.ko[1] - 1] ?? -1];
      if (en[0] >= e0 && en[1] < e1 && ko[0] >= k0 && ko[1] < k1) spans.push({ en, ko });
    }
    spans.sort((a, b) => a.en[0] - b.en[0] || a.ko[0] - b.ko[0]);
    const blocks: { en: [number, number]; ko: [number, number] }[] = [];
    for (const sp of spans) {
      const last = blocks[blocks.length - 1];
      if (last && (sp.en[0] <= last.en[1] || sp.ko[0] <= last.ko[1])) {
        last.en[1] = Math.max(last.en[1], sp.en[1]);
        last.ko = [Math.min(last.ko[0], sp.ko[0]), Math.max(last.ko[1], sp.ko[1])];
      } else blocks.push({ en: [...sp.en], ko: [...sp.ko] });
    }
    // A block may now reach back over an earlier one on the Korean side: merge until monotone.
    for (let i = 1; i < blocks.length; i++) {
      const prev = blocks[i - 1]!;
      const b = blocks[i]!;
      if (b.ko[0] <= prev.ko[1]) {
        prev.en[1] = Math.max(prev.en[1], b.en[1]);
        prev.ko = [Math.min(prev.ko[0], b.ko[0]), Math.max(prev.ko[1], b.ko[1])];
        blocks.splice(i, 1);
        i = Math.max(0, i - 2);
      }
    }
    const links: LinkInput[] = [];
    let added = 0;
    let e = e0;
    let k = k0;
    for (const b of blocks) {
      const g = oneSidedGap(e, b.en[0], k, b.ko[0]);
      links.push(...g.links, { en: [b.en[0], b.en[1] + 1], ko: [b.ko[0], b.ko[1] + 1] });
      added += g.added + (b.en[1] + 1 - b.en[0]) + (b.ko[1] + 1 - b.ko[0]);
      e = b.en[1] + 1;
      k = b.ko[1] + 1;
    }
    const rest = oneSidedGap(e, e1, k, k1);
    links.push(...rest.links);
    return { links, added: added + rest.added };
  };
}

/** Completes both levels of `alignment` for documents `en` and `ko`; see the module comment. */
export function completeAlignment(en: LinkDoc, ko: LinkDoc, alignment: AlignmentInput): CompletedAlignment {
  const crossed = alignment.paragraphs.filter((l) => l.crossed && l.en[1] > l.en[0] && l.ko[1] > l.ko[0]);
  if (crossed.length === 0) return completeInOrder(en, ko, alignment);
  // Crossed links (moved paragraphs) are out of Korean order: complete the rest with their Korean
  // paragraphs taken out (a crossed link then stands as English-only), and put them back after.
  const taken = new Set<number>();
  crossed.forEach((l, n) => {
    for (let k = l.ko[0]; k < l.ko[1]; k++) {
      if (!Number.isInteger(k) || k < 0 || k >= ko.paragraphs.length || taken.has(k)) throw new LinkError(`crossed link ${n}: Korean paragraph ${k} is out of range or taken twice`);
      taken.add(k);
    }
  });
  const kept: number[] = []; // compressed Korean paragraph → original
  const compressed: number[] = []; // original → compressed (-1 when taken)
  ko.paragraphs.forEach((_, k) => { compressed.push(taken.has(k) ? -1 : kept.length); if (!taken.has(k)) kept.push(k); });
  const paragraphs = alignment.paragraphs.map((l, n) => {
    if (crossed.includes(l)) {
      return { ...l, crossed: false, ko: [0, 0] as [number, number] };
    }
    if (l.ko[1] <= l.ko[0]) return { ...l, ko: [0, 0] as [number, number] };
    const c0 = compressed[l.ko[0]] ?? -1;
    const c1 = compressed[l.ko[1] - 1] ?? -1;
    if (c0 < 0 || c1 < 0 || c1 - c0 !== l.ko[1] - 1 - l.ko[0]) throw new LinkError(`paragraph link ${n}: its Korean paragraphs ${l.ko[0]}–${l.ko[1] - 1} include one a crossed link holds`);
    return { ...l, ko: [c0, c1 + 1] as [number, number] };
  });
  // Sentence links do not guide the in-order paragraph gaps here (their Korean indices are not compressed).
  const inner = completeInOrder(en, { paragraphs: kept.map((k) => ko.paragraphs[k]!) }, { paragraphs, sentences: [] }, true);
  // Back to original Korean indices; a one-sided English link sits where the in-order Korean reading stands.
  const at = (c: number) => (c === 0 ? 0 : kept[c - 1]! + 1);
  // (Its English paragraphs came back one link each: the first becomes the crossed link, the rest go.)
  const back: LinkInput[] = [];
  for (const l of inner.alignment.paragraphs) {
    const o = l.ko[1] <= l.ko[0] ? crossed.find((x) => l.en[0] >= x.en[0] && l.en[0] < x.en[1]) : undefined;
    if (o) {
      if (l.en[0] === o.en[0]) back.push({ ...o, crossed: true });
      continue;
    }
    back.push({ ...l, ko: l.ko[1] > l.ko[0] ? [kept[l.ko[0]]!, kept[l.ko[1] - 1]! + 1] : [at(l.ko[0]), at(l.ko[0])] });
  }
  return completeSentences(en, ko, { paragraphs: back, sentences: alignment.sentences }, inner.added.paragraph);
}

/** Paragraph links made whole in Korean reading order; then (unless `paragraphsOnly`) their sentences. */
function completeInOrder(en: LinkDoc, ko: LinkDoc, alignment: AlignmentInput, paragraphsOnly = false): CompletedAlignment {
  const owner: Record<Side, number[]> = { en: sentenceOwners(en), ko: sentenceOwners(ko) };
  // A one-sided paragraph link says nothing about where it sits on the other side, so it does not
  // bound the gaps: its item is filled like an uncovered one, keeping its review state if it stays one-sided.
  const given: OneSidedState = { en: new Map(), ko: new Map() };
  const twoSided: LinkInput[] = [];
  const size = { en: en.paragraphs.length, ko: ko.paragraphs.length };
  alignment.paragraphs.forEach((l, n) => {
    const has = { en: l.en[1] > l.en[0], ko: l.ko[1] > l.ko[0] };
    if (has.en && has.ko) return void twoSided.push(l);
    for (const side of ['en', 'ko'] as const) {
      const [s, e] = l[side];
      if (s >= e) continue;
      if (!Number.isInteger(s) || !Number.isInteger(e) || s < 0 || e > size[side]) throw new LinkError(`paragraph link ${n}: ${side} items ${s}–${e - 1} lie outside 0–${size[side] - 1}`);
      for (let i = s; i < e; i++) {
        if (given[side].has(i)) throw new LinkError(`paragraph link ${n}: ${side} item ${i} is already in an earlier link (links overlap or cross)`);
        given[side].set(i, { link: l, at: n });
      }
    }
  });
  const paragraphs = tile(twoSided, { en: 0, ko: 0 }, size, 'paragraph link', [],
    sentenceGuidedGap(alignment.sentences, owner, given));
  if (paragraphsOnly) return { alignment: { paragraphs: paragraphs.out, sentences: [] }, added: { paragraph: paragraphs.added, sentence: 0 } };
  return completeSentences(en, ko, { paragraphs: paragraphs.out, sentences: alignment.sentences }, paragraphs.added, owner);
}

/** Tiles every paragraph link's sentences with the given sentence links (a crossed row's are marked crossed). */
function completeSentences(en: LinkDoc, ko: LinkDoc, alignment: AlignmentInput, paragraphAdded: number,
  owner: Record<Side, number[]> = { en: sentenceOwners(en), ko: sentenceOwners(ko) }): CompletedAlignment {
  const start = { en: sentenceStarts(en), ko: sentenceStarts(ko) };
  const paragraphs = { out: alignment.paragraphs, added: paragraphAdded };
  // The row of every paragraph, then of every sentence through its paragraph.
  const rowOf: Record<Side, number[]> = { en: [], ko: [] };
  paragraphs.out.forEach((l, r) => {
    for (const side of ['en', 'ko'] as const) for (let p = l[side][0]; p < l[side][1]; p++) rowOf[side][p] = r;
  });
  const sentenceRow: Record<Side, number[]> = { en: owner.en.map((p) => rowOf.en[p]!), ko: owner.ko.map((p) => rowOf.ko[p]!) };
  const byRow = paragraphs.out.map(() => ({ links: [] as LinkInput[], numbers: [] as number[] }));
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
  const sentences: LinkInput[] = [];
  let sentenceAdded = 0;
  paragraphs.out.forEach((l, r) => {
    const lo = { en: start.en[l.en[0]]!, ko: start.ko[l.ko[0]]! };
    const hi = { en: start.en[l.en[1]]!, ko: start.ko[l.ko[1]]! };
    const t = tile(byRow[r]!.links, lo, hi, 'sentence link', byRow[r]!.numbers);
    sentences.push(...(l.crossed ? t.out.map((x) => ({ ...x, crossed: true })) : t.out));
    sentenceAdded += t.added;
  });
  return { alignment: { paragraphs: paragraphs.out, sentences }, added: { paragraph: paragraphs.added, sentence: sentenceAdded } };
}
