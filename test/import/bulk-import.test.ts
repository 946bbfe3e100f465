/**
 * Issue 15: one bulk import service for both record formats. A jjak export file goes through the
 * same batches, progress, stop signal and collection rule as pair records: it used to be imported
 * by a second engine that reported nothing until the end and could not be stopped.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { addCollection, getPairProvenance } from '../../db/collections.ts';
import { checkDatabase } from '../../db/doctor.ts';
import { createJob, getJob } from '../../db/jobs.ts';
import { countPairs } from '../../db/pairs.ts';
import { bulkImport, type BulkImportProgress } from '../../server/services/bulk-import.ts';
import { INTERRUPTED_MESSAGE, startImportJob, stopImportJobs } from '../../server/services/import-job.ts';
import { runCli } from '../cli-helpers.ts';
import { openTestDb, tempDir } from '../helpers.ts';
import { writeExportFile } from './export-file.ts';

const PAIRS = 300;
let dir: string;
let cleanup: () => void;
/** An export of PAIRS pairs with no collection, and one whose every third pair is in "wire". */
let plain: string;
let wire: string;

before(async () => {
  ({ dir, cleanup } = tempDir());
  plain = await writeExportFile(join(dir, 'plain.jsonl'), PAIRS);
  wire = await writeExportFile(join(dir, 'wire.jsonl'), 30, { collection: 'wire', every: 3 });
});
after(() => cleanup());

const collectionsOf = (db: ReturnType<typeof openTestDb>) =>
  (db.prepare('SELECT id FROM pairs ORDER BY id').all() as { id: number }[]).map((p) => getPairProvenance(db, p.id).collection?.name ?? null);

describe('bulk import of a jjak export file', () => {
  it('reports progress batch by batch: bytes and pairs grow before the end', async () => {
    const db = openTestDb();
    const reports: BulkImportProgress[] = [];
    const s = await bulkImport(db, plain, { batchSize: 25, onProgress: (p) => reports.push(p) });
    assert.equal(s.format, 'export');
    assert.deepEqual([s.imported, s.duplicates, s.rejectedCount], [PAIRS, 0, 0]);
    const total = statSync(plain).size;
    assert.ok(reports.length >= PAIRS / 25, `a report per batch (${reports.length})`);
    const first = reports[0]!;
    assert.equal(first.imported, 25);
    assert.ok(first.bytesRead > 0 && first.bytesRead < total, `the first report is part of the way (${first.bytesRead} of ${total})`);
    for (let i = 1; i < reports.length; i++) {
      assert.ok(reports[i]!.bytesRead >= reports[i - 1]!.bytesRead && reports[i]!.imported >= reports[i - 1]!.imported, 'progress never goes back');
    }
    assert.ok(new Set(reports.map((r) => r.bytesRead)).size > 3, 'bytes grow in steps, not all at the end');
    const last = reports.at(-1)!;
    assert.deepEqual([last.bytesRead, last.bytesTotal, last.imported, last.lines], [total, total, PAIRS, s.lines]);
    assert.deepEqual(checkDatabase(db).problems, []);
  });

  it('stops between batches when asked, keeping what it wrote, and a second run finishes without doubles', async () => {
    const db = openTestDb();
    const stop = new AbortController();
    let reports = 0;
    await assert.rejects(bulkImport(db, plain, {
      batchSize: 20,
      signal: stop.signal,
      onProgress: () => { if (++reports === 2) stop.abort(new Error('stop now')); },
    }), /stop now/);
    assert.equal(countPairs(db), 40, 'the two batches written before the stop are kept');
    assert.deepEqual(checkDatabase(db).problems, []);
    const again = await bulkImport(db, plain, { batchSize: 20 });
    assert.deepEqual([again.imported, again.duplicates], [PAIRS - 40, 40]);
    assert.equal(countPairs(db), PAIRS);
  });

  it('a stop that arrives while a batch is gathered writes the pairs in hand and ends at once', async () => {
    const db = openTestDb();
    const stop = new AbortController();
    // A signal that is stopped while the import asks it the 40th time: well inside the one batch
    // (10,000 pairs) this run would otherwise gather, so the stop is seen between two pairs.
    let asked = 0;
    const signal = {
      get aborted() {
        if (++asked === 40) stop.abort(new Error('stopped mid-batch'));
        return stop.signal.aborted;
      },
      throwIfAborted: () => stop.signal.throwIfAborted(),
    } as AbortSignal;
    await assert.rejects(bulkImport(db, plain, { batchSize: 10_000, signal }), /stopped mid-batch/);
    const kept = countPairs(db);
    assert.ok(kept > 0 && kept < PAIRS, `the pairs gathered before the stop are written, the rest not read (${kept} of ${PAIRS})`);
    assert.deepEqual(checkDatabase(db).problems, []);
  });

  it('the web import job of an export file shows progress while it runs and stops promptly between pairs', async () => {
    const db = openTestDb();
    const upload = join(dir, 'upload.jsonl');
    copyFileSync(plain, upload);
    const total = statSync(upload).size;
    const id = createJob(db, { kind: 'import', fileName: 'export.jsonl', align: false, bytesTotal: total, createdBy: 'mina' });
    const done = startImportJob(db, id, upload, { align: false, user: 'mina' });
    // wait (a turn at a time) until the job has written something
    let seen = getJob(db, id)!;
    for (let i = 0; i < 100_000 && seen.imported === 0 && seen.finishedAt === null; i++) {
      await new Promise((resolve) => setImmediate(resolve));
      seen = getJob(db, id)!;
    }
    assert.equal(seen.state, 'running');
    assert.ok(seen.imported > 0 && seen.bytesDone > 0 && seen.bytesDone < total, `progress before the end: ${seen.imported} pairs, ${seen.bytesDone} of ${total} bytes`);
    await stopImportJobs();
    await done;
    const job = getJob(db, id)!;
    assert.equal(job.state, 'failed');
    assert.equal(job.error, INTERRUPTED_MESSAGE);
    assert.ok(job.imported < PAIRS, `the stop ended it before the file was finished (${job.imported} of ${PAIRS})`);
    assert.equal(countPairs(db), job.imported, 'the job record counts exactly the pairs kept');
    assert.ok(job.bytesDone < total);
    assert.equal(existsSync(upload), false, 'the upload is removed');
    assert.deepEqual(checkDatabase(db).problems, []);
    const logged = db.prepare(`SELECT DISTINCT user_name AS user, detail FROM change_log WHERE action = 'import'`).all() as { user: string; detail: string }[];
    assert.deepEqual(logged, [{ user: 'mina', detail: '{"via":"export-jsonl"}' }], 'every pair kept has its entry, naming who sent the file');
  });
});

