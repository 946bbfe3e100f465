import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import assert from 'node:assert/strict';
import { generatePairRecord } from '../../bench/generate.ts';
import { addCollection } from '../../db/collections.ts';
import { openTestDb } from '../helpers.ts';
import { runCli } from '../cli-helpers.ts';

/**
 * Writes a jjak JSONL export (sentence level, every link) of `n` small generated pairs to `out`
 * (its folder holds a scratch file meanwhile), made the way a person makes one: pair records with their own paragraph
 * links imported into a scratch database, then `jjak export`. With `collection`, every pair is in
 * that collection (so the file has a header line naming it); `every` puts only every n-th pair in it.
 */
export async function writeExportFile(out: string, n: number, opts: { collection?: string; every?: number } = {}): Promise<string> {
  const db = openTestDb();
  try {
    if (opts.collection !== undefined) addCollection(db, { name: opts.collection, licence: 'CC0 1.0', attribution: 'Invented for tests' });
    const records = Array.from({ length: n }, (_, i) => {
      const r = generatePairRecord(i, 2) as { en: { paragraphs: unknown[] }; ko: { paragraphs: unknown[] } };
      // the title and two paragraphs a side, linked one to one: no aligner needed at the paragraph level
      const links = r.en.paragraphs.map((_p, k) => ({ en: [k], ko: [k] }));
      const inCollection = opts.collection !== undefined && i % (opts.every ?? 1) === 0;
      return JSON.stringify({ ...r, links, ...(inCollection ? { collection: opts.collection } : {}) });
    });
    const input = join(dirname(out), `${n}-records.jsonl`);
    writeFileSync(input, `${records.join('\n')}\n`);
    const imported = await runCli(['import', '--jsonl', input, '--quiet', '--no-align'], { db });
    assert.equal(imported.code, 0, imported.stderr);
    const exported = await runCli(['export', '--format', 'jsonl', '--level', 'sentence', '--status', 'all,rejected', '--include-one-sided', '--out', out], { db });
    assert.equal(exported.code, 0, exported.stderr);
    return out;
  } finally {
    db.close();
  }
}
