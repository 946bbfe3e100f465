import assert from 'node:assert/strict';
import http from 'node:http';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { openDb } from '../../db/open.ts';
import { inTempDir, startServer } from '../helpers.ts';
import { seedPair } from '../auth/helpers.ts';

describe('SIGTERM', () => {
  it('ends the server within seconds even while a client stalls a long export', { timeout: 120_000 }, async () => {
    await inTempDir(async (dir) => {
      const dbPath = join(dir, 'serve.db');
      const seed = openDb(dbPath);
      seed.transaction(() => { for (let i = 0; i < 3000; i++) seedPair(seed, `S${i}`); })();
      seed.close();
      const { child, port, exited } = await startServer(dbPath);
      // A download that reads its first bytes and then nothing: the server's export waits on it.
      await new Promise<void>((resolve) => {
        const req = http.get({ host: '127.0.0.1', port, path: '/api/export?format=jsonl&level=sentence&status=all' }, (res) => {
          res.once('data', () => { res.pause(); resolve(); });
        });
        req.on('error', () => resolve());
      });
      const sent = Date.now();
      child.kill('SIGTERM');
      const code = await exited;
      const seconds = (Date.now() - sent) / 1000;
      assert.ok(seconds < 15, `the server took ${seconds.toFixed(1)} s to stop`);
      assert.ok(code === 0 || code === 1, `exit code ${code}`);
    });
  });
});
