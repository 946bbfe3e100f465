/**
 * Issue 18, item 7: a JSONL pair record brings work done elsewhere. Paragraphs given as arrays of
 * sentence strings keep those sentences; `links` are stored as given after validation, completed
 * where they leave items out, and invalid ones reject the line with the reason.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkDatabase } from '../../db/doctor.ts';
import { getPair } from '../../db/pairs.ts';
import { parsePairRecord } from '../../server/import/jsonl.ts';
import { runCli } from '../cli-helpers.ts';
import { openTestDb, tempDir } from '../helpers.ts';

const EN = [['The minister arrived on Monday.', 'Talks began at once.'], ['Both sides agreed on a plan.'], ['Officials said more talks would follow.']];
const KO = [['장관은 월요일 도착했다.', '회담은 곧바로 시작됐다.'], ['양쪽은 계획에 합의했다.'], ['당국자들은 추가 회담이 이어질 것이라고 말했다.']];
const record = (links?: unknown) => JSON.stringify({ en: { paragraphs: EN }, ko: { paragraphs: KO }, ...(links === undefined ? {} : { links }) });

async function importLines(lines: string[]) {
  const db = openTestDb();
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, 'in.jsonl');
    writeFileSync(path, `${lines.join('\n')}\n`);
    const r = await runCli(['import', '--jsonl', path, '--quiet', '--no-align'], { db });
    return { db, ...r };
  } finally {
    cleanup();
  }
}

const items = (links: { en: number[]; ko: number[] }[]) => links.map((l) => `${l.en.join(',')}:${l.ko.join(',')}`).join(' ');

describe('JSONL records that bring their own work', () => {
  it('keeps sentences given as arrays, as given, and joins them into the paragraph text', () => {
    const r = parsePairRecord(JSON.parse(record()));
    assert.deepEqual(r.en.paragraphs[0], { kind: 'body', text: 'The minister arrived on Monday. Talks began at once.', sentences: EN[0] });
    // "Mr. Kim" would be split by a naive segmenter; given sentences are never segmented again
    const mr = parsePairRecord({ en: { paragraphs: [['Mr. Kim left.', 'He said so.']] }, ko: { paragraphs: [['김 씨는 떠났다.']] } });
    assert.deepEqual(mr.en.paragraphs[0]?.sentences, ['Mr. Kim left.', 'He said so.']);
  });

  it('stores the links as given, with status and confidence, sentence links included', async () => {
    const { db, code, stderr } = await importLines([record([
      { en: [0], ko: [0], status: 'confirmed', confidence: 0.9, sentences: [{ en: [0], ko: [0] }, { en: [1], ko: [1], status: 'rejected' }] },
      { en: [1, 2], ko: [1, 2], sentences: [{ en: [2, 3], ko: [2, 3] }] },
    ])]);
    assert.equal(code, 0, stderr);
    const pair = getPair(db, 1)!;
    assert.equal(items(pair.links), '0:0 1,2:1,2');
    assert.equal(pair.links[0]!.status, 'confirmed');
    assert.equal(pair.links[0]!.confidence, 0.9);
    assert.equal(items(pair.links[0]!.sentences), '0:0 1:1');
    assert.equal(pair.links[0]!.sentences[1]!.status, 'rejected');
    assert.equal(items(pair.links[1]!.sentences), '2,3:2,3');
    assert.deepEqual(checkDatabase(db).problems, []);
  });

  it('aligns the sentences inside paragraph links given without sentence links, and completes uncovered paragraphs', async () => {
    const { db, code, stderr } = await importLines([record([{ en: [0], ko: [0] }, { en: [1], ko: [1] }])]);
    assert.equal(code, 0, stderr);
    const pair = getPair(db, 1)!;
    assert.equal(items(pair.links), '0:0 1:1 2: :2');
    assert.equal(items(pair.links[0]!.sentences), '0:0 1:1');
    assert.deepEqual(checkDatabase(db).problems, []);
  });

  it('rejects invalid links with the line number and the reason, and imports the other lines', async () => {
    const { db, code, stderr, stdout } = await importLines([
      record([{ en: [1], ko: [0] }, { en: [0], ko: [1] }]),
      record([{ en: [0], ko: [7] }]),
      record([{ en: [0], ko: [0], status: 'maybe' }]),
      record([{ en: [0, 2], ko: [0] }]),
      JSON.stringify({ en: { paragraphs: EN.slice(0, 1) }, ko: { paragraphs: KO.slice(0, 1) }, links: [{ en: [0], ko: [0] }] }),
    ]);
    assert.equal(code, 1);
    assert.match(stderr, /line 1: rejected: links: paragraph link 1: en item 0 is already in an earlier link/);
    assert.match(stderr, /line 2: rejected: links: paragraph link 0: ko items 7–7 lie outside 0–2/);
    assert.match(stderr, /line 3: rejected: links\[0\]\.status must be one of auto, confirmed, rejected/);
    assert.match(stderr, /line 4: rejected: links\[0\]\.en must be consecutive indices/);
    assert.match(stdout, /imported 1, skipped 0 duplicates, rejected 4 of 5 lines/);
    assert.deepEqual(checkDatabase(db).problems, []);
  });
});
