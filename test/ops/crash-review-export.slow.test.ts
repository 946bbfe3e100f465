/**
 * Crash safety of review operations and exports (issue 8): `jjak serve` killed with SIGKILL while
 * several clients post review operations, and `jjak export` killed while it writes. After each kill
 * the doctor finds the database clean, no acknowledged operation is lost, every pair's version
 * agrees with its history, and the export's path holds nothing or a complete file, never a torn one.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDb } from '../../db/open.ts';
import { getPair } from '../../db/pairs.ts';
import { lastAppliedOperation, nextRedoOperation } from '../../db/review.ts';
import { applyPatch, parsePatch } from '../../server/review/patch.ts';
import { checkInvariants, reviewStatus } from '../../server/review/state.ts';
import { runCli } from '../cli-helpers.ts';
import { buildExportCorpus } from '../export/corpus.ts';
import { openTestDb, tempDir } from '../helpers.ts';
import { assertHealthy, FROM_SOURCE, JJAK, jjak, peek, randomInt } from './crash-helpers.ts';
import { writeCorpus } from './corpus.ts';

// Enough pairs that a sentence-level export writes for a few hundred milliseconds.
const PAIRS = 240;
const PARAGRAPHS = 8;
const REVIEWED_PAIRS = [1, 2, 3, 4, 5, 6];
const CLIENTS = 4;
const SERVER_KILLS = 5;
const EXPORT_KILLS = 3; // per format
const EXPORT_DATE = '2024-05-01T00:00:00Z';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const pick = <T>(list: readonly T[]): T => list[randomInt(0, list.length - 1)]!;

interface Server { base: string; child: ChildProcess; exited: Promise<string>; stderr: () => string }

/** Starts `jjak serve` on a free loopback port and resolves once it listens. */
function startServer(db: string): Promise<Server> {
  const child = spawn(process.execPath, [JJAK, 'serve', '--host', '127.0.0.1', '--port', '0', '--no-demo', '--db', db],
    { stdio: ['ignore', 'pipe', 'pipe'], env: FROM_SOURCE });
  const exited = new Promise<string>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? `exit ${code}`)));
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      const m = /at (http:\/\/127\.0\.0\.1:\d+)\//.exec(stdout);
      if (m) resolve({ base: m[1]!, child, exited, stderr: () => stderr });
    });
    void exited.then((how) => reject(new Error(`jjak serve ended (${how}) before listening:\n${stdout}${stderr}`)));
  });
}

// The operations the clients draw from; the repeats weight them. A row index past the end, a
// confirmed row or an empty history only gets a 422, which is part of the traffic too.
const OPS: ((link: number) => Record<string, unknown>)[] = [
  (link) => ({ op: 'merge', link }),
  (link) => ({ op: 'merge', link }),
  (link) => ({ op: 'merge', link, sentence: 0 }),
  (link) => ({ op: 'split', link }),
  (link) => ({ op: 'split', link }),
  (link) => ({ op: 'split', link, sentence: 0 }),
  (link) => ({ op: 'move', link, side: pick(['en', 'ko']), dir: pick(['up', 'down']) }),
  (link) => ({ op: 'move', link, side: pick(['en', 'ko']), dir: pick(['up', 'down']) }),
  (link) => ({ op: 'confirm', link }),
  (link) => ({ op: 'confirm', link }),
  (link) => ({ op: 'unconfirm', link }),
  () => ({ op: 'undo' }),
  () => ({ op: 'undo' }),
  () => ({ op: 'redo' }),
];

interface Tally { acked: number; ackedByBrowser: number; stale: number; refused: number; unexpected: string[] }
type OpAnswer = {
  version?: number; links?: unknown[]; fragment?: { patch: { removed: number; inserted: number } };
  error?: { code: string; currentVersion?: number };
};

/**
 * One reviewer posting operations back to back on random pairs until `stopped()`. A script client
 * sends bare JSON (no cookie, so no CSRF token is needed); a browser client sends the CSRF cookie
 * back with the X-CSRF-Token header and Origin, and asks for the page's HTML fragment answer.
 * Every 200 answer's version goes into `acked`: the server says that operation is stored.
 */
