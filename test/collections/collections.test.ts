import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openTestDb } from '../helpers.ts';
import { runCli } from '../cli-helpers.ts';
import { EN_PARAGRAPHS, KO_PARAGRAPHS, record, text, withDbAndDir } from './fixtures.ts';
import type { Db } from '../../db/open.ts';

const NEWS = ['collection', 'add', 'news-2019', '--source', 'Hankyoreh English edition', '--licence', 'CC BY-SA 3.0', '--attribution', 'Texts © The Hankyoreh; alignment by the jjak team'];

async function show(db: Db, id: number) {
  const r = await runCli(['show', String(id), '--json'], { db });
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as { collection: { name: string; licence: string; attribution: string; source: string } | null; externalId: string | null; meta: unknown };
}

test('collection add and list, with refusals for a taken or empty name', async () => {
  const db = openTestDb();
  assert.equal((await runCli(NEWS, { db })).code, 0);
  assert.equal((await runCli(['collection', 'add', 'bare'], { db })).code, 0);
  const taken = await runCli(['collection', 'add', 'news-2019'], { db });
  assert.equal(taken.code, 1);
  assert.match(taken.stderr, /already exists/);
  assert.equal((await runCli(['collection', 'add', '  '], { db })).code, 2);
  const list = await runCli(['collection', 'list', '--json'], { db });
  const parsed = JSON.parse(list.stdout) as { name: string; licence: string | null; attribution: string | null; source: string | null; pairs: number }[];
  assert.deepEqual(parsed.map((c) => [c.name, c.source, c.licence, c.attribution, c.pairs]), [
    ['bare', null, null, null, 0],
    ['news-2019', 'Hankyoreh English edition', 'CC BY-SA 3.0', 'Texts © The Hankyoreh; alignment by the jjak team', 0],
  ]);
  assert.match((await runCli(['collection', 'list'], { db })).stdout, /news-2019 {2}0 pairs\n {2}source: Hankyoreh English edition\n {2}licence: CC BY-SA 3.0/);
});

test('import --collection files a single pair; an unknown collection is refused and adds nothing', () => withDbAndDir(async (db, dir) => {
  await runCli(NEWS, { db });
  writeFileSync(join(dir, 'en.txt'), text(EN_PARAGRAPHS));
  writeFileSync(join(dir, 'ko.txt'), text(KO_PARAGRAPHS));
  const files = ['--en', join(dir, 'en.txt'), '--ko', join(dir, 'ko.txt'), '--format', 'text'];
  const missing = await runCli(['import', ...files, '--collection', 'nope'], { db });
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /no collection named "nope".*jjak collection add/);
  assert.equal((db.prepare('SELECT count(*) AS n FROM pairs').get() as { n: number }).n, 0);
  const r = await runCli(['import', ...files, '--collection', 'news-2019'], { db });
  assert.equal(r.code, 0, r.stderr);
  const shown = await show(db, Number(r.stdout.trim().split('\n').at(-1)));
  assert.equal(shown.collection?.name, 'news-2019');
  assert.equal(shown.collection?.licence, 'CC BY-SA 3.0');
  assert.equal(shown.externalId, null);
}));

test('JSONL records keep their id and meta and may name their collection; --collection is the default', () => withDbAndDir(async (db, dir) => {
  await runCli(NEWS, { db });
  await runCli(['collection', 'add', 'other', '--licence', 'CC0'], { db });
  const lines = [
    record(1, { id: 'hani-86893', meta: { split: 'dev', annotator: { name: 'Yuna', hours: 1.5 } } }),
    record(2, { id: 17, collection: 'other' }),
    record(3, { collection: 'missing' }),
    record(4, { meta: 'not an object' }),
    record(5, { meta: { note: 'x'.repeat(20_000) } }),
  ];
  writeFileSync(join(dir, 'in.jsonl'), `${lines.join('\n')}\n`);
  const r = await runCli(['import', '--jsonl', join(dir, 'in.jsonl'), '--collection', 'news-2019', '--no-align', '--quiet'], { db });
  assert.equal(r.code, 1, 'rejected lines make the exit code 1');
  assert.match(r.stdout, /imported 2, skipped 0 duplicates, rejected 3 of 5 lines/);
  assert.match(r.stderr, /line 3: rejected: there is no collection named "missing"/);
  assert.match(r.stderr, /line 4: rejected: meta must be a JSON object/);
  assert.match(r.stderr, /line 5: rejected: meta is \d+ bytes as JSON; the limit is 16384/);
  const ids = (db.prepare('SELECT id FROM pairs ORDER BY id').all() as { id: number }[]).map((p) => p.id);
  const first = await show(db, ids[0]!);
  assert.deepEqual([first.collection?.name, first.externalId, first.meta], ['news-2019', 'hani-86893', { split: 'dev', annotator: { name: 'Yuna', hours: 1.5 } }]);
  const second = await show(db, ids[1]!);
  assert.deepEqual([second.collection?.name, second.externalId, second.meta], ['other', '17', null]);
  // Every imported pair has its change-log entry.
  const logged = db.prepare(`SELECT count(*) AS n FROM change_log WHERE action = 'import'`).get() as { n: number };
  assert.equal(logged.n, 2);
}));
