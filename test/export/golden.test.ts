import { describe, it } from 'node:test';
import { openTestDb } from '../helpers.ts';
import { buildExportCorpus } from './corpus.ts';
import { assertGolden, exportFiles, GOLDEN_DATE } from './helpers.ts';

const db = openTestDb();
buildExportCorpus(db);
const FULL = ['--status', 'all,rejected', '--include-one-sided', '--date', GOLDEN_DATE];

describe('golden exports (byte for byte)', () => {
  const cases: [string, string[], string[]?][] = [
    ['sentence-all.tmx', ['--format', 'tmx', '--level', 'sentence', ...FULL]],
    ['paragraph-all.tmx', ['--format', 'tmx', '--level', 'paragraph', ...FULL]],
    ['sentence-confirmed.tmx', ['--format', 'tmx', '--level', 'sentence', '--date', GOLDEN_DATE]],
    ['sentence-all.xliff20.xlf', ['--format', 'xliff', '--level', 'sentence', ...FULL]],
    ['sentence-all.xliff12.xlf', ['--format', 'xliff12', '--level', 'sentence', ...FULL]],
    ['sentence-all.tsv', ['--format', 'tsv', '--level', 'sentence', ...FULL]],
    ['paragraph-min-confidence.tsv', ['--format', 'tsv', '--level', 'paragraph', '--status', 'all,rejected', '--min-confidence', '0.9']],
    ['sentence-all.jsonl', ['--format', 'jsonl', '--level', 'sentence', ...FULL]],
    ['paragraph-all.jsonl', ['--format', 'jsonl', '--level', 'paragraph', ...FULL]],
    ['sentence-all.xces.zip', ['--format', 'xces', '--level', 'sentence', ...FULL]],
    ['paragraph-all.xces.zip', ['--format', 'xces', '--level', 'paragraph', ...FULL]],
    ['sentence-all.csv', ['--format', 'csv', '--level', 'sentence', ...FULL]],
  ];
  for (const [name, args] of cases) {
    it(`writes ${name}`, async () => {
      const [bytes] = await exportFiles(db, args);
      assertGolden(name, bytes!);
    });
  }

  it('writes Moses as two line-aligned files, sentence-all.moses.en and .ko', async () => {
    const [en, ko] = await exportFiles(db, ['--format', 'moses', '--level', 'sentence', ...FULL], ['.en', '.ko']);
    assertGolden('sentence-all.moses.en', en!);
    assertGolden('sentence-all.moses.ko', ko!);
  });

  it('gives the same bytes for the same database and options', async () => {
    for (const format of ['tmx', 'xliff', 'xces', 'jsonl']) {
      const [a] = await exportFiles(db, ['--format', format, '--level', 'sentence', ...FULL]);
      const [b] = await exportFiles(db, ['--format', format, '--level', 'sentence', ...FULL]);
      if (!a!.equals(b!)) throw new Error(`${format} export is not deterministic`);
    }
  });
});
