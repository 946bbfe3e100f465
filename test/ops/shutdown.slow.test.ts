import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { openDb } from '../../db/open.ts';
import { countPairs } from '../../db/pairs.ts';
import { inTempDir, SHORT_EN, SHORT_KO, startServer } from '../helpers.ts';

describe('graceful shutdown', () => {
  it('on SIGTERM refuses new connections, finishes the request in flight, closes the database and exits 0', { timeout: 60_000 }, async () => {
    await inTempDir(async (dir) => {
      const dbPath = join(dir, 'serve.db');
      const { child, port, exited } = await startServer(dbPath);

      // A request whose body is only half sent when SIGTERM arrives.
      const body = Buffer.from(JSON.stringify({ en: { text: SHORT_EN }, ko: { text: SHORT_KO } }));
      const response = new Promise<{ status: number; text: string }>((resolve, reject) => {
        const req = http.request({
          host: '127.0.0.1', port, method: 'POST', path: '/api/pairs',
          headers: { 'Content-Type': 'application/json', 'Content-Length': body.length, Accept: 'application/json' },
        }, (res) => {
          let text = '';
          res.on('data', (d: Buffer) => { text += d.toString(); });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        });
        req.on('error', reject);
        req.write(body.subarray(0, 100));
        setTimeout(() => {
          child.kill('SIGTERM');
          setTimeout(() => req.end(body.subarray(100)), 500);
        }, 300);
      });
      await new Promise((r) => setTimeout(r, 500));
      // While the half-sent request is still open, a new connection is refused.
      const refused = await new Promise<string>((resolve) => {
        http.get({ host: '127.0.0.1', port, path: '/' }, (res) => { res.resume(); resolve(`answered ${res.statusCode}`); })
          .on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
      });
      assert.equal(refused, 'ECONNREFUSED');

      const answer = await response;
      assert.equal(answer.status, 201, answer.text);
      assert.equal(await exited, 0);
      // The last connection to close checkpoints the WAL and removes it: the database was closed.
      assert.equal(existsSync(`${dbPath}-wal`), false, 'the WAL file is gone, so the database was closed');
      const db = openDb(dbPath);
      assert.equal(countPairs(db), 1, 'the request in flight was stored');
      db.close();
    });
  });
});
