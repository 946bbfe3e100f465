import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../cli-helpers.ts';
import { getPair } from '../../db/pairs.ts';
import { listArticleVersions } from '../../db/article-update.ts';
import { matchParagraphs, planUpdate } from '../../server/update/plan.ts';
import { EN_PARAGRAPHS, KO_PARAGRAPHS, text, withDbAndDir } from './fixtures.ts';
import type { Db } from '../../db/open.ts';

/** Imports the fixture pair through the CLI and confirms every paragraph link as reviewer "mina". */
async function reviewedPair(db: Db, dir: string, en = EN_PARAGRAPHS, ko = KO_PARAGRAPHS, args: string[] = []) {
  writeFileSync(join(dir, 'en.txt'), text(en));
  writeFileSync(join(dir, 'ko.txt'), text(ko));
  const r = await runCli(['import', '--en', join(dir, 'en.txt'), '--ko', join(dir, 'ko.txt'), '--format', 'text', ...args], { db });
  assert.equal(r.code, 0, r.stderr);
  const id = Number(r.stdout.trim().split('\n').at(-1));
  db.prepare(`UPDATE links SET status = 'confirmed', confirmed_by = 'mina', confirmed_at = '2026-01-02T03:04:05Z' WHERE pair_id = ?`).run(id);
  return id;
}

async function update(db: Db, dir: string, id: number, side: 'en' | 'ko', paragraphs: readonly string[]) {
  writeFileSync(join(dir, `${side}-new.txt`), text(paragraphs));
  return runCli(['import', '--update', String(id), `--${side}`, join(dir, `${side}-new.txt`), '--format', 'text'], { db });
}

test('jjak import leaves an import entry in the change log, written by the import service', () => withDbAndDir(async (db, dir) => {
  const id = await reviewedPair(db, dir);
  const rows = db.prepare('SELECT action, user_name, detail FROM change_log WHERE pair_id = ?').all(id) as { action: string; user_name: string; detail: string }[];
  assert.deepEqual(rows.map((r) => [r.action, JSON.parse(r.detail)]), [['import', { via: 'cli' }]]);
  assert.ok(rows[0]!.user_name.length > 0);
}));

test('paragraphs are matched by a diff of their normalised text', () => {
  assert.deepEqual(matchParagraphs(['a', 'b  c', 'd', 'e'], ['a', 'b c', 'x', 'e', 'f']), [0, 1, null, 3]);
  assert.deepEqual(matchParagraphs(['a', 'b'], ['new', 'a', 'b']), [1, 2]);
});

test('an update that edits one paragraph keeps the confirmed links around it and realigns the edited one', () => withDbAndDir(async (db, dir) => {
  const id = await reviewedPair(db, dir);
  const before = getPair(db, id)!;
  assert.equal(before.links.length, 6);
  const edited = [...EN_PARAGRAPHS];
  edited[3] = 'Admission will be free, and the library will stay open until 11 p.m. on weekdays and 6 p.m. at weekends.';
  const r = await update(db, dir, id, 'en', edited);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.trim().split('\n').at(-1), String(id), 'the pair id is the last line');
  assert.match(r.stdout, /1 new and 1 removed paragraphs; kept 5 links \(5 confirmed\), realigned 1/);
  const after = getPair(db, id)!;
  assert.equal(after.en.paragraphs[3]!.text, edited[3]);
  assert.equal(after.version, before.version + 1);
  const state = after.links.map((l) => [l.en.join(','), l.ko.join(','), l.status, l.confirmedBy]);
  assert.deepEqual(state, [
    ['0', '0', 'confirmed', 'mina'], ['1', '1', 'confirmed', 'mina'], ['2', '2', 'confirmed', 'mina'],
    ['3', '3', 'auto', null], ['4', '4', 'confirmed', 'mina'], ['5', '5', 'confirmed', 'mina'],
  ]);
  // Sentence links under kept paragraph links keep their state too.
  assert.ok(after.links[4]!.sentences.every((s) => s.status === 'confirmed' && s.confirmedBy === 'mina'));
  assert.ok(after.links[3]!.sentences.every((s) => s.status === 'auto'));
  // The old text is in the pair's history; the change log has the counts.
  const versions = listArticleVersions(db, id);
  assert.equal(versions.length, 1);
  assert.equal(versions[0]!.lang, 'en');
  assert.equal(versions[0]!.paragraphs[3]!.text, EN_PARAGRAPHS[3]);
  const log = db.prepare(`SELECT user_name, detail FROM change_log WHERE pair_id = ? AND action = 'update'`).all(id) as { user_name: string; detail: string }[];
  assert.equal(log.length, 1);
  const detail = JSON.parse(log[0]!.detail) as Record<string, unknown>;
  assert.deepEqual([detail['kept'], detail['realigned'], detail['new'], detail['removed']], [5, 1, 1, 1]);
  // The same text again changes nothing.
  const again = await update(db, dir, id, 'en', edited);
  assert.match(again.stdout, /already holds this text/);
  assert.equal(getPair(db, id)!.version, after.version);
}));

