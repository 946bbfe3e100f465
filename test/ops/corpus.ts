import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generatePairRecord } from '../../bench/generate.ts';

/** Writes `n` generated pair records (numbers, names; `paragraphs` a side) as a JSONL file. */
export function writeCorpus(path: string, n: number, paragraphs = 8, first = 0): void {
  const lines: string[] = [];
  for (let i = first; i < first + n; i++) lines.push(JSON.stringify(generatePairRecord(i, paragraphs)));
  writeFileSync(path, `${lines.join('\n')}\n`);
}

/** writeCorpus into `dir`/corpus.jsonl; returns that path. */
export function corpusIn(dir: string, n: number, paragraphs = 8): string {
  const file = join(dir, 'corpus.jsonl');
  writeCorpus(file, n, paragraphs);
  return file;
}