async function reviewClient(base: string, browser: boolean, acked: Map<number, number>, tally: Tally, stopped: () => boolean): Promise<void> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const views = new Map<number, { version: number; links: number }>();
  const load = async (id: number) => {
    const res = await fetch(`${base}/api/pairs/${id}`, { headers });
    if (browser && !headers['X-CSRF-Token']) {
      const token = /^jjak_csrf=([^;]+)/.exec(res.headers.getSetCookie().find((c) => c.startsWith('jjak_csrf=')) ?? '')?.[1];
      assert.ok(token, 'a visitor without a session gets a CSRF cookie');
      Object.assign(headers, { Cookie: `jjak_csrf=${token}`, 'X-CSRF-Token': token, Origin: base });
    }
    const body = await res.json() as { version: number; links: unknown[] };
    const view = { version: body.version, links: body.links.length };
    views.set(id, view);
    return view;
  };
  try {
    while (!stopped()) {
      const id = pick(REVIEWED_PAIRS);
      const view = views.get(id) ?? await load(id);
      const op = pick(OPS)(randomInt(0, view.links));
      const res = await fetch(`${base}/api/pairs/${id}/ops${browser ? '?fragment=1' : ''}`, {
        method: 'POST', headers: { ...headers, 'Content-Type': 'application/json' }, body: JSON.stringify({ ...op, version: view.version }),
      });
      const answer = await res.json() as OpAnswer;
      if (res.status === 200 && answer.version !== undefined) {
        tally.acked++;
        if (browser) tally.ackedByBrowser++;
        acked.set(id, Math.max(acked.get(id) ?? 0, answer.version));
        const links = answer.fragment ? view.links - answer.fragment.patch.removed + answer.fragment.patch.inserted : answer.links?.length ?? 0;
        views.set(id, { version: answer.version, links });
      } else if (res.status === 409 && answer.error?.code === 'stale_version') {
        tally.stale++;
        views.delete(id); // another client got there first: reload, as the page does
      } else if (res.status === 422) {
        tally.refused++;
      } else {
        tally.unexpected.push(`${res.status} ${JSON.stringify(answer.error ?? answer)} for ${JSON.stringify(op)}`);
      }
    }
  } catch (e) {
    // the kill cuts the requests in flight; before it, a failed request is a failure
    if (!stopped()) tally.unexpected.push(`request failed before the kill: ${(e as Error).message}`);
  }
}

/**
 * What the review layer keeps for each pair: the version counts the review changes (each logged
 * once, with the version it produced, in order), nothing acknowledged is missing, the links are
 * consistent and give the stored status, and the undo history matches the stored state (applied
 * steps before undone ones; the newest applied step can be undone and the next undone one redone).
 */
function assertReviewHistory(path: string, baseVersions: Map<number, number>, acked: Map<number, number>, when: string): number {
  const db = openDb(path);
  let changes = 0;
  try {
    for (const [id, baseVersion] of baseVersions) {
      const pair = getPair(db, id);
      assert.ok(pair, `pair ${id} is there after ${when}`);
      const logged = db.prepare<[number], { v: number }>(`SELECT json_extract(detail, '$.version') AS v FROM change_log
        WHERE pair_id = ? AND action LIKE 'review.%' ORDER BY id`).all(id).map((r) => r.v);
      assert.deepEqual(logged, Array.from({ length: pair.version - baseVersion }, (_, k) => baseVersion + k + 1),
        `pair ${id}: version ${pair.version} is its base ${baseVersion} plus one per logged review change, after ${when}`);
      changes += logged.length;
      assert.ok(pair.version >= (acked.get(id) ?? 0), `pair ${id}: version ${pair.version} keeps the acknowledged ${acked.get(id)}, after ${when}`);
      assert.ok(pair.links.length > 0, `pair ${id} keeps its links after ${when}`);
      checkInvariants(pair);
      assert.equal(pair.status, reviewStatus(pair.links), `pair ${id}: status follows the links after ${when}`);
      const undone = db.prepare<[number], { undone: number }>('SELECT undone FROM operations WHERE pair_id = ? ORDER BY seq').all(id).map((r) => r.undone);
      assert.ok(undone.indexOf(1) === -1 || undone.slice(undone.indexOf(1)).every((u) => u === 1),
        `pair ${id}: undone steps all come after the applied ones, after ${when}`);
      const last = lastAppliedOperation(db, id);
      if (last) assert.ok(applyPatch(pair, parsePatch(last.beforeState, last.afterState), 'undo'), `pair ${id}: the newest step matches the stored state, after ${when}`);
      const redo = nextRedoOperation(db, id);
      if (redo) assert.ok(applyPatch(pair, parsePatch(redo.beforeState, redo.afterState), 'redo'), `pair ${id}: the step to redo starts from the stored state, after ${when}`);
    }
  } finally {
    db.close();
  }
  return changes;
}

