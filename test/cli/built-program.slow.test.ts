/**
 * The program as `npm install` builds it (dist/, run by bin/jjak.js): it builds, and the built
 * files find what they read at run time (migrations, views, demo articles) and start their worker
 * threads from built JavaScript (align, parse and checkpoint threads). Slow: it runs the build.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { PARSE_WORKERS_FROM_BYTES } from '../../server/services/bulk-import.ts';
import { tempDir } from '../helpers.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'bin/jjak.js');
const DEMO = join(ROOT, 'db/demo/');
/** The build, whatever the caller's environment says. */
const BUILT = { ...process.env, JJAK_FROM_SOURCE: '0' };
const { dir, cleanup } = tempDir();

function jjak(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { env: BUILT, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

before(() => {
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts/build.mjs')], { encoding: 'utf8', timeout: 300_000 });
  assert.equal(r.status, 0, `build failed: ${r.stdout}${r.stderr}`);
});
after(cleanup);

test('the built CLI runs from dist/ and says so when asked for help', () => {
  const r = jjak('help');
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^ {2}show {2,}show one pair/m);
  const usage = jjak('show', '--help');
  assert.match(usage.stdout, /^Usage: jjak show ID/);
});

test('built: a bulk import parses on worker threads and checkpoints on another, then alignment runs on a worker', { timeout: 240_000 }, () => {
  const db = join(dir, 'bulk.db');
  const en = readFileSync(`${DEMO}01-seoul-fare-night-bus.en.txt`, 'utf8');
  const ko = readFileSync(`${DEMO}01-seoul-fare-night-bus.ko.txt`, 'utf8');
  // Distinct pairs (a numbered closing paragraph each) until the file is big enough for parse threads.
  const lines: string[] = [];
  let bytes = 0;
  for (let i = 1; bytes < PARSE_WORKERS_FROM_BYTES + 50_000; i++) {
    const line = JSON.stringify({
      en: { text: `${en}\n\nCorrection ${i}: an earlier version gave the wrong date for the fare rise.`, format: 'text' },
      ko: { text: `${ko}\n\n바로잡습니다 ${i}: 요금 인상 날짜가 잘못 표기돼 고쳤습니다.`, format: 'text' },
    });
    lines.push(line);
    bytes += Buffer.byteLength(line) + 1;
  }
  const file = join(dir, 'bulk.jsonl');
  writeFileSync(file, `${lines.join('\n')}\n`);
  const imported = jjak('import', '--jsonl', file, '--no-align', '--quiet', '--db', db);
  assert.equal(imported.code, 0, imported.stderr);
  assert.match(imported.stdout, new RegExp(`imported ${lines.length}\\b`));
  const ids = Array.from({ length: 8 }, (_, i) => String(i + 1));
  const aligned = jjak('align', ...ids, '--workers', '1', '--db', db);
  assert.equal(aligned.code, 0, aligned.stderr);
  assert.match(aligned.stdout, /aligned 8 pairs/);
  const shown = JSON.parse(jjak('show', '3', '--json', '--db', db).stdout) as { links: unknown[] };
  assert.ok(shown.links.length > 5, 'pair 3 has links');
});

test('built: jjak serve migrates a new database, loads the demo articles and renders a review page', { timeout: 60_000 }, async () => {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--db', join(dir, 'serve.db')], { env: BUILT, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const base = await new Promise<string>((resolve, reject) => {
      let out = '';
      const onData = (d: Buffer) => {
        out += d.toString();
        const m = /at (http:\/\/127\.0\.0\.1:\d+)\//.exec(out);
        if (m) resolve(m[1]!);
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.once('exit', () => reject(new Error(`server exited: ${out}`)));
    });
    const page = await fetch(`${base}/pairs/1`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<html/i);
  } finally {
    child.kill('SIGTERM');
  }
});
