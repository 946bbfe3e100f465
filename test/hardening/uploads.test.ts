import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sweepStaleUploads, uploadRoot } from '../../server/services/import-job.ts';
import { tempDir } from '../helpers.ts';

const tmp = tempDir();
const savedTmp = process.env['TMPDIR'];
before(() => { process.env['TMPDIR'] = tmp.dir; });
after(() => {
  if (savedTmp === undefined) delete process.env['TMPDIR'];
  else process.env['TMPDIR'] = savedTmp;
  tmp.cleanup();
});

describe('upload temporaries are swept at start-up', () => {
  it('removes the folders of servers that are gone and old loose files; keeps a live server\'s and fresh files', () => {
    // the pid of a process that has certainly ended
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    const root = uploadRoot();
    for (const pid of [gone, String(process.ppid)]) {
      mkdirSync(join(root, pid), { recursive: true });
      writeFileSync(join(root, pid, 'upload-1'), 'x'.repeat(1000));
    }
    writeFileSync(join(root, 'old-loose'), 'x');
    const twoHoursAgo = new Date(Date.now() - 2 * 3600_000);
    utimesSync(join(root, 'old-loose'), twoHoursAgo, twoHoursAgo);
    writeFileSync(join(root, 'fresh-loose'), 'x');
    assert.equal(sweepStaleUploads(), 2);
    assert.deepEqual(readdirSync(root).sort(), ['fresh-loose', String(process.ppid)].sort());
    assert.ok(existsSync(join(root, String(process.ppid), 'upload-1')), 'a live server\'s upload is kept');
  });
});
