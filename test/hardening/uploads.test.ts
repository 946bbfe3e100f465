import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { sweepStaleUploads, uploadRoot } from '../../server/services/import-job.ts';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { openTestDb, usePrivateTmpdir } from '../helpers.ts';
import { appFor, formCsrf } from '../auth/helpers.ts';

/** Every file below `dir` (none when it does not exist). */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name);
}

usePrivateTmpdir();

describe('an upload cut off half-way', () => {
  it('leaves no file behind', async () => {
    const db = openTestDb();
    const app = appFor(db);
    const server = app.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server.once('listening', resolve));
    try {
      const port = (server.address() as AddressInfo).port;
      const page = await fetch(`http://127.0.0.1:${port}/jobs/new`);
      const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0]!;
      const token = formCsrf(await page.text());
      const boundary = 'jjakboundary';
      await new Promise<void>((resolve) => {
        const req = http.request({
          host: '127.0.0.1', port, method: 'POST', path: '/jobs/import',
          headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}`, 'Content-Length': 10 * 1024 * 1024, Cookie: cookie, 'X-CSRF-Token': token },
        });
        req.on('error', () => resolve());
        req.write(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.jsonl"\r\nContent-Type: application/octet-stream\r\n\r\n`);
        req.write(Buffer.alloc(512 * 1024, 0x61));
        // wait until multer has created the file, then cut the connection
        const poll = setInterval(() => {
          if (filesUnder(uploadRoot()).length > 0) {
            clearInterval(poll);
            req.destroy();
            resolve();
          }
        }, 20);
      });
      for (let i = 0; i < 50 && filesUnder(uploadRoot()).length > 0; i++) await new Promise((r) => setTimeout(r, 50));
      assert.deepEqual(filesUnder(uploadRoot()), []);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});

describe('upload temporaries are swept at start-up', () => {
  it('removes the folders of servers that are gone and old loose files; keeps a live server\'s and fresh files', () => {
    // the pid of a process that has certainly ended
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    const root = uploadRoot();
    rmSync(root, { recursive: true, force: true }); // only what this test puts there
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
