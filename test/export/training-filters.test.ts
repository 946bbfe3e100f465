/**
 * Issue 18, items 4 (export side) and 8: rejected links only when asked for; --kind, --dedup and
 * the length-ratio bounds, with the summary naming how many units each removed.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_EXPORT_FILTER, iterateExportUnits } from '../../db/export.ts';
import { insertPair } from '../../db/pairs.ts';
import { parseExportOptions } from '../../server/export/options.ts';
import { filterUnits, lengthRatio } from '../../server/export/unit-filter.ts';
import { runCli } from '../cli-helpers.ts';
import { doc, openTestDb, tempDir } from '../helpers.ts';
import { buildExportCorpus } from './corpus.ts';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';

const db = openTestDb();
buildExportCorpus(db);
const statuses = (status: string) => [...iterateExportUnits(db, { ...DEFAULT_EXPORT_FILTER, status: parseExportOptions({ format: 'tsv', level: 'sentence', status }).filter.status })]
  .map((u) => u.status);

describe('--status and rejected links', () => {
  it('all takes auto and confirmed links and leaves rejected ones out', () => {
    const got = statuses('all');
    assert.ok(got.includes('auto') && got.includes('confirmed'));
    assert.ok(!got.includes('rejected'));
  });
  it('rejected takes only rejected links; all,rejected takes every link', () => {
    assert.deepEqual([...new Set(statuses('rejected'))], ['rejected']);
    assert.equal(statuses('all,rejected').length, statuses('all').length + statuses('rejected').length);
    assert.equal(parseExportOptions({ format: 'tsv', level: 'sentence', status: 'rejected,confirmed,auto' }).filter.status, 'auto,confirmed,rejected');
  });
});

describe('training filters', () => {
  it('--kind keeps units whose paragraphs are all of the kinds named (bylines and titles out)', () => {
    const { filter, training } = parseExportOptions({ format: 'tsv', level: 'paragraph', status: 'all,rejected', kind: 'body,subhead' });
    const removed = { kind: 0, ratio: 0, duplicate: 0 };
    const kept = [...filterUnits(iterateExportUnits(db, filter), training, removed)];
    const all = [...iterateExportUnits(db, filter)];
    assert.ok(kept.length > 0 && removed.kind > 0);
    assert.equal(kept.length + removed.kind, all.length);
    for (const u of kept) for (const i of [...u.en]) assert.ok(['body', 'subhead'].includes(u.pair.en.paragraphs[i]!.kind));
    // renumbered: the first unit kept of each pair has index 0 (it carries the pair's data in JSONL)
    assert.equal(kept.filter((u) => u.index === 0).length, new Set(kept.map((u) => u.pair.id)).size);
  });

  it('--min-ratio/--max-ratio bound Korean characters per English character', () => {
    assert.equal(lengthRatio({ enText: 'abcd', koText: '가나' }), 0.5);
    assert.equal(lengthRatio({ enText: '', koText: '가' }), Infinity);
    const { filter, training } = parseExportOptions({ format: 'tsv', level: 'sentence', status: 'all', minRatio: '0.3', maxRatio: '0.6' });
    const removed = { kind: 0, ratio: 0, duplicate: 0 };
    const kept = [...filterUnits(iterateExportUnits(db, filter), training, removed)];
    assert.ok(kept.every((u) => lengthRatio(u) >= 0.3 && lengthRatio(u) <= 0.6));
    assert.equal(kept.length + removed.ratio, [...iterateExportUnits(db, filter)].length);
    assert.throws(() => parseExportOptions({ format: 'tsv', level: 'sentence', minRatio: '2', maxRatio: '1' }), /--min-ratio must not be above --max-ratio/);
    assert.throws(() => parseExportOptions({ format: 'tsv', level: 'sentence', kind: 'body,footnote' }), /--kind takes paragraph kinds/);
  });

  it('--dedup writes identical unit pairs once, and the summary says how many each filter removed', async () => {
    const copy = openTestDb();
    const en = () => doc('en', [['title', 'Rain returns to the south'], ['body', 'Farmers welcomed the rain.'], ['byline', 'By Kim Mi-na']]);
    const ko = () => doc('ko', [['title', '남부에 다시 비'], ['body', '농민들은 비를 반겼다.'], ['byline', '김미나 기자']]);
    const a = insertPair(copy, en(), ko(), { paragraphs: [{ en: [0, 3], ko: [0, 3] }], sentences: [{ en: [0, 1], ko: [0, 1] }, { en: [1, 2], ko: [1, 2] }, { en: [2, 3], ko: [2, 3] }] });
    const en2 = en(); en2.paragraphs[0]!.text = 'Rain returns'; en2.paragraphs[0]!.sentences = ['Rain returns'];
    insertPair(copy, en2, ko(), { paragraphs: [{ en: [0, 3], ko: [0, 3] }], sentences: [{ en: [0, 1], ko: [0, 1] }, { en: [1, 2], ko: [1, 2] }, { en: [2, 3], ko: [2, 3] }] });
    assert.ok(a > 0);
    const { dir, cleanup } = tempDir();
    try {
      const out = join(dir, 'train');
      const r = await runCli(['export', '--format', 'moses', '--level', 'sentence', '--status', 'all', '--dedup', '--kind', 'title,body', '--out', out], { db: copy });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /removed 2 by --kind title,body, 1 duplicates by --dedup/);
      assert.equal(readFileSync(`${out}.en`, 'utf8'), 'Rain returns to the south\nFarmers welcomed the rain.\nRain returns\n');
    } finally {
      cleanup();
    }
  });
});
