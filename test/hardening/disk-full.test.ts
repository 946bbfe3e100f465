import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { openDb } from '../../db/open.ts';
import { countPairs } from '../../db/pairs.ts';
import { runCli } from '../cli-helpers.ts';
import { inTempDir, SHORT_EN, SHORT_KO } from '../helpers.ts';

describe('a full disk', () => {
  it('ends a command with one line saying what happened and that nothing was half-written, exit 1', async () => {
    await inTempDir(async (dir) => {
      const db = openDb(join(dir, 'full.db'));
      // SQLite's page cap behaves as a full disk: every write needing a new page fails with SQLITE_FULL
      const pages = db.pragma('page_count', { simple: true }) as number;
      db.pragma(`max_page_count = ${pages}`);
      // long enough to need new pages in every table
      const more = (f: (i: number) => string) => Array.from({ length: 300 }, (_, i) => f(i)).join('\n\n');
      writeFileSync(join(dir, 'en.txt'), `${SHORT_EN}\n\n${more((i) => `Line ${i + 1} will run every ${i + 5} minutes, officials said.`)}`);
      writeFileSync(join(dir, 'ko.txt'), `${SHORT_KO}\n\n${more((i) => `${i + 1}번 노선은 ${i + 5}분마다 운행한다고 시 관계자가 밝혔다.`)}`);
      const res = await runCli(['import', '--en', join(dir, 'en.txt'), '--ko', join(dir, 'ko.txt')], { db });
      assert.equal(res.code, 1);
      assert.equal(res.stderr.trim().split('\n').length, 1, `one line: ${res.stderr}`);
      assert.match(res.stderr, /out of disk space \(SQLITE_FULL/);
      assert.match(res.stderr, /Nothing was half-written/);
      assert.doesNotMatch(res.stderr, /\n\s+at /, 'no stack trace');
      assert.equal(countPairs(db), 0, 'the pair is absent, not half there');
      db.close();
    });
  });
});
