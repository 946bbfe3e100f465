import { test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { createApp } from '../../server/app.ts';
import { openTestDb } from '../helpers.ts';
import { importTexts } from '../../server/services/import-pair.ts';
import { EN_PARAGRAPHS, KO_PARAGRAPHS, text } from './fixtures.ts';

type Api = { version: number; links: { en: number[]; ko: number[]; status: string; confirmedBy: string | null }[]; changedSinceReview: number[] };

test('the Update article form replaces a side, keeps confirmed rows and marks the changed row until it is reviewed', async () => {
  const db = openTestDb();
  const id = importTexts(db, { en: text(EN_PARAGRAPHS), ko: text(KO_PARAGRAPHS), format: 'text' }, { user: 'mina', via: 'cli' });
  db.prepare(`UPDATE links SET status = 'confirmed', confirmed_by = 'mina', confirmed_at = '2026-01-02T03:04:05Z' WHERE pair_id = ?`).run(id);
  const app = createApp({ db });
  const agent = request.agent(app);
  const show = await agent.get(`/pairs/${id}`).expect(200);
  assert.match(show.text, new RegExp(`<a href="/pairs/${id}/update">Update article</a>`));
  const form = await agent.get(`/pairs/${id}/update`).expect(200);
  assert.match(form.text, /None: this pair has not been updated/);
  const token = /name="_csrf" value="([^"]+)"/.exec(form.text)![1]!;

  const empty = await agent.post(`/pairs/${id}/update?_csrf=${encodeURIComponent(token)}`).field('_csrf', token).field('format', 'text').expect(422);
  assert.match(empty.text, /Paste or upload the new version/);

  const ko = [...KO_PARAGRAPHS];
  ko[2] = '2021년 제주 노선에서 은퇴한 이 여객선에는 책 1만5천권과 100석 규모의 열람실이 들어선다.';
  await agent.post(`/pairs/${id}/update?_csrf=${encodeURIComponent(token)}`).field('_csrf', token).field('ko', text(ko)).field('format', 'text').expect(303)
    .expect('Location', `/pairs/${id}`);

  const api = (await agent.get(`/api/pairs/${id}`).expect(200)).body as Api;
  assert.deepEqual(api.links.map((l) => l.status), ['confirmed', 'confirmed', 'auto', 'confirmed', 'confirmed', 'confirmed']);
  assert.deepEqual(api.changedSinceReview, [2]);
  const page = await agent.get(`/pairs/${id}`).expect(200);
  assert.match(page.text, /class="link-row [^"]*changed-since-review[^"]*" id="row-2"/);
  assert.equal((page.text.match(/changed-since-review/g) ?? []).length, 1, 'only the changed row is marked');
  assert.match((await agent.get(`/pairs/${id}/update`).expect(200)).text, /Korean · <span lang="ko">[^<]+<\/span> · replaced/);

  // Confirming the row clears its mark.
  await request(app).post(`/api/pairs/${id}/ops`).send({ version: api.version, op: 'confirm', link: 2 }).expect(200);
  const after = (await agent.get(`/api/pairs/${id}`).expect(200)).body as Api;
  assert.deepEqual(after.changedSinceReview, []);
});
