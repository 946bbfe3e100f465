import { it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../../db/open.ts';
import { checkDatabase } from '../../db/doctor.ts';
import { getPair } from '../../db/pairs.ts';
import { applyReviewOp } from '../../server/services/review.ts';
import { runCli } from '../cli-helpers.ts';
import { openTestDb, tempDir } from '../helpers.ts';
import { buildExportCorpus } from './corpus.ts';

async function exportJsonl(db: Db, out: string, level: string): Promise<string> {
  const r = await runCli(['export', '--format', 'jsonl', '--level', level, '--status', 'all,rejected', '--include-one-sided', '--out', out], { db });
  assert.equal(r.code, 0, r.stderr);
  return readFileSync(out, 'utf8');
}

const shape = (db: Db, id: number) => getPair(db, id)!.links.map((l) => `${l.en.join(',') || '-'}/${l.ko.join(',') || '-'}${l.crossed ? 'x' : ''}`).join(' ');

for (const level of ['paragraph', 'sentence']) {
  it(`a crossed link survives a full JSONL export and re-import at ${level} level`, async () => {
    const { dir, cleanup } = tempDir();
    try {
      const source = openTestDb();
      buildExportCorpus(source);
      const op = (o: Parameters<typeof applyReviewOp>[2]) => applyReviewOp(source, 1, o, getPair(source, 1)!.version, 'lee');
      op({ op: 'split', link: 1 });
      op({ op: 'link', level: 'paragraph', en: [1], ko: [3] });
      const before = shape(source, 1);
      assert.match(before, /1\/3x/, 'the review service made a crossed link');
      const first = await exportJsonl(source, join(dir, 'a.jsonl'), level);
      assert.match(first, /"crossed":true/);
      const copy = openTestDb();
      const r = await runCli(['import', '--jsonl', join(dir, 'a.jsonl'), '--quiet', '--no-align'], { db: copy });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(shape(copy, 1), before, 'the crossed link is kept in its place');
      assert.deepEqual(checkDatabase(copy).problems, [], 'jjak doctor finds the re-imported pairs clean');
      assert.equal(await exportJsonl(copy, join(dir, 'b.jsonl'), level), first, 'the second export has the same bytes');
    } finally {
      cleanup();
    }
  });
}

it('a filtered export (confirmed links only) with a confirmed crossed link re-imports whole and clean', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const source = openTestDb();
    buildExportCorpus(source);
    const op = (o: Parameters<typeof applyReviewOp>[2]) => applyReviewOp(source, 1, o, getPair(source, 1)!.version, 'lee');
    op({ op: 'split', link: 1 });
    op({ op: 'link', level: 'paragraph', en: [1], ko: [3] });
    op({ op: 'confirm', link: 1 });
    const out = join(dir, 'c.jsonl');
    const r = await runCli(['export', '--format', 'jsonl', '--level', 'paragraph', '--status', 'confirmed', '--out', out], { db: source });
    assert.equal(r.code, 0, r.stderr);
    const copy = openTestDb();
    const imported = await runCli(['import', '--jsonl', out, '--quiet', '--no-align'], { db: copy });
    assert.equal(imported.code, 0, imported.stderr);
    const crossed = getPair(copy, 1)!.links.filter((l) => l.crossed);
    assert.deepEqual(crossed.map((l) => [l.en, l.ko, l.status]), [[[1], [3], 'confirmed']]);
    assert.deepEqual(checkDatabase(copy).problems, [], 'the completed pair is clean');
  } finally {
    cleanup();
  }
});
