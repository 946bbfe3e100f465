/**
 * The TMX export read by OmegaT 3.6 (Debian's omegat) in console mode: a project with the Korean
 * units as its source text and the export in tm/auto is translated with no one at the keyboard;
 * every Korean segment must come back as its English unit, at both levels. Skipped, with the
 * reason, when omegat is not installed (Debian package omegat).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openTestDb, tempDir } from '../helpers.ts';
import { buildExportCorpus } from './corpus.ts';
import { exportFiles, GOLDEN_DATE } from './helpers.ts';

const hasOmegat = spawnSync('sh', ['-c', 'command -v omegat']).status === 0;
const skip = hasOmegat ? false : 'skipped: omegat is not installed (Debian package omegat; .ci/run installs it)';
if (skip) console.log(`# OmegaT consumer check ${skip}`);

const db = openTestDb();
buildExportCorpus(db);

const PROJECT = (sentenceSeg: boolean) => `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<omegat>
  <project version="1.0">
    <source_dir>source</source_dir><source_dir_excludes/><target_dir>target</target_dir><tm_dir>tm</tm_dir>
    <glossary_dir>glossary</glossary_dir><glossary_file>glossary/glossary.txt</glossary_file><dictionary_dir>dictionary</dictionary_dir>
    <source_lang>KO</source_lang><target_lang>EN</target_lang>
    <source_tok>org.omegat.tokenizer.LuceneKoreanTokenizer</source_tok><target_tok>org.omegat.tokenizer.LuceneEnglishTokenizer</target_tok>
    <sentence_seg>${sentenceSeg}</sentence_seg><support_default_translations>true</support_default_translations><remove_tags>false</remove_tags>
  </project>
</omegat>
`;

describe('OmegaT 3.6 fills a project from the TMX export', { skip }, () => {
  for (const level of ['sentence', 'paragraph']) {
    it(`translates every Korean ${level} unit to its English unit (console-translate, TM in tm/auto)`, async () => {
      const [tmx] = await exportFiles(db, ['--format', 'tmx', '--level', level, '--status', 'all,rejected', '--include-one-sided', '--date', GOLDEN_DATE]);
      const [jsonl] = await exportFiles(db, ['--format', 'jsonl', '--level', level, '--status', 'all,rejected', '--include-one-sided']);
      const units = jsonl!.toString('utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as { en: string; ko: string });
      // one segment a line: units on one line each, with text on both sides and one Korean text for one English text
      const count = new Map<string, number>();
      for (const u of units) count.set(u.ko, (count.get(u.ko) ?? 0) + 1);
      // (a unit with a C0 control cannot be in XML, so its TMX text differs: left out here)
      // eslint-disable-next-line no-control-regex -- finding control characters is the point
      const cases = units.filter((u) => u.en !== '' && u.ko !== '' && !/\n/.test(u.ko + u.en) && count.get(u.ko) === 1 && !/[\x00-\x08]/.test(u.en));
      assert.ok(cases.length >= 3, 'enough units to check');
      const { dir, cleanup } = tempDir();
      try {
        for (const d of ['source', 'target', 'tm/auto', 'omegat', 'glossary', 'dictionary']) mkdirSync(join(dir, d), { recursive: true });
        writeFileSync(join(dir, 'omegat.project'), PROJECT(false));
        writeFileSync(join(dir, 'tm/auto/jjak.tmx'), tmx!);
        writeFileSync(join(dir, 'source/ko.txt'), `${cases.map((u) => u.ko).join('\n\n')}\n`);
        const r = spawnSync('omegat', [dir, '--mode=console-translate'], { encoding: 'utf8', timeout: 120_000 });
        assert.equal(r.status, 0, r.stderr);
        const target = readFileSync(join(dir, 'target/ko.txt'), 'utf8').trimEnd().split('\n\n');
        assert.deepEqual(target, cases.map((u) => u.en));
      } finally {
        cleanup();
      }
    });
  }
});
