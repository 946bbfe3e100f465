import assert from 'node:assert/strict';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import request from 'supertest';
import { iterateExportUnits } from '../../db/export.ts';
import { openDb } from '../../db/open.ts';
import { createApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { exporters } from '../../server/export/index.ts';
import { parseExportOptions } from '../../server/export/options.ts';
import { runExport } from '../../server/export/run.ts';
import { streamSink } from '../../server/export/sinks.ts';
import { jjakVersion } from '../../server/export/version.ts';
import { inTempDir } from '../helpers.ts';
import { seedPair } from '../auth/helpers.ts';

const collect = (r: request.Test) => r.buffer(true).parse((res, cb) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
});

describe('HTTP exports run on a thread with their own connection', () => {
  it('give the same bytes as an export run in place, and GET / is answered while one streams', { timeout: 120_000 }, async () => {
    await inTempDir(async (dir) => {
      const db = openDb(join(dir, 'live.db'));
      for (let i = 0; i < 300; i++) seedPair(db, `T${i}`);
      const app = createApp({ db, config: { ...loadConfig({}), host: '127.0.0.1' } });
      for (const format of ['jsonl', 'tmx', 'tsv'] as const) {
        const query = { format, level: 'sentence', status: 'all', date: '2024-01-02' };
        const res = await collect(request(app).get('/api/export').query(query)).expect(200);
        const options = parseExportOptions(query);
        const out = new PassThrough();
        const chunks: Buffer[] = [];
        out.on('data', (c: Buffer) => chunks.push(c));
        await runExport(iterateExportUnits(db, options.filter), exporters[format].create({ level: 'sentence', date: options.date!, toolVersion: jjakVersion() }), streamSink(out));
        assert.equal((res.body as Buffer).toString(), Buffer.concat(chunks).toString(), format);
      }
      const big = collect(request(app).get('/api/export').query({ format: 'jsonl', level: 'sentence', status: 'all' }));
      await new Promise((r) => setTimeout(r, 50));
      await request(app).get('/').set('Accept', 'application/json').expect(200);
      assert.equal((await big).status, 200);
      db.close();
    });
  });
});
