import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../cli-helpers.ts';
import { SHORT_EN, SHORT_KO, tempDir } from '../helpers.ts';

function files(dir: string, en: string | Buffer, ko: string | Buffer) {
  const enPath = join(dir, 'en.txt');
  const koPath = join(dir, 'ko.txt');
  writeFileSync(enPath, en);
  writeFileSync(koPath, ko);
  return { enPath, koPath };
}

/** A temporary folder, removed when the test ends, with the path of a database file in it. */
function workspace(t: TestContext): { dir: string; db: string } {
  const { dir, cleanup } = tempDir();
  t.after(cleanup);
  return { dir, db: join(dir, 'x.db') };
}

/** How many pairs `jjak list --json` shows in that database. */
async function storedPairs(db: string): Promise<number> {
  return (JSON.parse((await runCli(['list', '--json', '--db', db])).stdout) as unknown[]).length;
}

test('jjak import prints the pair id last; show --json gives meta and paragraphs with sentences', async (t) => {
  const { dir, db } = workspace(t);
  const { enPath, koPath } = files(dir, SHORT_EN, SHORT_KO);
  const imp = await runCli(['import', '--en', enPath, '--ko', koPath, '--db', db, '--en-url', 'https://example.org/e']);
  assert.equal(imp.code, 0, imp.stderr);
  const id = Number(imp.stdout.trim().split('\n').at(-1));
  assert.ok(id > 0);
  const show = await runCli(['show', String(id), '--json', '--db', db]);
  const pair = JSON.parse(show.stdout);
  assert.equal(pair.id, id);
  assert.equal(pair.en.meta.url, 'https://example.org/e');
  for (const key of ['title', 'section', 'published', 'modified', 'authors', 'url']) assert.ok(key in pair.en.meta, key);
  assert.ok(pair.ko.paragraphs.every((p: { kind: string; text: string; sentences: string[] }) => p.kind && p.text && p.sentences.length > 0));
  const list = await runCli(['list', '--json', '--db', db]);
  assert.deepEqual(JSON.parse(list.stdout).map((p: { id: number }) => p.id), [id]);
});

test('importing the same pair twice reports the stored pair and adds nothing', async (t) => {
  const { dir, db } = workspace(t);
  const { enPath, koPath } = files(dir, SHORT_EN, SHORT_KO);
  const first = await runCli(['import', '--en', enPath, '--ko', koPath, '--db', db]);
  const again = await runCli(['import', '--en', enPath, '--ko', koPath, '--db', db]);
  assert.equal(again.code, 0);
  assert.equal(again.stdout.trim().split('\n').at(-1), first.stdout.trim().split('\n').at(-1));
  assert.match(again.stdout, /already stored/);
  assert.equal(await storedPairs(db), 1);
});

test('bad input exits non-zero with the reason and leaves no pair behind', async (t) => {
  const { dir, db } = workspace(t);
  const cases: [string, string | Buffer, string | Buffer, RegExp][] = [
    ['swapped languages', SHORT_KO, SHORT_EN, /English/],
    ['empty file', '', SHORT_KO, /empty/i],
    ['invalid UTF-8', Buffer.from([0x48, 0x69, 0xc3, 0x28]), SHORT_KO, /UTF-8/],
    ['binary', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1, 2]), SHORT_KO, /binary|NUL/i],
  ];
  for (const [label, en, ko, message] of cases) {
    const { enPath, koPath } = files(dir, en, ko);
    const res = await runCli(['import', '--en', enPath, '--ko', koPath, '--db', db]);
    assert.equal(res.code, 1, label);
    assert.match(res.stderr, message, label);
  }
  const missing = await runCli(['import', '--en', join(dir, 'nope.txt'), '--ko', join(dir, 'ko.txt'), '--db', db]);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /not found/);
  const { enPath, koPath } = files(dir, SHORT_EN, SHORT_KO);
  const big = await runCli(['import', '--en', enPath, '--ko', koPath, '--db', db], { env: { JJAK_MAX_ARTICLE_BYTES: '100' } });
  assert.equal(big.code, 1);
  assert.match(big.stderr, /limit/);
  assert.equal(await storedPairs(db), 0);
});

test('jjak import --jsonl imports good lines and reports rejected line numbers', async (t) => {
  const { dir, db } = workspace(t);
  const path = join(dir, 'pairs.jsonl');
  writeFileSync(path, [
    JSON.stringify({ en: { text: SHORT_EN }, ko: { text: SHORT_KO } }),
    '{"en": not json',
    JSON.stringify({ en: { text: SHORT_KO }, ko: { text: SHORT_KO } }),
    '',
    JSON.stringify({ en: { paragraphs: ['The port reopened on Friday.'] }, ko: { paragraphs: ['항구가 금요일 다시 문을 열었다.'] } }),
  ].join('\n'));
  const res = await runCli(['import', '--jsonl', path, '--db', db]);
  assert.match(res.stderr, /line 2\b.*rejected/);
  assert.match(res.stderr, /line 3\b.*rejected/);
  assert.match(res.stdout, /imported 2\b/);
  assert.equal(await storedPairs(db), 2);
  const again = await runCli(['import', '--jsonl', path, '--db', db]);
  assert.match(again.stdout, /imported 0\b/);
  assert.equal(await storedPairs(db), 2);
});

test('the database path comes from --db, then JJAK_DB', async (t) => {
  const { dir, cleanup } = tempDir();
  t.after(cleanup);
  const { enPath, koPath } = files(dir, SHORT_EN, SHORT_KO);
  const envDb = join(dir, 'env.db');
  const res = await runCli(['import', '--en', enPath, '--ko', koPath], { env: { JJAK_DB: envDb } });
  assert.equal(res.code, 0, res.stderr);
  assert.equal(JSON.parse((await runCli(['list', '--json'], { env: { JJAK_DB: envDb } })).stdout).length, 1);
});

test('usage mistakes exit 2 with the usage', async () => {
  const res = await runCli(['import', '--en', 'only.txt']);
  assert.equal(res.code, 2);
  assert.match(res.stderr, /Usage: jjak import/);
  assert.equal((await runCli(['frobnicate'])).code, 2);
});
