import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { listPairs } from '../../db/pair-list.ts';
import { openDb } from '../../db/open.ts';
import { loadDemoData } from '../../server/services/demo.ts';
import { openTestDb, tempDir } from '../helpers.ts';

const BIN = fileURLToPath(new URL('../../bin/jjak.js', import.meta.url));

/** Starts `jjak serve` on a free port; resolves with its base URL once it listens. */
function serve(args: string[]): Promise<{ base: string; output: () => string; stop: () => Promise<number | null> }> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, JJAK_FROM_SOURCE: '1' } });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 20000);
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /at (http:\/\/127\.0\.0\.1:\d+)\//.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({
          base: m[1]!, output: () => out,
          stop: () => new Promise((done) => { child.once('exit', (code, signal) => done(code ?? signal as unknown as number)); child.kill('SIGTERM'); }),
        });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', () => reject(new Error(`server exited: ${out}`)));
  });
}

test('the demo pairs load and come out aligned', () => {
  const db = openTestDb();
  const n = loadDemoData(db);
  assert.ok(n >= 2, `expected demo pairs, got ${n}`);
  const pairs = listPairs(db, { limit: 10, offset: 0 });
  assert.equal(pairs.length, n);
  for (const p of pairs) {
    assert.ok(p.enTitle && p.koTitle, 'both titles parsed');
    assert.ok(p.links > 0, 'aligned');
  }
});

test('jjak serve creates the database with demo pairs on 127.0.0.1 the first time only, and stops on SIGTERM', async (t) => {
  const { dir, cleanup } = tempDir();
  t.after(cleanup);
  const dbPath = join(dir, 'data', 'jjak.db');
  const first = await serve(['--db', dbPath]);
  assert.match(first.output(), /demo pairs/);
  const list = await fetch(`${first.base}/`, { headers: { accept: 'application/json' } }).then((r) => r.json()) as unknown[];
  assert.ok(list.length >= 2);
  assert.equal(await first.stop(), 0, 'first stop');
  const second = await serve(['--db', dbPath]);
  assert.doesNotMatch(second.output(), /demo pairs/);
  assert.equal(await second.stop(), 0, 'second stop');
  const db = openDb(dbPath);
  assert.equal(listPairs(db, { limit: 100, offset: 0 }).length, list.length, 'no demo data added twice');
  db.close();
});

test('jjak serve --no-demo starts on an empty database', async (t) => {
  const { dir, cleanup } = tempDir();
  t.after(cleanup);
  const s = await serve(['--db', join(dir, 'empty.db'), '--no-demo']);
  const list = await fetch(`${s.base}/`, { headers: { accept: 'application/json' } }).then((r) => r.json());
  assert.deepEqual(list, []);
  await s.stop();
});
