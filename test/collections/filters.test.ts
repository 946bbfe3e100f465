import { test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { createApp } from '../../server/app.ts';
import { openTestDb } from '../helpers.ts';
import { runCli } from '../cli-helpers.ts';
import { importTexts } from '../../server/services/import-pair.ts';
import { addCollection } from '../../db/collections.ts';
import { EN_PARAGRAPHS, KO_PARAGRAPHS, text } from './fixtures.ts';

/** Three pairs: two in "harbour", one in no collection; every pair mentions the ferry. */
function corpus() {
  const db = openTestDb();
  const harbour = addCollection(db, { name: 'harbour', licence: 'CC BY 4.0', attribution: 'Busan desk' });
  const ids: number[] = [];
  for (let n = 0; n < 3; n++) {
    ids.push(importTexts(db, {
      en: text([...EN_PARAGRAPHS.slice(0, 3), `Story number ${n + 1} of the series.`]),
      ko: text([...KO_PARAGRAPHS.slice(0, 3), `연재 ${n + 1}번째 기사.`]), format: 'text',
    }, { user: 'mina', via: 'cli', provenance: { collectionId: n < 2 ? harbour.id : null } }));
  }
  return { db, ids };
}

test('the list page, jjak list, search and stats filter by collection', async () => {
  const { db, ids } = corpus();
  const app = createApp({ db });
  const list = (await request(app).get('/?collection=harbour').set('Accept', 'application/json').expect(200)).body as { id: number }[];
  assert.deepEqual(list.map((p) => p.id), [ids[1], ids[0]]);
  assert.equal(((await request(app).get('/').set('Accept', 'application/json').expect(200)).body as unknown[]).length, 3);
  const page = await request(app).get('/?collection=harbour').expect(200);
  assert.match(page.text, /\(2 in harbour\)/);
  await request(app).get('/?collection=nope').expect(404);

  const cli = await runCli(['list', '--collection', 'harbour', '--json'], { db });
  assert.deepEqual((JSON.parse(cli.stdout) as { id: number }[]).map((p) => p.id), [ids[1], ids[0]]);
  assert.equal((await runCli(['list', '--collection', 'nope'], { db })).code, 1);

  const search = (q: string) => request(app).get(`/search?q=ferry${q}`).set('Accept', 'application/json').expect(200)
    .then((r) => new Set((r.body as { hits: { pairId: number }[] }).hits.map((h) => h.pairId)));
  assert.deepEqual(await search(''), new Set(ids));
  assert.deepEqual(await search('&collection=harbour'), new Set([ids[0], ids[1]]));
  const cliSearch = await runCli(['search', 'ferry', '--collection', 'harbour', '--json'], { db });
  assert.deepEqual(new Set((JSON.parse(cliSearch.stdout) as { hits: { pairId: number }[] }).hits.map((h) => h.pairId)), new Set([ids[0], ids[1]]));

  const stats = (await request(app).get('/stats?collection=harbour').set('Accept', 'application/json').expect(200)).body as { counts: { pairs: number; paragraphs: { en: number } }; collection: string };
  const all = (await request(app).get('/stats').set('Accept', 'application/json').expect(200)).body as { counts: { pairs: number; paragraphs: { en: number } } };
  assert.deepEqual([stats.collection, stats.counts.pairs, all.counts.pairs], ['harbour', 2, 3]);
  assert.equal(stats.counts.paragraphs.en * 3, all.counts.paragraphs.en * 2);
  assert.match((await request(app).get('/stats?collection=harbour').expect(200)).text, /<option value="harbour" selected>/);
});

test('/api/export?collection= exports one collection with its licence; /export offers the collections', async () => {
  const { db, ids } = corpus();
  db.prepare(`UPDATE links SET status = 'confirmed'`).run();
  const app = createApp({ db });
  const page = await request(app).get('/export').expect(200);
  assert.match(page.text, /<option value="harbour" >harbour \(CC BY 4\.0\)<\/option>/);
  const tmx = (await request(app).get('/api/export?format=tmx&level=paragraph&collection=harbour').buffer(true).expect(200)).text;
  assert.match(tmx, /<prop type="x-licence">CC BY 4\.0<\/prop>/);
  assert.match(tmx, /<prop type="x-attribution">Busan desk<\/prop>/);
  const pairsIn = new Set([...tmx.matchAll(/<prop type="x-pair">(\d+)<\/prop>/g)].map((m) => Number(m[1])));
  assert.deepEqual(pairsIn, new Set([ids[0], ids[1]]));
  const none = (await request(app).get(`/api/export?format=tmx&level=paragraph&pairs=${ids[2]}`).buffer(true).expect(200)).text;
  assert.doesNotMatch(none, /x-licence/, 'a pair in no collection names no licence');
});

test('POST /api/pairs with a stored URL and other text answers 409 url_conflict naming the pair', async () => {
  const db = openTestDb();
  const app = createApp({ db });
  const body = (n: number) => ({
    en: { paragraphs: [...EN_PARAGRAPHS.slice(0, 2), `Update ${n}.`], url: 'https://news.example/en/9' },
    ko: { paragraphs: [...KO_PARAGRAPHS.slice(0, 2), `수정 ${n}.`] },
  });
  const first = await request(app).post('/api/pairs').send(body(1)).expect(201);
  const res = await request(app).post('/api/pairs').send(body(2)).expect(409);
  assert.equal(res.body.error.code, 'url_conflict');
  assert.match(res.body.error.message, new RegExp(`pair ${first.body.id as number}.*jjak import --update ${first.body.id as number}`));
});