/** Size and time of every file in a folder, to see when an export starts writing there. */
function folderState(dir: string): Map<string, string> {
  const state = new Map<string, string>();
  for (const name of readdirSync(dir)) {
    try {
      const s = statSync(join(dir, name));
      state.set(name, `${s.size}|${s.mtimeMs}`);
    } catch { /* renamed or removed between the listing and the stat */ }
  }
  return state;
}

/** True once some file in `dir` holds bytes it did not hold in `before`: the export is writing. */
function writingStarted(dir: string, before: Map<string, string>): boolean {
  for (const [name, now] of folderState(dir)) if (now !== before.get(name) && !now.startsWith('0|')) return true;
  return false;
}

/** A whole export of `units` units: JSONL lines that all parse, or a TMX document with every unit and its end. */
function assertCompleteExport(format: 'tmx' | 'jsonl', bytes: Buffer, units: number, what: string): void {
  const text = bytes.toString('utf8');
  if (format === 'jsonl') {
    const lines = text.split('\n');
    assert.equal(lines.pop(), '', `${what} ends with a newline`);
    assert.equal(lines.length, units, `${what} has every unit`);
    for (const line of lines) assert.equal(typeof JSON.parse(line), 'object');
  } else {
    assert.match(text, /^<\?xml /, `${what} starts as XML`);
    assert.equal(text.match(/<tu /g)?.length ?? 0, units, `${what} has every unit`);
    assert.match(text, /<\/body>\s*<\/tmx>\s*$/, `${what} is closed`);
  }
}

