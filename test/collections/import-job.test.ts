import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { addCollection, getPairProvenance } from '../../db/collections.ts';
import { countPairs } from '../../db/pairs.ts';
import { openTestDb } from '../helpers.ts';
import { writeExportFile } from '../import/export-file.ts';
import { appFor } from '../auth/helpers.ts';
import { inTempDir, record } from './fixtures.ts';

type JobJson = { id: number; state: string; finished: boolean; imported: number; rejected: number; rejections: { line: number; reason: string }[] };

async function waitForJob(agent: request.Agent, url: string): Promise<JobJson> {
  for (let i = 0; i < 600; i++) {
    const job = (await agent.get(url).set('Accept', 'application/json').expect(200)).body as JobJson;
    if (job.finished) return job;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the job did not finish');
}

test('the web import job files records that name no collection in the chosen one; a record\'s own wins, an unknown one is rejected', { timeout: 120_000 }, async () => {
  const db = openTestDb();
  addCollection(db, { name: 'news-2019', licence: 'CC BY-SA 3.0', attribution: 'Texts by the paper' });
  addCollection(db, { name: 'other', licence: 'CC0' });
  const agent = request.agent(appFor(db));
  const form = await agent.get('/jobs/new').expect(200);
  assert.match(form.text, /<select name="collection">\s*<option value="">None<\/option>/);
  assert.match(form.text, /<option value="news-2019">news-2019<\/option><option value="other">other<\/option>/);
  const token = /name="_csrf" value="([^"]+)"/.exec(form.text)![1]!;

  const body = Buffer.from(`${[record(1), record(2, { collection: 'other' }), record(3, { collection: 'missing' })].join('\n')}\n`);
  const posted = await agent.post(`/jobs/import?_csrf=${encodeURIComponent(token)}`).field('form', '1').field('collection', 'news-2019')
    .attach('file', body, 'corpus.jsonl').expect(303);
  const job = await waitForJob(agent, posted.headers['location']!);
  assert.equal(job.state, 'done');
  assert.deepEqual([job.imported, job.rejected], [2, 1]);
  assert.equal(job.rejections[0]?.line, 3);
  assert.match(job.rejections[0]?.reason ?? '', /no collection named "missing"/);
  const ids = (db.prepare('SELECT id FROM pairs ORDER BY id').all() as { id: number }[]).map((p) => p.id);
  assert.deepEqual(ids.map((id) => getPairProvenance(db, id).collection?.name), ['news-2019', 'other']);

  // "None": records that name no collection stay out of any.
  const none = await agent.post('/jobs/import').set('X-CSRF-Token', token).set('Accept', 'application/json').field('form', '1').field('collection', '')
    .attach('file', Buffer.from(`${record(4)}\n`), 'more.jsonl').expect(202);
  assert.equal((await waitForJob(agent, `/jobs/${(none.body as JobJson).id}`)).imported, 1);
  const last = (db.prepare('SELECT max(id) AS id FROM pairs').get() as { id: number }).id;
  assert.equal(getPairProvenance(db, last).collection, null);
});

test('a job for a collection that does not exist is refused before it starts, naming the fix', async () => {
  const db = openTestDb();
  const agent = request.agent(appFor(db));
  const token = /name="_csrf" value="([^"]+)"/.exec((await agent.get('/jobs/new').expect(200)).text)![1]!;
  const res = await agent.post('/jobs/import').set('X-CSRF-Token', token).set('Accept', 'application/json').field('collection', 'nope')
    .attach('file', Buffer.from(`${record(1)}\n`), 'corpus.jsonl').expect(422);
  const error = (res.body as { error: { code: string; message: string } }).error;
  assert.equal(error.code, 'unknown_collection');
  assert.match(error.message, /no collection named "nope".*jjak collection add/);
  assert.deepEqual((await agent.get('/jobs').set('Accept', 'application/json').expect(200)).body, []);
  assert.equal(countPairs(db), 0);
});

test('an export file sent to the web import job follows the same collection rule as pair records', { timeout: 120_000 }, () => inTempDir(async (dir) => {
  // every third pair in "wire" (named by the file's header line), the others in none
  const file = await writeExportFile(join(dir, 'export.jsonl'), 9, { collection: 'wire', every: 3 });
  const db = openTestDb();
  addCollection(db, { name: 'news-2019', licence: 'CC BY-SA 3.0' });
  const agent = request.agent(appFor(db));
  const token = /name="_csrf" value="([^"]+)"/.exec((await agent.get('/jobs/new').expect(200)).text)![1]!;
  const posted = await agent.post('/jobs/import').set('X-CSRF-Token', token).set('Accept', 'application/json').field('collection', 'news-2019')
    .attach('file', readFileSync(file), 'export.jsonl').expect(202);
  const job = await waitForJob(agent, `/jobs/${(posted.body as JobJson).id}`);
  assert.equal(job.state, 'done');
  assert.deepEqual([job.imported, job.rejected], [9, 0]);
  const ids = (db.prepare('SELECT id FROM pairs ORDER BY id').all() as { id: number }[]).map((p) => p.id);
  assert.deepEqual(ids.map((id) => getPairProvenance(db, id).collection?.name),
    ['wire', 'news-2019', 'news-2019', 'wire', 'news-2019', 'news-2019', 'wire', 'news-2019', 'news-2019']);
}));