test('an update that adds and removes paragraphs keeps the untouched links and aligns the new ones', () => withDbAndDir(async (db, dir) => {
  const id = await reviewedPair(db, dir);
  // Korean side: paragraph 4 removed, a new paragraph after paragraph 2, English side the same change.
  const ko = [...KO_PARAGRAPHS.slice(0, 3), '도서관 운영은 부산도서관재단이 맡는다.', KO_PARAGRAPHS[3]!, KO_PARAGRAPHS[5]!];
  const en = [...EN_PARAGRAPHS.slice(0, 3), 'The Busan Library Foundation will run it.', EN_PARAGRAPHS[3]!, EN_PARAGRAPHS[5]!];
  assert.equal((await update(db, dir, id, 'ko', ko)).code, 0);
  const mid = getPair(db, id)!;
  assert.equal(mid.ko.paragraphs.length, 6);
  const r = await update(db, dir, id, 'en', en);
  assert.equal(r.code, 0, r.stderr);
  const after = getPair(db, id)!;
  const state = new Map(after.links.map((l) => [`${l.en.join(',')}|${l.ko.join(',')}`, l]));
  for (const k of ['0|0', '1|1', '2|2', '4|4', '5|5']) {
    assert.equal(state.get(k)?.status, 'confirmed', `link ${k} keeps its confirmation`);
    assert.equal(state.get(k)?.confirmedBy, 'mina');
  }
  assert.equal(state.get('3|3')?.status, 'auto', 'the new paragraphs are aligned with each other, unconfirmed');
  assert.ok(!after.links.some((l) => l.en.length === 0 || l.ko.length === 0), 'no one-sided link left over');
  assert.equal(listArticleVersions(db, id).length, 2);
}));

test('importing a page whose URL is stored with other text is refused, names the pair and suggests --update', () => withDbAndDir(async (db, dir) => {
  const id = await reviewedPair(db, dir, EN_PARAGRAPHS, KO_PARAGRAPHS, ['--en-url', 'https://news.example/busan-library']);
  const edited = [...EN_PARAGRAPHS.slice(0, 5), 'The union later withdrew its objection.'];
  writeFileSync(join(dir, 'en2.txt'), text(edited));
  const before = db.prepare('SELECT count(*) AS n FROM articles').get() as { n: number };
  const r = await runCli(['import', '--en', join(dir, 'en2.txt'), '--ko', join(dir, 'ko.txt'), '--format', 'text',
    '--en-url', 'https://news.example/busan-library'], { db });
  assert.equal(r.code, 1);
  assert.match(r.stderr, new RegExp(`already stored as pair ${id} with different text`));
  assert.match(r.stderr, new RegExp(`jjak import --update ${id} --en ${join(dir, 'en2.txt').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  assert.equal((db.prepare('SELECT count(*) AS n FROM articles').get() as { n: number }).n, before.n, 'nothing added');
  assert.equal(getPair(db, id)!.en.paragraphs[5]!.text, EN_PARAGRAPHS[5]);
  // The same texts again are still a plain duplicate (exit 0, the pair id).
  const same = await runCli(['import', '--en', join(dir, 'en.txt'), '--ko', join(dir, 'ko.txt'), '--format', 'text',
    '--en-url', 'https://news.example/busan-library'], { db });
  assert.equal(same.code, 0);
  assert.equal(same.stdout.trim().split('\n').at(-1), String(id));
  // An update keeps the stored URL when the new text has none.
  assert.equal((await update(db, dir, id, 'en', edited)).code, 0);
  assert.equal(getPair(db, id)!.en.meta.url, 'https://news.example/busan-library');
}));

test('an update of a missing pair, or with no file, is refused', () => withDbAndDir(async (db, dir) => {
  const r = await update(db, dir, 99, 'en', EN_PARAGRAPHS);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /Pair 99 does not exist/);
  const none = await runCli(['import', '--update', '1'], { db });
  assert.equal(none.code, 2);
  assert.match(none.stderr, /--en FILE and\/or --ko FILE/);
}));

test('a paragraph that differs only in white space is unchanged: its confirmed link is kept', () => {
  const p = (text: string, sentences: string[]) => ({ kind: 'body' as const, text, sentences });
  const state = { confidence: 0.9, evidence: [], confirmedBy: 'mina', confirmedAt: '2026-01-01T00:00:00Z' };
  const oldEn = [p('One. Two.', ['One.', 'Two.']), p('Three.', ['Three.'])];
  const ko = [p('하나. 둘.', ['하나.', '둘.']), p('셋.', ['셋.'])];
  const links = [
    { en: [0], ko: [0], status: 'confirmed' as const, ...state, sentences: [{ en: [0], ko: [0], status: 'confirmed' as const, ...state }, { en: [1], ko: [1], status: 'confirmed' as const, ...state }] },
    { en: [1], ko: [1], status: 'confirmed' as const, ...state, sentences: [{ en: [2], ko: [2], status: 'confirmed' as const, ...state }] },
  ];
  const plan = planUpdate(oldEn, ko, [p('One.  Two.', ['One. ', 'Two.']), p('Three, changed.', ['Three, changed.'])], ko, links);
  assert.deepEqual(plan.paragraphs.map((l) => [l.en, l.ko, l.status, l.confirmedBy]), [[[0], [0], 'confirmed', 'mina'], [[1], [1], 'auto', null]]);
  assert.deepEqual(plan.sentences.map((l) => l.status), ['confirmed', 'confirmed', 'auto']);
  assert.deepEqual([plan.counts.kept, plan.counts.realigned, plan.counts.new, plan.counts.removed], [1, 1, 1, 1]);
  assert.deepEqual(plan.realignedTexts, { en: ['Three, changed.'], ko: ['셋.'] });
});