describe('crash safety of review operations and exports', () => {
  const { dir, cleanup } = tempDir();
  const db = join(dir, 'crash.db');
  after(cleanup);

  before(async () => {
    const corpus = join(dir, 'corpus.jsonl');
    writeCorpus(corpus, PAIRS, PARAGRAPHS);
    const r = await jjak(['import', '--jsonl', corpus, '--db', db, '--quiet']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(assertHealthy(db, 'the import'), { pairs: PAIRS, aligned: PAIRS });
  });

  it('SIGKILL of `jjak serve` amid concurrent review operations loses no acknowledged operation and leaves history and version in step', { timeout: 120_000 }, async (t) => {
    const baseVersions = new Map<number, number>();
    const conn = openDb(db);
    for (const id of REVIEWED_PAIRS) baseVersions.set(id, conn.prepare<[number], { version: number }>('SELECT version FROM pairs WHERE id = ?').get(id)!.version);
    conn.close();
    let ackedByBrowser = 0;
    const acked = new Map<number, number>();
    const kills: string[] = [];
    for (let round = 0; round < SERVER_KILLS; round++) {
      const server = await startServer(db);
      const tally: Tally = { acked: 0, ackedByBrowser: 0, stale: 0, refused: 0, unexpected: [] };
      let killed = false;
      const clients = Array.from({ length: CLIENTS }, (_, c) => reviewClient(server.base, c === 0, acked, tally, () => killed));
      // Kill once a random number of operations were acknowledged, plus a random few milliseconds,
      // so the kill falls anywhere in the stream: mid-transaction, mid-answer, between requests.
      const target = randomInt(5, 60);
      const deadline = Date.now() + 30_000;
      while (tally.acked < target && tally.unexpected.length === 0 && Date.now() < deadline && server.child.exitCode === null) await sleep(5);
      await sleep(Math.random() * 15);
      killed = true;
      server.child.kill('SIGKILL');
      const how = await server.exited;
      await Promise.all(clients);
      assert.deepEqual(tally.unexpected, [], `round ${round}: only 200, 409 stale_version and 422 answers\n${server.stderr()}`);
      assert.equal(how, 'SIGKILL', `round ${round}: the server ran until killed\n${server.stderr()}`);
      assert.ok(tally.acked >= target, `round ${round}: ${tally.acked} of ${target} operations acknowledged before the deadline`);
      assert.deepEqual(assertHealthy(db, `serve killed in round ${round}`), { pairs: PAIRS, aligned: PAIRS });
      const changes = assertReviewHistory(db, baseVersions, acked, `serve killed in round ${round}`);
      ackedByBrowser += tally.ackedByBrowser;
      kills.push(`serve ${how} after ${tally.acked} acknowledged (${tally.stale} stale, ${tally.refused} refused), ${changes} review changes stored in all`);
    }
    t.diagnostic(kills.join('; '));
    assert.equal(kills.length, SERVER_KILLS);
    assert.ok(ackedByBrowser > 0, 'the client posting as the page does (CSRF cookie and header) got operations through');
  });

  it('SIGKILL of `jjak export` leaves no file or the complete earlier one at the output path, never a torn one', { timeout: 120_000 }, async (t) => {
    const units = peek(db, "SELECT count(*) AS n FROM links WHERE level = 'sentence'");
    const kills: string[] = [];
    for (const format of ['tmx', 'jsonl'] as const) {
      const outDir = join(dir, `export-${format}`);
      const out = join(outDir, `corpus.${format}`);
      const args = ['export', '--format', format, '--level', 'sentence', '--status', 'all,rejected', '--include-one-sided',
        '--date', EXPORT_DATE, '--out', out, '--db', db, '--quiet'];
      /**
       * Runs the export until `signal` lands while it writes (a run that finishes first is run
       * again); returns what the output path then holds and the files the run added beside it.
       */
      const stopMidWrite = async (signal: NodeJS.Signals, when: string) => {
        for (let attempt = 0; attempt < 8; attempt++) {
          const before = folderState(outDir);
          const r = await jjak(args, () => writingStarted(outDir, before), 150, signal);
          assertHealthy(db, `${format} export stopped by ${signal} ${when}`);
          if (r.signal !== signal) {
            assert.equal(r.code, 0, r.stderr);
            continue;
          }
          const there = existsSync(out) ? readFileSync(out) : null;
          const added = readdirSync(outDir).filter((f) => !before.has(f) && join(outDir, f) !== out);
          kills.push(`${format} export ${signal} ${when} (${there ? 'whole file there' : 'no file'}, ${added.length} temporary left${attempt ? `; ${attempt} runs finished first` : ''})`);
          return { there, added };
        }
        return assert.fail(`${format} export: no ${signal} landed while it was writing in 8 runs`);
      };
      mkdirSync(outDir);
      const first = await stopMidWrite('SIGKILL', 'before any file was there');
      if (first.there) assertCompleteExport(format, first.there, units, `the ${format} file left by a kill`);
      const beforeFull = new Set(readdirSync(outDir));
      const full = await jjak(args);
      assert.equal(full.code, 0, full.stderr);
      const complete = readFileSync(out);
      assertCompleteExport(format, complete, units, `the finished ${format} export`);
      if (first.there) assert.ok(first.there.equals(complete), 'a file present after the first kill was the whole export');
      assert.deepEqual(readdirSync(outDir).filter((f) => !beforeFull.has(f) && join(outDir, f) !== out), [],
        'a finished export leaves no temporary file');
      for (let k = 1; k < EXPORT_KILLS; k++) {
        const { there } = await stopMidWrite('SIGKILL', `over an earlier export (${k})`);
        assert.ok(there?.equals(complete), `${format} export killed over an earlier export: that file is still there, whole`);
      }
      // A signal the export can catch (Ctrl-C, a plain kill) also removes its temporary file.
      const term = await stopMidWrite('SIGTERM', 'over an earlier export');
      assert.ok(term.there?.equals(complete), `${format} export stopped by SIGTERM: the earlier file is still there, whole`);
      assert.deepEqual(term.added, [], `${format} export stopped by SIGTERM leaves no temporary file`);
    }
    t.diagnostic(kills.join('; '));
    assert.equal(kills.filter((k) => k.includes('SIGKILL')).length, 2 * EXPORT_KILLS);
  });

  it('an export that fails midway leaves the earlier file as it was and no temporary file', async () => {
    const { dir: outDir, cleanup: cleanupOut } = tempDir();
    const testDb = openTestDb();
    try {
      buildExportCorpus(testDb);
      const out = join(outDir, 'corpus.jsonl');
      writeFileSync(out, 'an earlier export\n');
      // Subtitles that are not JSON make reading the last aligned pair throw after the first pair's units.
      testDb.pragma('ignore_check_constraints = ON');
      const broken = testDb.prepare(`UPDATE articles SET subtitles = 'not json'
        WHERE id = (SELECT ko_article_id FROM pairs WHERE id = (SELECT max(pair_id) FROM links))`).run();
      assert.equal(broken.changes, 1);
      await assert.rejects(runCli(['export', '--format', 'jsonl', '--level', 'sentence', '--status', 'all', '--out', out], { db: testDb }), SyntaxError);
      assert.equal(readFileSync(out, 'utf8'), 'an earlier export\n');
      assert.deepEqual(readdirSync(outDir), ['corpus.jsonl']);
    } finally {
      testDb.close();
      cleanupOut();
    }
  });
});
