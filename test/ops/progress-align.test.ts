import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { getPair } from '../../db/pairs.ts';
import { createProgress } from '../../server/commands/progress.ts';
import type { CliIo } from '../../server/commands/types.ts';
import { alignPairs } from '../../server/services/bulk-align.ts';
import { openTestDb } from '../helpers.ts';
import { runCli } from '../cli-helpers.ts';
import { storeAlignedPair } from './fixtures.ts';

describe('progress output', () => {
  it('prints plain lines with count, rate and time left when stderr is not a terminal, nothing when quiet', () => {
    let err = '';
    const io: CliIo = { stdout: () => {}, stderr: (s) => { err += s; }, env: {}, isTTY: false };
    const p = createProgress(io, { label: 'imported', total: 1000, every: 0 });
    p.update(250, 40);
    p.stop();
    assert.match(err, /^… imported 40 \(25%\), \d+\/s, (\d+ s|\d+ min \d+ s|\?) left\n$/);
    err = '';
    const q = createProgress(io, { label: 'imported', total: 1000, every: 0, quiet: true });
    q.update(500, 80);
    q.stop();
    assert.equal(err, '');
  });
});

describe('bulk alignment', () => {
  it('--all --force keeps links a reviewer confirmed, with who and when', async () => {
    const db = openTestDb();
    const id = storeAlignedPair(db, 7);
    db.prepare(`UPDATE links SET status = 'confirmed', confirmed_by = 'mina', confirmed_at = '2024-05-02T10:00:00Z'
                WHERE pair_id = ? AND level = 'paragraph' AND position = 1`).run(id);
    db.prepare(`UPDATE links SET status = 'confirmed', confirmed_by = 'mina', confirmed_at = '2024-05-02T10:00:00Z'
                WHERE pair_id = ? AND level = 'sentence' AND position = 1`).run(id);
    const before = getPair(db, id)!.version;
    const r = await runCli(['align', '--all', '--force', '--workers', '0'], { db });
    assert.equal(r.code, 0, r.stderr);
    const pair = getPair(db, id)!;
    assert.equal(pair.version, before + 1);
    const kept = pair.links.find((l) => l.status === 'confirmed');
    assert.deepEqual(kept && { en: kept.en, ko: kept.ko, by: kept.confirmedBy, at: kept.confirmedAt },
      { en: [1], ko: [1], by: 'mina', at: '2024-05-02T10:00:00Z' });
    assert.equal(kept!.sentences.find((s) => s.status === 'confirmed')?.confirmedBy, 'mina');
  });

  it('reports pairs that do not exist and aligns nothing', async () => {
    const db = openTestDb();
    storeAlignedPair(db, 1);
    const r = await runCli(['align', '1', '42'], { db });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /pair 42 does not exist/);
  });

  it('skips pairs already aligned unless forced, so a second run resumes', async () => {
    const db = openTestDb();
    storeAlignedPair(db, 1);
    storeAlignedPair(db, 2);
    assert.equal((await alignPairs(db, { kind: 'all', force: false }, { workers: 0 })).total, 0);
    const forced = await alignPairs(db, { kind: 'all', force: true }, { workers: 0, batchSize: 1 });
    assert.deepEqual({ aligned: forced.aligned, total: forced.total }, { aligned: 2, total: 2 });
  });
});
