/**
 * Where "doubtful" starts: the lowest paragraph-link confidence at which links are ≥ 98 % exactly
 * right on the dev sets (../shared/eval dev and dev-hard, together), read off the aligner's
 * reliability table. Prints that threshold, what the current LOW_CONFIDENCE flags (recall of wrong
 * links: the share of wrong links below it) and, as the baseline, the old fixed 0.8.
 *
 *   node --import tsx bench/doubtful.ts [--sets dev,dev-hard]
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { alignArticles, parseEvalJsonl } from '../server/commands/align-file.ts';
import { LOW_CONFIDENCE } from '../server/model.ts';

type Link = { en: number[]; ko: number[]; confidence?: number };
type Gold = { id: string; gold: { paragraphs: Link[] } };
type Judged = { c: number; ok: boolean };

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const evalDir = resolve(root, '..', 'shared', 'eval');
const args = process.argv.slice(2);
const setsArg = args.indexOf('--sets');
const sets = setsArg >= 0 ? args[setsArg + 1]!.split(',') : ['dev', 'dev-hard'];
if (!existsSync(join(evalDir, 'dev.jsonl'))) {
  console.log('skipped: ../shared/eval not found');
  process.exit(0);
}

const key = (en: readonly number[], ko: readonly number[]) => `${[...en].sort((a, b) => a - b).join(',')}|${[...ko].sort((a, b) => a - b).join(',')}`;

/** Every predicted paragraph link with its confidence and whether a gold link matches it exactly. */
function judge(file: string): Judged[] {
  const text = readFileSync(file, 'utf8');
  const golds = text.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Gold);
  const preds = alignArticles(parseEvalJsonl(text, file)) as unknown as { id: string; paragraphs: Link[] }[];
  const byId = new Map(preds.map((p) => [p.id, p]));
  const out: Judged[] = [];
  for (const g of golds) {
    const gold = new Set<string>();
    // one-sided gold links are judged item by item: "English 3 has no counterpart"
    for (const l of g.gold.paragraphs) {
      if (l.en.length && l.ko.length) gold.add(key(l.en, l.ko));
      else { for (const x of l.en) gold.add(`${x}|`); for (const x of l.ko) gold.add(`|${x}`); }
    }
    for (const l of byId.get(g.id)?.paragraphs ?? []) {
      const ok = l.en.length && l.ko.length ? gold.has(key(l.en, l.ko))
        : [...l.en.map((x) => `${x}|`), ...l.ko.map((x) => `|${x}`)].every((k) => gold.has(k));
      out.push({ c: l.confidence ?? 0, ok });
    }
  }
  return out;
}

/** Lowest confidence c (a value links actually have) such that links at ≥ c are ≥ `precision` right. */
function thresholdFor(j: readonly Judged[], precision: number): number {
  const s = [...j].sort((a, b) => b.c - a.c);
  let good = 0;
  let best = 1;
  s.forEach((x, t) => {
    if (x.ok) good++;
    if ((t + 1 === s.length || s[t + 1]!.c < x.c) && good / (t + 1) >= precision) best = x.c;
  });
  return best;
}

function flagged(j: readonly Judged[], below: number) {
  const wrong = j.filter((x) => !x.ok);
  const low = j.filter((x) => x.c < below);
  const above = j.filter((x) => x.c >= below);
  return {
    recall: wrong.length ? wrong.filter((x) => x.c < below).length / wrong.length : 1,
    flaggedShare: low.length / j.length,
    precisionAbove: above.length ? above.filter((x) => x.ok).length / above.length : 1,
    wrong: wrong.length,
  };
}

const all: Judged[] = [];
for (const set of sets) {
  const j = judge(join(evalDir, `${set}.jsonl`));
  all.push(...j);
  console.log(`${set}: ${j.length} paragraph links, ${j.filter((x) => !x.ok).length} wrong, 98 % threshold ${thresholdFor(j, 0.98).toFixed(4)}`);
}
const t = thresholdFor(all, 0.98);
const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
console.log(`\nall dev sets: ${all.length} paragraph links; links at >= ${t.toFixed(4)} are >= 98 % right`);
for (const [name, below] of [['measured threshold', t], ['LOW_CONFIDENCE (in use)', LOW_CONFIDENCE], ['baseline: fixed 0.8', 0.8]] as const) {
  const f = flagged(all, below);
  console.log(`${name.padEnd(24)} ${below.toFixed(4)}  wrong links flagged ${pct(f.recall)} of ${f.wrong}  links flagged ${pct(f.flaggedShare)}  right at/above ${pct(f.precisionAbove)}`);
}
