import { writeFileSync } from 'node:fs';
import { generatePairRecord } from '../../bench/generate.ts';

/** Writes `n` generated pair records (numbers, names; `paragraphs` a side) as a JSONL file. */
export function writeCorpus(path: string, n: number, paragraphs = 8, first = 0): void {
  const lines: string[] = [];
  for (let i = first; i < first + n; i++) lines.push(JSON.stringify(generatePairRecord(i, paragraphs)));
  writeFileSync(path, `${lines.join('\n')}\n`);
}
