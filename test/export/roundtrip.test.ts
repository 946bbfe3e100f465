import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getPair, type PairDetail } from '../../db/pairs.ts';
import { isExportUnitLine, readExportUnits } from '../../server/export/jsonl-reader.ts';
import { runCli } from '../cli-helpers.ts';
import { openTestDb, tempDir } from '../helpers.ts';
import { exportJsonl, FULL_EXPORT, importJsonl, withCorpus } from './helpers.ts';

/** A pair without what an import cannot keep (ids, timestamps, version, source format). */
function comparable(p: PairDetail) {
  const side = (d: PairDetail['en']) => ({ lang: d.lang, meta: d.meta, paragraphs: d.paragraphs });
  return { status: p.status, en: side(p.en), ko: side(p.ko), links: p.links };
}

describe('JSONL export → import → export', () => {
  for (const level of ['sentence', 'paragraph']) {
    it(`is byte-identical at ${level} level and rebuilds the same pairs and links at both levels`, () => withCorpus(async (source, dir) => {
      const first = await exportJsonl(source, join(dir, 'a.jsonl'), level);
      const copy = openTestDb();
      const imported = await importJsonl(copy, first);
      assert.equal(imported.code, 0, imported.stderr);
      assert.match(imported.stdout, /imported 2, skipped 0 duplicates, rejected 0/);
      const second = await exportJsonl(copy, join(dir, 'b.jsonl'), level);
      assert.ok(readFileSync(first).equals(readFileSync(second)), 'the second export has the same bytes');
      for (const id of [1, 2]) assert.deepEqual(comparable(getPair(copy, id)!), comparable(getPair(source, id)!));
    }));
  }

  it('skips pairs already stored as duplicates on a second import', () => withCorpus(async (source, dir) => {
    const file = await exportJsonl(source, join(dir, 'a.jsonl'), 'sentence');
    const copy = openTestDb();
    await importJsonl(copy, file);
    const again = await importJsonl(copy, file);
    assert.match(again.stdout, /imported 0, skipped 2 duplicates/);
  }));

  it('rejects a pair whole, with line numbers, when a line was edited, lost its pairData or is broken', () => withCorpus(async (source, dir) => {
    const lines = readFileSync(await exportJsonl(source, join(dir, 'a.jsonl'), 'sentence'), 'utf8').trimEnd().split('\n');
    assert.equal(lines.length, 10);
    const edited = lines.map((l, i) => {
      if (i === 2) return l.replace('"en":"Fares rise\\tto 2,500 won."', '"en":"Fares fall."');
      return l;
    });
    const file = join(dir, 'edited.jsonl');
    writeFileSync(file, `${edited.join('\n')}\n`);
    const copy = openTestDb();
    const r = await importJsonl(copy, file);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /line 3: rejected: the en text does not match items \[2\]/);
    assert.match(r.stdout, /imported 1, skipped 0 duplicates, rejected 1 of 10 lines/);
    assert.deepEqual(copy.prepare('SELECT count(*) AS n FROM pairs').get(), { n: 1 });

    const headless = lines.slice(1);
    const broken = [...lines.slice(0, 7), lines[7]!.slice(0, 40), ...lines.slice(8)];
    for (const [name, content, expected] of [
      ['headless.jsonl', headless, /line 1: rejected: pair 1 starts here without "pairData"/],
      ['broken.jsonl', broken, /line 8: rejected: not valid JSON[\s\S]*pair 1 was not imported: line 8 inside it is unreadable/],
    ] as const) {
      const path = join(dir, name);
      writeFileSync(path, `${content.join('\n')}\n`);
      const db = openTestDb();
      const out = await importJsonl(db, path);
      assert.match(out.stderr, expected);
    }
  }));

  it('tells export unit lines from pair records, and reads lines as pairs with errors by line', async () => {
    assert.equal(isExportUnitLine({ en: { text: 'x' }, ko: { text: 'y' } }), false);
    assert.equal(isExportUnitLine({ format: 'jjak-export-1', pair: 1, level: 'sentence' }), true);
    const results = [];
    for await (const r of readExportUnits([{ lineNo: 1, value: { format: 'jjak-export-1', pair: 4, level: 'sentence' } }])) results.push(r);
    assert.deepEqual(results.map((r) => [r.kind, r.lineNo]), [['error', 1]]);
  });
});

describe('JSONL round trip of the seed pair', () => {
  const SEED = '/work/shared/seed/000_8ad9993ee28212eb';
  const skip = existsSync(`${SEED}.txt`) ? false : `skipped: the seed pair ${SEED}.txt is missing`;
  for (const level of ['sentence', 'paragraph']) {
    it(`is byte-identical at ${level} level, one-sided links in their order included`, { skip }, async () => {
      const { dir, cleanup } = tempDir();
      try {
        const source = openTestDb();
        const r = await runCli(['import', '--en', `${SEED}.txt`, '--ko', `${SEED}.ko.txt`], { db: source });
        assert.equal(r.code, 0, r.stderr);
        const first = await exportJsonl(source, join(dir, 'a.jsonl'), level, FULL_EXPORT);
        const copy = openTestDb();
        assert.equal((await importJsonl(copy, first)).code, 0);
        const second = await exportJsonl(copy, join(dir, 'b.jsonl'), level, FULL_EXPORT);
        assert.ok(readFileSync(first).equals(readFileSync(second)), 'the second export has the same bytes');
      } finally {
        cleanup();
      }
    });
  }
});
