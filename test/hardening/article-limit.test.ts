import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import request from 'supertest';
import { countPairs } from '../../db/pairs.ts';
import { createApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { readLineChunks } from '../../server/services/line-files.ts';
import { runCli } from '../cli-helpers.ts';
import { inTempDir, openTestDb, SHORT_EN, SHORT_KO } from '../helpers.ts';
import { formCsrf, seedPair } from '../auth/helpers.ts';

const LIMIT = 20_000;
const record = (en: string, ko: string) => JSON.stringify({ en: { text: en }, ko: { text: ko } });
const padded = (text: string, bytes: number) => `${text}\n\n${'The city said buses run daily. '.repeat(Math.ceil(bytes / 31))}`;
/** Imports the JSONL file at `path` into a fresh database under LIMIT, unaligned; returns both. */
async function importUnderLimit(path: string) {
  const db = openTestDb();
  const res = await runCli(['import', '--jsonl', path, '--no-align', '--quiet'], { db, env: { JJAK_MAX_ARTICLE_BYTES: String(LIMIT) } });
  return { db, res };
}

describe('JJAK_MAX_ARTICLE_BYTES holds on every path', () => {
  it('the line reader never holds an over-long line: it comes out empty, numbered, with its length', async () => {
    await inTempDir(async (dir) => {
      const path = join(dir, 'lines.jsonl');
      writeFileSync(path, `short\n${'x'.repeat(5000)}\nshort again\n${'y'.repeat(300)}`);
      const seen: { line: number; text: string }[] = [];
      const tooLong: { line: number; bytes: number }[] = [];
      for await (const chunk of readLineChunks(path, 2, undefined, 64, 100)) {
        tooLong.push(...(chunk.tooLong ?? []));
        assert.ok(chunk.bytes.byteLength <= 2 * 100, 'no chunk holds more than its lines within the limit');
        let start = 0;
        chunk.ends.forEach((end, i) => {
          seen.push({ line: chunk.firstLine + i, text: Buffer.from(chunk.bytes.subarray(start, end)).toString() });
          start = end;
        });
      }
      assert.deepEqual(tooLong, [{ line: 2, bytes: 5000 }, { line: 4, bytes: 300 }]);
      assert.deepEqual(seen.map((s) => s.line), [1, 2, 3, 4]);
      assert.deepEqual(seen.map((s) => s.text), ['short', '', 'short again', '']);
    });
  });

  it('jjak import --jsonl rejects an over-limit line and an over-limit side with their line numbers and imports the rest', async () => {
    await inTempDir(async (dir) => {
      const path = join(dir, 'corpus.jsonl');
      const lines = [
        record(SHORT_EN, SHORT_KO),
        record(padded('A huge line', 3 * LIMIT), SHORT_KO), // over the line limit
        record(SHORT_EN.replace('Seoul', 'Busan'), SHORT_KO.replace('서울', '부산')),
        record(padded('One big side', LIMIT + 2000), SHORT_KO), // under the line limit, over the article limit
      ];
      writeFileSync(path, `${lines.join('\n')}\n`);
      const { db, res } = await importUnderLimit(path);
      assert.equal(countPairs(db), 2, res.stdout + res.stderr);
      const out = res.stdout + res.stderr;
      assert.match(out, /line 2\b[^\n]*bytes/i);
      assert.match(out, /line 4\b[^\n]*bytes/i);
    });
  });

  it('re-importing a jjak JSONL export never holds an over-limit line and reports it with its number', async () => {
    await inTempDir(async (dir) => {
      const source = openTestDb();
      seedPair(source, 'A');
      seedPair(source, 'B');
      const out = join(dir, 'export.jsonl');
      const exported = await runCli(['export', '--format', 'jsonl', '--level', 'sentence', '--status', 'all', '--out', out, '--quiet'], { db: source });
      assert.equal(exported.code, 0, exported.stderr);
      const text = readFileSync(out, 'utf8');
      writeFileSync(out, `${text}${'{"x":"' + 'y'.repeat(6 * LIMIT) + '"}'}\n`);
      const { db, res } = await importUnderLimit(out);
      // the exporter's reader rejects the pair a bad line falls in (here the last) whole; the first stays
      assert.equal(countPairs(db), 1, res.stdout + res.stderr);
      const last = text.split('\n').filter(Boolean).length + 1;
      assert.match(res.stdout + res.stderr, new RegExp(`line ${last}\\b[^\\n]*bytes`, 'i'));
    });
  });

  it('POST /api/pairs refuses an article over the limit with 413, and the upload form too', async () => {
    const app = createApp({ db: openTestDb(), config: { ...loadConfig({ JJAK_MAX_ARTICLE_BYTES: String(LIMIT) }) } });
    const api = await request(app).post('/api/pairs').send({ en: { text: padded('Too long', LIMIT + 1000) }, ko: { text: SHORT_KO } }).expect(413);
    assert.match(api.body.error.message, /limit/);
    const paragraphs = await request(app).post('/api/pairs')
      .send({ en: { paragraphs: [SHORT_EN, 'x '.repeat(LIMIT)] }, ko: { text: SHORT_KO } }).expect(413);
    assert.equal(paragraphs.body.error.code, 'too_large');
    const agent = request.agent(app);
    const page = await agent.get('/pairs/new').expect(200);
    const token = formCsrf(page.text);
    await agent.post('/pairs').set('Accept', 'application/json').set('X-CSRF-Token', token)
      .field('en', padded('Too long', LIMIT + 1000)).field('ko', SHORT_KO).expect(413);
  });
});
