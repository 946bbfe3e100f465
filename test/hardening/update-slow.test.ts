import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import request from 'supertest';
import { loadConfig, type Config } from '../../server/config.ts';
import { createApp } from '../../server/app.ts';
import { getPair } from '../../db/pairs.ts';
import { importTexts } from '../../server/services/import-pair.ts';
import { openTestDb } from '../helpers.ts';
import { formCsrf } from '../auth/helpers.ts';
import { EN_PARAGRAPHS, KO_PARAGRAPHS, text } from '../collections/fixtures.ts';

const MB = 1024 * 1024;
const fill = (unit: string, n = MB): string => unit.repeat(Math.ceil(n / unit.length)).slice(0, n);
/** Only catches a parse that runs for minutes on the request thread. */
const BOUND = { timeout: 60_000 };

async function setup(config: Config = loadConfig({})) {
  const db = openTestDb();
  const id = importTexts(db, { en: text(EN_PARAGRAPHS), ko: text(KO_PARAGRAPHS), format: 'text' }, { user: 'mina', via: 'cli' });
  const app = createApp({ db, config });
  const agent = request.agent(app);
  const form = await agent.get(`/pairs/${id}/update`).expect(200);
  const token = formCsrf(form.text);
  const update = (field: 'en' | 'ko', body: string, format = 'auto') => agent.post(`/pairs/${id}/update?_csrf=${encodeURIComponent(token)}`)
    .set('Accept', 'application/json').field('format', format).attach(`${field}File`, Buffer.from(body), `${field}.${format === 'html' ? 'html' : 'txt'}`);
  return { db, id, app, update, before: getPair(db, id)!.version };
}

describe('the Update article form reads new texts on the parse thread', () => {
  it('deep unclosed HTML is a 422 with a message, the pair is unchanged and a GET sent meanwhile is answered', BOUND, async () => {
    const { db, id, app, update, before } = await setup();
    const deep = `<html><body><p>Seoul said so.</p>${'<b><i><u>'.repeat(2500)}text</body></html>`;
    const [res, get] = await Promise.all([update('en', deep, 'html'), request(app).get('/').set('Accept', 'application/json')]);
    assert.equal(get.status, 200);
    assert.equal(res.status, 422, res.text);
    assert.match((res.body as { error: { message: string } }).error.message, /HTML|article/);
    assert.equal(getPair(db, id)!.version, before);
  });

  it('a megabyte of ". " is refused with 422 and a GET sent meanwhile is answered', BOUND, async () => {
    const { db, id, app, update, before } = await setup();
    const [res, get] = await Promise.all([update('en', `A title\n\nWord ${fill('. ')}`, 'text'), request(app).get('/').set('Accept', 'application/json')]);
    assert.equal(get.status, 200);
    assert.equal(res.status, 422, res.text);
    assert.equal((res.body as { error: { code: string } }).error.code, 'too_many_sentences');
    assert.equal(getPair(db, id)!.version, before);
  });

  it('a new text that runs past JJAK_PARSE_BUDGET_MS is stopped with 422 too_slow and changes nothing', BOUND, async () => {
    const { db, id, update, before } = await setup({ ...loadConfig({}), parseBudgetMs: 1 });
    const big = `Officials said so\n\n${fill('The city said buses would run daily from April, officials said on Monday. ', 600 * 1024)}`;
    const res = await update('en', big, 'text');
    assert.equal(res.status, 422, res.text);
    assert.equal((res.body as { error: { code: string } }).error.code, 'too_slow');
    assert.equal(getPair(db, id)!.version, before);
  });
});
