import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { createApp } from '../../server/app.ts';
import { openTestDb } from '../helpers.ts';
import { appFor, seedUsers, sessionFor } from '../auth/helpers.ts';
import { buildExportCorpus } from './corpus.ts';
import { exportFiles, GOLDEN_DATE } from './helpers.ts';
import { extractTar } from './tar.ts';

const db = openTestDb();
buildExportCorpus(db);
const app = createApp({ db });

/** supertest: collect the body as bytes whatever the content type. */
const binary = (res: request.Response, done: (err: Error | null, body: Buffer) => void) => {
  const stream = res as unknown as NodeJS.ReadableStream;
  const parts: Buffer[] = [];
  stream.on('data', (c: Buffer) => parts.push(c));
  stream.on('end', () => done(null, Buffer.concat(parts)));
};

describe('/export page', () => {
  it('answers JSON with the exact count, a preview and the download link', async () => {
    const res = await request(app).get('/export?format=tsv&level=sentence&status=all,rejected&include-one-sided=1').set('Accept', 'application/json').expect(200);
    assert.equal(res.body.count, 10);
    assert.equal(res.body.preview.length, 10);
    assert.deepEqual(res.body.preview[4], {
      pairId: 1, level: 'sentence', position: 4, link: '1:2', en: 'Line one\nstarts at Jongno\u2028station.',
      ko: '1번 노선은 종로에서 출발한다.', status: 'auto', confidence: 0.75, confirmedBy: null, confirmedAt: null,
      enUrl: 'https://en.example.org/news/1?lang=en&id=7', koUrl: 'https://ko.example.org/news/1',
    });
    assert.equal(res.body.download, '/api/export?format=tsv&level=sentence&status=all%2Crejected&include-one-sided=1');
    assert.equal(res.body.options.includeOneSided, true);
  });

  it('renders the choices and an escaped preview', async () => {
    const res = await request(app).get('/export?status=all,rejected').expect(200);
    assert.match(res.text, /<select name="format">/);
    assert.match(res.text, /<option value="xces" >XCES \(OPUS, zip\)<\/option>/);
    assert.match(res.text, /<td lang="en">Seoul adds &lt;night&gt; buses &amp; &#34;owl&#34; routes<\/td>/);
    assert.match(res.text, /<span id="export-count">9<\/span>/);
    assert.match(res.text, /href="\/api\/export\?format=tmx&amp;level=sentence&amp;status=all%2Crejected"/);
  });

  it('shows a bad choice as an error (400), in JSON as {error}', async () => {
    const page = await request(app).get('/export?min-confidence=2').expect(400);
    assert.match(page.text, /role="alert">min-confidence must be a number from 0 to 1/);
    const json = await request(app).get('/export?level=word').set('Accept', 'application/json').expect(400);
    assert.deepEqual(json.body, { error: { code: 'bad_option', message: 'level must be paragraph or sentence' } });
  });
});

describe('GET /api/export', () => {
  it('streams the same bytes as the CLI, with Content-Type and Content-Disposition', async () => {
    for (const [format, type, ext] of [
      ['tmx', 'application/x-tmx+xml; charset=utf-8', 'tmx'], ['xliff', 'application/xliff+xml; charset=utf-8', 'xliff20.xlf'],
      ['xliff12', 'application/xliff+xml; charset=utf-8', 'xliff12.xlf'], ['csv', 'text/csv; charset=utf-8; header=present', 'csv'],
      ['tsv', 'text/tab-separated-values; charset=utf-8', 'tsv'], ['jsonl', 'application/jsonl; charset=utf-8', 'jsonl'],
      ['xces', 'application/zip', 'zip'],
    ] as const) {
      const args = ['--format', format, '--level', 'sentence', '--status', 'all,rejected', '--date', GOLDEN_DATE];
      const [cli] = await exportFiles(db, args);
      const res = await request(app).get(`/api/export?format=${format}&level=sentence&status=all,rejected&date=${GOLDEN_DATE}`)
        .buffer(true).parse(binary).expect(200);
      assert.equal(res.headers['content-type'], type);
      assert.equal(res.headers['content-disposition'], `attachment; filename="jjak-sentence-20240501.${ext}"`);
      assert.equal(res.headers['x-export-units'], '9');
      assert.ok((res.body as Buffer).equals(cli!), `${format} download equals the CLI export`);
    }
  });

  it('delivers Moses as a tar of the two line-aligned files', async () => {
    const res = await request(app).get(`/api/export?format=moses&level=paragraph&date=${GOLDEN_DATE}`).buffer(true).parse(binary).expect(200);
    const files = extractTar(res.body as Buffer);
    assert.deepEqual([...files.keys()], ['jjak-paragraph-20240501.en', 'jjak-paragraph-20240501.ko']);
    assert.equal(files.get('jjak-paragraph-20240501.ko')!.toString('utf8'), '서울시, 심야 <올빼미> 버스 & 노선 추가\n이한솔 기자\n반도체 수출 사상 최대\n3월 수출이 12% 늘었다. 정부는 성장을 기대한다.\n');
  });

  it('refuses bad options with 400 and a JSON error', async () => {
    const res = await request(app).get('/api/export?format=docx&level=sentence').set('Accept', 'application/json').expect(400);
    assert.equal(res.body.error.code, 'bad_option');
    await request(app).get('/api/export?format=tmx&format=tsv&level=sentence').set('Accept', 'application/json').expect(400);
  });

  it('needs a login once accounts exist, and the reader role is enough', async () => {
    const withUsers = openTestDb();
    buildExportCorpus(withUsers);
    const ids = await seedUsers(withUsers);
    const served = appFor(withUsers);
    await request(served).get('/api/export?format=tsv&level=sentence').set('Accept', 'application/json').expect(401);
    await request(served).get('/export').set('Accept', 'application/json').expect(401);
    const reader = sessionFor(withUsers, ids.reader);
    const res = await request(served).get('/api/export?format=tsv&level=sentence').set('Cookie', reader.cookie).expect(200);
    assert.equal(res.text.split('\n').length, 5);
    await request(served).get('/export').set('Cookie', reader.cookie).set('Accept', 'application/json').expect(200);
  });
});
