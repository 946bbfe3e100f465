/**
 * Rows "changed since the last review": links over paragraphs that the last article update
 * realigned (pairs.changed_paragraphs, by normalised text) that no reviewer has confirmed or
 * rejected since. Confirming or rejecting a row clears its mark; nothing else does.
 */
import { normaliseParagraph } from './plan.ts';

interface Side { paragraphs: readonly { text: string }[] }
interface Link { en: readonly number[]; ko: readonly number[]; status: string }

/** Indices of the links to mark, in reading order. */
export function changedLinks(en: Side, ko: Side, links: readonly Link[], changed: { en: ReadonlySet<string>; ko: ReadonlySet<string> }): number[] {
  if (changed.en.size === 0 && changed.ko.size === 0) return [];
  const hit = (side: Side, set: ReadonlySet<string>, idx: readonly number[]) =>
    idx.some((i) => { const p = side.paragraphs[i]; return p !== undefined && set.has(normaliseParagraph(p.text)); });
  const out: number[] = [];
  links.forEach((l, i) => {
    if (l.status === 'auto' && (hit(en, changed.en, l.en) || hit(ko, changed.ko, l.ko))) out.push(i);
  });
  return out;
}
