import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { removeStaleTemporaries } from '../../server/commands/export.ts';
import { tempDir } from '../helpers.ts';

describe('temporary files of killed exports', () => {
  it('are removed by the next export to the same path once their process is gone; others stay', () => {
    const { dir, cleanup } = tempDir();
    try {
      const finished = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
      const deadPid = Number(finished.stdout);
      assert.ok(deadPid > 0);
      const files = {
        stale: `.out.tmx.${deadPid}-0123abcd.tmp`,
        running: `.out.tmx.${process.pid}-0123abce.tmp`,
        otherOutput: `.other.tmx.${deadPid}-0123abcf.tmp`,
        notOurs: '.out.tmx.notes',
        output: 'out.tmx',
      };
      for (const name of Object.values(files)) writeFileSync(join(dir, name), 'x');
      assert.deepEqual(removeStaleTemporaries(join(dir, 'out.tmx')), [files.stale]);
      assert.equal(existsSync(join(dir, files.stale)), false);
      assert.deepEqual(readdirSync(dir).sort(), [files.otherOutput, files.running, files.notOurs, files.output].sort());
      assert.deepEqual(removeStaleTemporaries(join(dir, 'missing-folder', 'out.tmx')), []);
    } finally {
      cleanup();
    }
  });
});
