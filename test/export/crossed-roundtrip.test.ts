import { it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../../db/open.ts';
import { checkDatabase } from '../../db/doctor.ts';
import { getPair } from '../../db/pairs.ts';
import { openTestDb } from '../helpers.ts';
import { CROSS_BUS_PAIR, reviewBusPair } from './crossed.ts';
import { exportJsonl, importJsonl, withCorpus } from './helpers.ts';

const shape = (db: Db, id: number) => getPair(db, id)!.links.map((l) => `${l.en.join(',') || '-'}/${l.ko.join(',') || '-'}${l.crossed ? 'x' : ''}`).join(' ');

for (const level of ['paragraph', 'sentence']) {
  it(`a crossed link survives a full JSONL export and re-import at ${level} level`, () => withCorpus(async (source, dir) => {
    reviewBusPair(source, ...CROSS_BUS_PAIR);
    const before = shape(source, 1);
    assert.match(before, /1\/3x/, 'the review service made a crossed link');
    const first = readFileSync(await exportJsonl(source, join(dir, 'a.jsonl'), level), 'utf8');
    assert.match(first, /"crossed":true/);
    const copy = openTestDb();
    const r = await importJsonl(copy, join(dir, 'a.jsonl'));
    assert.equal(r.code, 0, r.stderr);
    assert.equal(shape(copy, 1), before, 'the crossed link is kept in its place');
    assert.deepEqual(checkDatabase(copy).problems, [], 'jjak doctor finds the re-imported pairs clean');
    assert.equal(readFileSync(await exportJsonl(copy, join(dir, 'b.jsonl'), level), 'utf8'), first, 'the second export has the same bytes');
  }));
}

it('a filtered export (confirmed links only) with a confirmed crossed link re-imports whole and clean', () => withCorpus(async (source, dir) => {
  reviewBusPair(source, ...CROSS_BUS_PAIR, { op: 'confirm', link: 1 });
  const out = await exportJsonl(source, join(dir, 'c.jsonl'), 'paragraph', ['--status', 'confirmed']);
  const copy = openTestDb();
  const imported = await importJsonl(copy, out);
  assert.equal(imported.code, 0, imported.stderr);
  const crossed = getPair(copy, 1)!.links.filter((l) => l.crossed);
  assert.deepEqual(crossed.map((l) => [l.en, l.ko, l.status]), [[[1], [3], 'confirmed']]);
  assert.deepEqual(checkDatabase(copy).problems, [], 'the completed pair is clean');
}));
