import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import request from 'supertest';
import { EXPORT_FORMATS } from '../../server/export/index.ts';
import { appFor } from '../auth/helpers.ts';
import { runCli } from '../cli-helpers.ts';
import { inTempDir, openTestDb } from '../helpers.ts';

/** Names every JavaScript object inherits, and a few it does not but a dictionary might hold. */
const BUILTINS = [
  'constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', 'propertyIsEnumerable',
  'toLocaleString', '__defineGetter__', '__lookupSetter__', 'prototype', 'length', 'name', 'caller', 'arguments',
];
const name = fc.constantFrom(...BUILTINS);
const word = fc.oneof(name, fc.constantFrom('The', 'city', 'said', 'on', 'Monday', 'two', 'March', 'billion', 'Kim', 'won'));
const enSentence = fc.array(word, { minLength: 3, maxLength: 9 }).map((w) => `${w.join(' ')}.`);
const koSentence = fc.tuple(name, fc.constantFrom('서울시가 발표한 계획에 따르면', '정부 관계자는 월요일', '두 나라 대표가 만나'),
  fc.constantFrom('했다고 밝혔다.', '라고 말했다.', '것으로 알려졌다.')).map(([n, a, b]) => `${a} ${n} 문제를 논의${b}`);
const article = (s: fc.Arbitrary<string>) => fc.array(fc.array(s, { minLength: 1, maxLength: 3 }).map((p) => p.join(' ')), { minLength: 2, maxLength: 4 });
const pair = fc.record({ en: article(enSentence), ko: article(koSentence), title: name });

describe('texts made of JavaScript built-in property names', () => {
  it('go through import, alignment, review operations, search and every export without an error', async () => {
    const db = openTestDb();
    const app = appFor(db);
    await fc.assert(fc.asyncProperty(pair, async ({ en, ko, title }) => {
      const enText = [`The ${title} report`, ...en].join('\n\n');
      const koText = [`${title} 보고서에 관한 기사`, ...ko].join('\n\n');
      const posted = await request(app).post('/api/pairs').send({ en: { text: enText }, ko: { text: koText } });
      assert.ok(posted.status === 201 || posted.status === 200, `import answered ${posted.status}: ${JSON.stringify(posted.body)}`);
      const id = posted.body.id as number;
      const state = await request(app).get(`/api/pairs/${id}`).set('Accept', 'application/json').expect(200);
      const version = state.body.version as number;
      await request(app).post(`/api/pairs/${id}/ops`).send({ op: 'confirm', link: 0, version }).expect((r) => {
        assert.ok(r.status === 200 || r.status === 409, `review op answered ${r.status}: ${JSON.stringify(r.body)}`);
      });
      for (const lang of ['en', 'ko', 'both']) {
        await request(app).get('/search').query({ q: title, lang }).set('Accept', 'application/json').expect(200);
      }
    }), { numRuns: 15 });
    for (const format of EXPORT_FORMATS) {
      for (const level of ['sentence', 'paragraph']) {
        const res = await request(app).get('/api/export').query({ format, level, status: 'all' }).buffer(true).parse((r, cb) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => cb(null, Buffer.concat(chunks)));
        });
        assert.equal(res.status, 200, `${format} ${level}`);
        assert.ok((res.body as Buffer).includes(Buffer.from('constructor')) || format === 'xces', `${format} ${level} holds the text`);
      }
    }
  });

  it('go through jjak import (two files and JSONL) and realign', async () => {
    await inTempDir(async (dir) => {
      const db = openTestDb();
      const en = join(dir, 'en.txt');
      const ko = join(dir, 'ko.txt');
      writeFileSync(en, 'The constructor vote\n\nThe constructor said __proto__ and toString rose two billion won. hasOwnProperty valueOf went on.\n\nconstructor constructor prototype.');
      writeFileSync(ko, '건설사 constructor 투표\n\n건설사 constructor 대표는 __proto__ 와 toString 이 20억 원 올랐다고 말했다. hasOwnProperty 는 계속됐다.\n\n그리고 회의가 끝났다고 전해졌다.');
      const two = await runCli(['import', '--en', en, '--ko', ko], { db });
      assert.equal(two.code, 0, two.stderr);
      const jsonl = join(dir, 'p.jsonl');
      writeFileSync(jsonl, `${JSON.stringify({ en: { text: 'The valueOf plan\n\nThe constructor said valueOf toString rose.' }, ko: { text: '가치 계획에 관한 기사\n\n건설사 constructor 대표는 valueOf 가 올랐다고 말했다.' } })}\n`);
      const bulk = await runCli(['import', '--jsonl', jsonl], { db });
      assert.equal(bulk.code, 0, bulk.stderr);
      const pairs = db.prepare('SELECT COUNT(*) AS n FROM pairs').get() as { n: number };
      assert.equal(pairs.n, 2);
      const unaligned = db.prepare('SELECT COUNT(*) AS n FROM pairs p WHERE NOT EXISTS (SELECT 1 FROM links b WHERE b.pair_id = p.id)').get() as { n: number };
      assert.equal(unaligned.n, 0, 'both pairs are aligned');
      const again = await runCli(['align', '--all'], { db });
      assert.equal(again.code, 0, again.stderr);
    });
  });
});