describe('the collection of pairs from an export file', () => {
  it('--collection files the pairs that name none; a pair\'s own collection (from the header) wins', async () => {
    const db = openTestDb();
    addCollection(db, { name: 'news-2019', licence: 'CC BY-SA 3.0' });
    const r = await runCli(['import', '--jsonl', wire, '--collection', 'news-2019', '--quiet', '--no-align'], { db });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /imported 30, skipped 0 duplicates, rejected 0/);
    // the header line created "wire" with its licence; every third pair (the first of each three) is in it
    assert.deepEqual(collectionsOf(db), Array.from({ length: 30 }, (_, i) => (i % 3 === 0 ? 'wire' : 'news-2019')));
    assert.equal((db.prepare(`SELECT licence FROM collections WHERE name = 'wire'`).get() as { licence: string }).licence, 'CC0 1.0');

    const none = openTestDb();
    assert.equal((await runCli(['import', '--jsonl', wire, '--quiet', '--no-align'], { db: none })).code, 0);
    assert.deepEqual(collectionsOf(none), Array.from({ length: 30 }, (_, i) => (i % 3 === 0 ? 'wire' : null)), 'without --collection the others stay in none');
  });

  it('a pair naming a collection this database lacks is rejected with its line, as a pair record is', async () => {
    const db = openTestDb();
    addCollection(db, { name: 'news-2019' });
    // the file without its header line: nothing creates "wire"
    const headless = join(dir, 'headless.jsonl');
    const lines = readFileSync(wire, 'utf8').split('\n');
    assert.match(lines[0]!, /jjak-export-1-header/);
    writeFileSync(headless, lines.slice(1).join('\n'));
    const r = await runCli(['import', '--jsonl', headless, '--collection', 'news-2019', '--quiet', '--no-align'], { db });
    assert.equal(r.code, 1, 'rejected pairs make the exit code 1');
    assert.match(r.stdout, /imported 20, skipped 0 duplicates, rejected 10 of/);
    assert.match(r.stderr, /line 1: rejected: there is no collection named "wire"; create it first with jjak collection add/);
    assert.deepEqual(new Set(collectionsOf(db)), new Set(['news-2019']));
  });

  it('an unknown --collection is refused before anything is read', async () => {
    const db = openTestDb();
    const r = await runCli(['import', '--jsonl', plain, '--collection', 'nope', '--quiet', '--no-align'], { db });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /There is no collection named "nope"/);
    await assert.rejects(bulkImport(db, plain, { collection: 'nope' }), /no collection named "nope"/);
    assert.equal(countPairs(db), 0);
  });
});
