import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../cli-helpers.ts';
import { openTestDb } from '../helpers.ts';
import { talksDb } from './fixtures.ts';

describe('jjak search', () => {
  it('prints each hit with its counterpart and the match in brackets', async () => {
    const { db } = talksDb();
    const { code, stdout } = await runCli(['search', '북한'], { db });
    assert.equal(code, 0);
    assert.match(stdout, /^1 sentence found\n/);
    assert.match(stdout, /pair 1, row 2 \(1:1 auto 0\.85\)\n {2}en: North Korea agreed to new talks on Monday\.\n {2}ko: \[북한\]은 월요일/);
  });

  it('answers JSON with --json, searches paragraphs with --level and honours --lang and --limit', async () => {
    const { db } = talksDb();
    const both = await runCli(['search', 'Geneva', '--lang', 'both', '--json'], { db });
    assert.equal(JSON.parse(both.stdout).total, 1);
    const paragraphs = await runCli(['search', '"summit could follow"', 'date', '--level', 'paragraph', '--json'], { db });
    assert.equal(JSON.parse(paragraphs.stdout).hits[0].level, 'paragraph');
    const limited = await runCli(['search', 'talks', '--limit', '1', '--json'], { db });
    const body = JSON.parse(limited.stdout);
    assert.equal(body.total, 2);
    assert.equal(body.hits.length, 1);
    const korean = await runCli(['search', 'talks', '--lang', 'ko', '--json'], { db });
    assert.equal(JSON.parse(korean.stdout).total, 0);
  });

  it('explains an unusable query or flag instead of failing', async () => {
    const db = openTestDb();
    const empty = await runCli(['search', '???'], { db });
    assert.equal(empty.code, 1);
    assert.match(empty.stderr, /no letters or digits/);
    const none = await runCli(['search'], { db });
    assert.equal(none.code, 2);
    assert.match(none.stderr, /Usage: jjak search QUERY/);
    const bad = await runCli(['search', 'x', '--lang', 'fr'], { db });
    assert.equal(bad.code, 2);
  });
});
