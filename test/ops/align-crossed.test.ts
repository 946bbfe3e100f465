import { it } from 'node:test';
import assert from 'node:assert/strict';
import type { Db } from '../../db/open.ts';
import { checkDatabase } from '../../db/doctor.ts';
import { getPair } from '../../db/pairs.ts';
import { applyReviewOp } from '../../server/services/review.ts';
import { runCli } from '../cli-helpers.ts';
import { openTestDb } from '../helpers.ts';
import { buildExportCorpus } from '../export/corpus.ts';

const crossedRows = (db: Db, id: number) => getPair(db, id)!.links.filter((l) => l.crossed)
  .map((l) => ({ en: l.en, ko: l.ko, status: l.status, confirmedBy: l.confirmedBy, sentences: l.sentences.map((s) => [s.en, s.ko]) }));

for (const [args, confirm] of [[['align', '--all', '--force', '--workers', '0'], false], [['align', '--all', '--force', '--workers', '0'], true], [['align', '1'], false], [['align', '--all', '--force', '--workers', '1'], true]] as const) {
  it(`jjak ${args.join(' ')} keeps a crossed link${confirm ? ' (confirmed)' : ''} where the reviewer put it`, async () => {
    const db = openTestDb();
    buildExportCorpus(db);
    const op = (o: Parameters<typeof applyReviewOp>[2]) => applyReviewOp(db, 1, o, getPair(db, 1)!.version, 'lee');
    op({ op: 'split', link: 1 });
    op({ op: 'link', level: 'paragraph', en: [1], ko: [3] });
    if (confirm) op({ op: 'confirm', link: 1 });
    const before = crossedRows(db, 1);
    assert.equal(before.length, 1);
    const r = await runCli([...args], { db });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(crossedRows(db, 1), before, 'the crossed link, its review state and its sentence links are unchanged');
    assert.deepEqual(checkDatabase(db).problems, [], 'jjak doctor finds the realigned pair clean');
  });
}
