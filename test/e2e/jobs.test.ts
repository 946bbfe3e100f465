import { it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openTestDb, tempDir } from '../helpers.ts';
import { writeCorpus } from '../ops/corpus.ts';
import { startBrowser } from './browser.ts';

it('the import job page uploads a JSONL file and follows the job until it is finished', { timeout: 120_000 }, async () => {
  const { dir, cleanup } = tempDir();
  const db = openTestDb();
  const b = await startBrowser(db);
  try {
    const file = join(dir, 'archive.jsonl');
    writeCorpus(file, 40, 6);
    await b.page.goto(`${b.base}/jobs/new`);
    await b.page.setInputFiles('input[name=file]', file);
    await b.page.click('button[type=submit]');
    await b.page.waitForURL(/\/jobs\/\d+$/);
    // The counts change without a reload: jobs.js polls the JSON twin.
    await b.page.waitForSelector('[data-field=done]:not([hidden])', { timeout: 90_000 });
    assert.equal(await b.page.textContent('[data-field=state]'), 'done');
    assert.equal(await b.page.textContent('[data-field=imported]'), '40');
    assert.equal(await b.page.textContent('[data-field=aligned]'), '40');
    await b.page.screenshot({ path: join(process.env['JJAK_SCREENSHOTS'] ?? dir, 'job-done.png'), fullPage: true });
  } finally {
    await b.close();
    cleanup();
  }
});
