import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import request from 'supertest';
import { createJob, getJob, updateJobProgress } from '../../db/jobs.ts';
import { countPairs } from '../../db/pairs.ts';
import { checkDatabase } from '../../db/doctor.ts';
import { failJobsFromLastRun, INTERRUPTED_MESSAGE } from '../../server/services/import-job.ts';
import { inTempDir, openTestDb } from '../helpers.ts';
import { appFor, asJson, formCsrf, seededApp, sessionFor } from '../auth/helpers.ts';
import { corpusIn } from './corpus.ts';

type JobJson = { id: number; state: string; finished: boolean; imported: number; duplicates: number; rejected: number; aligned: number; rejections: { line: number; reason: string }[] };

async function waitForJob(agent: request.Agent, url: string): Promise<JobJson> {
  for (let i = 0; i < 600; i++) {
    const res = await agent.get(url).set('Accept', 'application/json').expect(200);
    const job = res.body as JobJson;
    if (job.finished) return job;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the job did not finish');
}

describe('web import jobs', () => {
  it('imports an uploaded JSONL file in the background, reports progress as JSON, and a resubmit only skips', { timeout: 120_000 }, async () => {
    await inTempDir(async (dir) => {
      const file = corpusIn(dir, 30, 4);
      const body = Buffer.concat([readFileSync(file), Buffer.from('{"en": 1}\n')]);
      const db = openTestDb();
      const agent = request.agent(appFor(db));
      const form = await agent.get('/jobs/new').expect(200);
      const token = formCsrf(form.text);
      const posted = await agent.post('/jobs/import').set('X-CSRF-Token', token).field('form', '1').field('align', '1')
        .attach('file', body, 'corpus.jsonl').expect(303);
      const url = posted.headers['location']!;
      assert.match(url, /^\/jobs\/\d+$/);
      const first = (await agent.get(url).set('Accept', 'application/json').expect(200)).body as JobJson;
      assert.notEqual(first.state, 'done', 'the request returned before the import finished');
      const page = await agent.get(url).expect(200);
      assert.match(page.text, /<script src="\/assets\/jobs.js" defer><\/script>/);
      assert.doesNotMatch(page.text, /<script>/, 'no inline script (CSP)');
      assert.match(page.text, /corpus\.jsonl/);

      const done = await waitForJob(agent, url);
      assert.equal(done.state, 'done');
      assert.deepEqual({ imported: done.imported, duplicates: done.duplicates, rejected: done.rejected, aligned: done.aligned },
        { imported: 30, duplicates: 0, rejected: 1, aligned: 30 });
      assert.equal(done.rejections[0]?.line, 31);
      assert.equal(countPairs(db), 30);
      assert.deepEqual(checkDatabase(db).problems, []);
      // every imported pair has its change-log entry, by the account that sent the file
      const authors = db.prepare(`SELECT user_name, count(*) AS n FROM change_log WHERE action = 'import' GROUP BY user_name`).all();
      assert.deepEqual(authors, [{ user_name: 'local', n: 30 }]);

      const again = await agent.post('/jobs/import').set('Accept', 'application/json').set('X-CSRF-Token', token)
        .attach('file', body, 'corpus.jsonl').expect(202);
      const second = await waitForJob(agent, `/jobs/${(again.body as JobJson).id}`);
      assert.deepEqual({ imported: second.imported, duplicates: second.duplicates }, { imported: 0, duplicates: 30 });
      assert.equal(countPairs(db), 30);
      const list = await agent.get('/jobs').set('Accept', 'application/json').expect(200);
      assert.equal((list.body as JobJson[]).length, 2);
    });
  });

  it('needs the reviewer role to start an import, and a file', async () => {
    const { db, ids, app } = await seededApp('127.0.0.1');
    const reader = sessionFor(db, ids.reader);
    await request(app).post('/jobs/import').set('Cookie', reader.cookie).set('X-CSRF-Token', reader.csrf)
      .attach('file', Buffer.from('{}\n'), 'x.jsonl').expect(403);
    const reviewer = sessionFor(db, ids.reviewer);
    const none = await asJson(request(app).post('/jobs/import'), reviewer).field('form', '1').expect(400);
    assert.equal(none.body.error.code, 'no_file');
    await request(app).get('/jobs/999').set('Cookie', reader.cookie).expect(404);
  });

  it('marks jobs a restart cut short as failed, with a message to resubmit', () => {
    const db = openTestDb();
    const id = createJob(db, { kind: 'import', fileName: 'big.jsonl', align: true, bytesTotal: 100, createdBy: 'local' });
    updateJobProgress(db, id, { phase: 'import', bytesDone: 40, imported: 3 });
    assert.equal(getJob(db, id)?.state, 'running');
    assert.equal(failJobsFromLastRun(db), 1);
    const job = getJob(db, id)!;
    assert.equal(job.state, 'failed');
    assert.equal(job.error, INTERRUPTED_MESSAGE);
    assert.match(job.error, /Upload the file again: pairs already imported are skipped/);
    assert.equal(job.imported, 3, 'the counts so far are kept');
  });
});
