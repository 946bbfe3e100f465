import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { countExportUnits, DEFAULT_EXPORT_FILTER, iterateExportUnits, joinItems, type ExportFilter } from '../../db/export.ts';
import { openTestDb } from '../helpers.ts';
import { buildExportCorpus } from './corpus.ts';

const db = openTestDb();
buildExportCorpus(db);

/** Compact view of the selected units: pair-position:link:status. */
function units(filter: Partial<ExportFilter>): string[] {
  const f = { ...DEFAULT_EXPORT_FILTER, ...filter };
  const list = [...iterateExportUnits(db, f)].map((u) => `${u.pair.id}-${u.position}:${u.linkType}:${u.status}`);
  assert.equal(countExportUnits(db, f), list.length, 'the count matches what the export writes');
  return list;
}

describe('export filters', () => {
  it('takes confirmed links only by default, leaving out the unaligned pair', () => {
    assert.deepEqual(units({}), ['1-0:1:1:confirmed', '1-6:1:1:confirmed', '2-0:1:1:confirmed']);
  });

  it('takes every status with --status all but leaves one-sided links out unless asked', () => {
    const all = units({ status: 'all,rejected' });
    assert.equal(all.length, 9);
    assert.ok(!all.some((u) => u.includes(':0:1:') || u.includes(':1:0:')));
    assert.ok(all.includes('1-2:1:1:rejected'));
    assert.deepEqual(units({ status: 'all,rejected', includeOneSided: true }).filter((u) => u.includes(':0:1:')), ['1-5:0:1:auto']);
  });

  it('keeps links at or above --min-confidence, and confirmed links whatever their score', () => {
    assert.deepEqual(units({ status: 'all,rejected', minConfidence: 0.9 }),
      ['1-0:1:1:confirmed', '1-6:1:1:confirmed', '2-0:1:1:confirmed', '2-1:1:1:auto', '2-2:1:1:auto']);
  });

  it('leaves n:m links out with includeMulti false', () => {
    assert.ok(units({ status: 'all,rejected' }).includes('1-4:1:2:auto'));
    assert.ok(!units({ status: 'all,rejected', includeMulti: false }).some((u) => u.includes(':1:2:')));
  });

  it('selects pairs by id, by published date range (inclusive) and by section in either language', () => {
    assert.deepEqual(units({ status: 'all,rejected', pairIds: [2, 3] }), ['2-0:1:1:confirmed', '2-1:1:1:auto', '2-2:1:1:auto']);
    assert.equal(units({ status: 'all,rejected', from: '2024-04-02', to: '2024-04-02' }).length, 3);
    assert.equal(units({ status: 'all,rejected', from: '2024-03-01', to: '2024-03-31' }).length, 6);
    assert.equal(units({ status: 'all,rejected', to: '2024-03-11' }).length, 0);
    assert.equal(units({ status: 'all,rejected', section: '경제' }).length, 3);
    assert.equal(units({ status: 'all,rejected', section: 'National' }).length, 6);
  });

  it('exports paragraph links with their paragraph texts', () => {
    const [first] = [...iterateExportUnits(db, { ...DEFAULT_EXPORT_FILTER, level: 'paragraph', pairIds: [2], status: 'all,rejected' })].slice(1);
    assert.equal(first!.enText, 'Exports rose 12% in March. Officials expect growth.');
    assert.equal(first!.koText, '3월 수출이 12% 늘었다. 정부는 성장을 기대한다.');
  });

  it('joins sentences of one paragraph with a space and across paragraphs with a newline', () => {
    const u = [...iterateExportUnits(db, { ...DEFAULT_EXPORT_FILTER, status: 'all,rejected', pairIds: [1] })][0]!;
    assert.equal(joinItems(u.pair.en, 'sentence', [2, 3]), 'Fares rise\tto 2,500 won.\nDrivers\u0001 asked for breaks 🚌.');
    assert.equal(joinItems(u.pair.ko, 'sentence', [3, 4, 5]), '운전기사들은 휴식을 요구했다 🚌. 1번 노선은 종로에서 출발한다.');
    assert.equal(joinItems(u.pair.en, 'paragraph', [0, 3]), 'Seoul adds <night> buses & "owl" routes\nBy Lee Han-sol \\ staff');
  });
});
