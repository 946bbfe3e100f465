import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import request from 'supertest';
import { importTexts } from '../../server/services/import-pair.ts';
import { appFor } from '../auth/helpers.ts';
import { runCli } from '../cli-helpers.ts';
import { openTestDb, SHORT_EN, SHORT_KO } from '../helpers.ts';

const EN = `Six-party talks resume in Seoul

Envoys of the six-party talks met in Seoul on Monday, and K-pop fans greeted them. Kim Jong-seok said the 한-미 talks went well.

The South-North (남-북) hotline was tested "twice" at 9 a.m.`;
const KO = `6자회담 서울에서 재개

6자회담 대표들이 월요일 서울에서 만났고 케이팝 팬들이 이들을 맞았다. 김종석 대표는 한-미 회담이 잘 진행됐다고 말했다.

남-북 직통전화는 오전 9시에 "두 번" 점검됐다.`;

/** Pieces a user, a paste or an attacker might type: FTS5 syntax, hyphenated names, NUL, lone surrogates. */
const PIECES = ['한-미', '남-북', 'six-party', 'K-pop', 'Jong-seok', 'AND', 'OR', 'NOT', 'NEAR(', 'NEAR/2', '"', '*', '^', ':', '(', ')',
  '{', '}', '+', '-', '\0', 'en:', '\\', '/', '[', ']', '\uD800', '\uDFFF', '%', '_', "'", 'col:', 'talks', '회담', '서울', '-서울',
  '**', '""', '" "', 'a*', '*a', '\u200B', '\uFEFF', '\t', '\n', 'é', 'ﬁ', '𝔸', '?', '!', '.', '…'];
const query = fc.oneof(
  fc.array(fc.constantFrom(...PIECES), { maxLength: 8 }).map((a) => a.join(fc.sample(fc.constantFrom('', ' ', '-'), 1)[0])),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.string({ unit: fc.constantFrom(...'"*()^:-+{}\0 한미AND'), maxLength: 30 }),
  fc.constantFrom('x'.repeat(5000), '한'.repeat(300), '-'.repeat(300), '"'.repeat(199), `${'a '.repeat(100)}`),
);

function seeded() {
  const db = openTestDb();
  importTexts(db, { en: SHORT_EN, ko: SHORT_KO, format: 'text' }, { user: 'test', via: 'cli' });
  importTexts(db, { en: EN, ko: KO, format: 'text' }, { user: 'test', via: 'cli' });
  return db;
}

describe('search never fails on what is typed', () => {
  it('everyday hyphenated queries find their hits on the route and in the CLI', async () => {
    const db = seeded();
    const app = appFor(db);
    for (const [q, lang] of [['한-미', 'auto'], ['남-북', 'auto'], ['six-party', 'both'], ['K-pop', 'both'], ['Jong-seok', 'both'], ['six-party', 'en']]) {
      const res = await request(app).get('/search').query({ q, lang }).set('Accept', 'application/json').expect(200);
      assert.ok(res.body.total > 0, `${q} (${lang}) finds the sentence: ${JSON.stringify(res.body.message)}`);
      const cli = await runCli(['search', q!, '--lang', lang === 'auto' ? 'both' : lang!], { db });
      assert.equal(cli.code, 0, cli.stderr);
      assert.match(cli.stdout, /found/);
    }
  });

  it('a NUL in the query is a clear 400, not a 500', async () => {
    const app = appFor(seeded());
    const res = await request(app).get('/search').query({ q: 'talks\0', lang: 'both' }).set('Accept', 'application/json');
    assert.ok(res.status === 200 || res.status === 400, `status ${res.status}`);
    if (res.status === 400) assert.match(res.body.error.message, /query/i);
  });

  it('random queries (Unicode, punctuation, FTS5 syntax, NUL, very long) answer 200 or 400 on the route and 0 or 1 in the CLI', async () => {
    const db = seeded();
    const app = appFor(db);
    const lang = fc.constantFrom('auto', 'en', 'ko', 'both');
    await fc.assert(fc.asyncProperty(query, lang, async (q, l) => {
      const res = await request(app).get('/search').query({ q, lang: l }).set('Accept', 'application/json');
      assert.ok(res.status === 200 || res.status === 400, `GET /search q=${JSON.stringify(q)} lang=${l}: ${res.status} ${JSON.stringify(res.body)}`);
      if (res.status === 400) assert.doesNotMatch(res.body.error.message, /not saved/);
      const html = await request(app).get('/search').query({ q, lang: l });
      assert.ok(html.status === 200 || html.status === 400, `HTML ${html.status}`);
      if (q.trim() === '' || q.startsWith('-')) return; // the CLI reads a leading '-' as a flag; empty is a usage error
      const cli = await runCli(['search', q, '--lang', l === 'auto' ? 'both' : l], { db });
      assert.ok(cli.code === 0 || cli.code === 1, `jjak search ${JSON.stringify(q)}: exit ${cli.code} ${cli.stderr}`);
    }), { numRuns: 1500 });
  });
});
