/**
 * Issue 15's defect: `/search?…&section=economy` found hits that `/export?…&section=economy` and
 * `jjak export --section economy` missed (search compared sections without regard to case, export
 * with `=`). All three now read db/pair-filter.ts; this drives them through their own entry points
 * (the search page's JSON twin, the export page's JSON twin and download, the CLI) and checks they
 * select the same pairs however the section name is spelt.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { createApp } from '../../server/app.ts';
import { runCli } from '../cli-helpers.ts';
import { openTestDb, tempDir } from '../helpers.ts';
import { storeTalks } from './fixtures.ts';

const db = openTestDb();
const economy = storeTalks(db, { section: 'Economy', tag: ' (1)' });
const markets = storeTalks(db, { section: 'economy > Markets', tag: ' (2)' });
storeTalks(db, { section: 'Economics', tag: ' (3)' }); // shares the first letters, is not under Economy
storeTalks(db, { section: 'Politics', tag: ' (4)' });
const app = createApp({ db });
const WANT = [economy, markets].sort((a, b) => a - b);
const ids = (list: number[]) => [...new Set(list)].sort((a, b) => a - b);

async function searched(section: string): Promise<number[]> {
  const res = await request(app).get(`/search?q=talks&count=exact&section=${encodeURIComponent(section)}`).set('Accept', 'application/json').expect(200);
  const body = res.body as { total: number; hits: { pairId: number }[] };
  assert.equal(body.hits.length, body.total, 'every hit is on the first page');
  return ids(body.hits.map((h) => h.pairId));
}

const EXPORT_QUERY = 'format=jsonl&level=sentence&status=all,rejected&include-one-sided=1';
const pairsOfJsonl = (text: string) => ids(text.trim().split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { pair: number }).pair));

async function exportedOnline(section: string): Promise<{ count: number; pairs: number[] }> {
  const page = await request(app).get(`/export?${EXPORT_QUERY}&section=${encodeURIComponent(section)}`).set('Accept', 'application/json').expect(200);
  const download = await request(app).get(`/api/export?${EXPORT_QUERY}&section=${encodeURIComponent(section)}`).expect(200);
  return { count: (page.body as { count: number }).count, pairs: pairsOfJsonl(download.text) };
}

async function exportedByCli(section: string): Promise<number[]> {
  const { dir, cleanup } = tempDir();
  try {
    const out = join(dir, 'out.jsonl');
    const r = await runCli(['export', '--format', 'jsonl', '--level', 'sentence', '--status', 'all,rejected', '--include-one-sided', '--section', section, '--out', out], { db });
    assert.equal(r.code, 0, r.stderr);
    return pairsOfJsonl(readFileSync(out, 'utf8'));
  } finally {
    cleanup();
  }
}

describe('the section filter of search and export', () => {
  for (const section of ['economy', 'ECONOMY', 'Economy', 'eCoNoMy']) {
    it(`/search, /export, /api/export and jjak export --section select the same pairs for "${section}"`, async () => {
      const online = await exportedOnline(section);
      assert.deepEqual(await searched(section), WANT, 'search');
      assert.deepEqual(online.pairs, WANT, '/api/export');
      assert.equal(online.count, WANT.length * 4, '/export counts four sentence links a pair');
      assert.deepEqual(await exportedByCli(section), WANT, 'jjak export');
    });
  }

  it('a section path under it narrows all three alike', async () => {
    for (const section of ['economy > markets', 'ECONOMY > Markets']) {
      assert.deepEqual(await searched(section), [markets], `search ${section}`);
      assert.deepEqual((await exportedOnline(section)).pairs, [markets], `/api/export ${section}`);
      assert.deepEqual(await exportedByCli(section), [markets], `jjak export ${section}`);
    }
  });
});
