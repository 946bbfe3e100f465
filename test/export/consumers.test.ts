/**
 * Every export format at both levels read by a real consumer: Python's csv module (CSV with no
 * options, TSV as the README says), translate-toolkit (TMX with one-sided units), an OPUS XCES
 * reader written to the format (readers/opus_read.py), and Python's str.splitlines() (every unit
 * stays on its own lines). Content is compared with the JSONL export of the same selection.
 * Skipped, with the reason, when /usr/bin/python3 or translate-toolkit is missing.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { openTestDb } from '../helpers.ts';
import { buildExportCorpus } from './corpus.ts';
import { exportFiles, GOLDEN_DATE, withTempFile } from './helpers.ts';

const PYTHON = '/usr/bin/python3';
const OPUS_READ = fileURLToPath(new URL('./readers/opus_read.py', import.meta.url));
const noPython = existsSync(PYTHON) ? false : `skipped: ${PYTHON} is missing`;
const noTranslate = noPython || (spawnSync(PYTHON, ['-c', 'import translate.storage.tmx']).status === 0
  ? false : `skipped: translate-toolkit is not importable by ${PYTHON} (Debian package translate-toolkit)`);
if (noPython) console.log(`# export consumer checks ${noPython}`);
else if (noTranslate) console.log(`# TMX consumer check ${noTranslate}`);

const db = openTestDb();
buildExportCorpus(db);
const ALL = ['--status', 'all', '--include-one-sided', '--date', GOLDEN_DATE];
const LEVELS = ['sentence', 'paragraph'] as const;

/** Runs a Python script on the bytes (written to a file) and parses the JSON it prints. */
function python(script: string, bytes: Buffer, name = 'in', extra: string[] = []): unknown {
  return withTempFile(name, bytes, (path) => {
    const r = spawnSync(PYTHON, [...(script.endsWith('.py') ? [script] : ['-c', script]), path, ...extra], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    return JSON.parse(r.stdout) as unknown;
  });
}

/** The units of the JSONL export of the same selection: what every other format must carry. */
async function expectedUnits(level: string): Promise<{ en: string; ko: string }[]> {
  const [jsonl] = await exportFiles(db, ['--format', 'jsonl', '--level', level, ...ALL]);
  return jsonl!.toString('utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as { en: string; ko: string });
}
const oneLine = (s: string) => s.replace(/\n/g, ' ');
/** What XML can carry of a text (it has no place for C0 controls), whitespace runs as one space. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const xmlSafe = (s: string) => s.replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]/g, '').replace(/\s+/g, ' ');
/** What the line formats make of the characters splitlines() breaks at (stored text may predate cleaning). */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const lineSafe = (s: string) => s.replace(/[\v\f\x1c-\x1e\x85\u2028\u2029]/g, ' ');

describe('export consumers', { skip: noPython }, () => {
  for (const level of LEVELS) {
    it(`CSV (${level}): Python's csv.reader with no options reads a header and every unit, texts intact`, async () => {
      const [csv] = await exportFiles(db, ['--format', 'csv', '--level', level, ...ALL]);
      const rows = python(`
import csv, json, sys
with open(sys.argv[1], newline='', encoding='utf-8') as f:
    print(json.dumps(list(csv.reader(f))))
`, csv!) as string[][];
      const want = await expectedUnits(level);
      assert.deepEqual(rows[0]!.slice(0, 3), ['en', 'ko', 'pair_id']);
      assert.deepEqual(rows.slice(1).map((r) => ({ en: r[0], ko: r[1] })), want.map((u) => ({ en: lineSafe(oneLine(u.en)), ko: lineSafe(oneLine(u.ko)) })));
      assert.ok(rows.every((r) => r.length === rows[0]!.length), 'every record has every column');
    });

    it(`TSV (${level}): read as the README says (csv, delimiter tab, no quoting, then unescape)`, async () => {
      const [tsv] = await exportFiles(db, ['--format', 'tsv', '--level', level, ...ALL]);
      const rows = python(`
import csv, json, re, sys
unescape = lambda s: re.sub(r'\\\\(.)', lambda m: {'t': '\\t', 'n': '\\n', 'r': '\\r'}.get(m.group(1), m.group(1)), s)
with open(sys.argv[1], newline='', encoding='utf-8') as f:
    print(json.dumps([[unescape(x) for x in r] for r in csv.reader(f, delimiter='\\t', quoting=csv.QUOTE_NONE)]))
`, tsv!) as string[][];
      const want = await expectedUnits(level);
      assert.deepEqual(rows.slice(1).map((r) => ({ en: r[0], ko: r[1] })), want.map((u) => ({ en: lineSafe(u.en), ko: lineSafe(u.ko) })));
    });

    it(`XCES (${level}): the OPUS reader resolves every link to the exported texts`, async () => {
      const [zip] = await exportFiles(db, ['--format', 'xces', '--level', level, ...ALL]);
      const got = python(OPUS_READ, zip!, 'x.zip') as { members: string[]; groups: { fromDoc: string; links: { src: string; trg: string }[] }[] };
      assert.ok(got.members.includes('en-ko.xml'));
      assert.ok(got.members.filter((m) => m !== 'en-ko.xml').every((m) => /^(?:en|ko)\/\d+\.xml\.gz$/.test(m)), got.members.join(' '));
      const want = await expectedUnits(level);
      assert.deepEqual(got.groups.flatMap((g) => g.links.map((l) => ({ en: xmlSafe(l.src), ko: xmlSafe(l.trg) }))),
        want.map((u) => ({ en: xmlSafe(u.en), ko: xmlSafe(u.ko) })));
    });

    it(`every format (${level}) reads back line by line with splitlines(): no line break but the format's own`, async () => {
      const units = (await expectedUnits(level)).length;
      for (const format of ['tsv', 'csv', 'jsonl', 'tmx', 'xliff', 'xliff12', 'moses']) {
        const suffixes = format === 'moses' ? ['.en', '.ko'] : [''];
        const files = await exportFiles(db, ['--format', format, '--level', level, ...ALL], suffixes);
        for (const bytes of files) {
          const got = python(`
import json, sys
t = open(sys.argv[1], encoding='utf-8', newline='').read()
print(json.dumps([len(t.splitlines()), len(t.replace('\\r\\n', '\\n').split('\\n')) - 1]))
`, bytes) as [number, number];
          assert.equal(got[0], got[1], `${format} ${level}: splitlines() finds ${got[0]} lines, LF ${got[1]}`);
          if (format === 'tsv' || format === 'csv') assert.equal(got[0], units + 1, `${format}: a header and one line per unit`);
          if (format === 'jsonl' || format === 'moses') assert.equal(got[0], units, `${format}: one line per unit`);
        }
      }
    });
  }
});

describe('translate-toolkit reads one-sided TMX units with Korean as the source', { skip: noTranslate }, () => {
  for (const level of LEVELS) {
    it(`TMX (${level}, --include-one-sided): the first variant of every unit is the header's srclang`, async () => {
      const [tmx] = await exportFiles(db, ['--format', 'tmx', '--level', level, ...ALL]);
      const got = python(`
import json, sys
from translate.storage import tmx
from translate.misc.xml_helpers import getXMLlang
store = tmx.tmxfile.parsefile(sys.argv[1])
print(json.dumps({"srclang": store.document.getroot().find('header').get('srclang'),
  "first": sorted({getXMLlang(u.getlanguageNodes()[0]) for u in store.units}),
  "units": [[u.source, u.target] for u in store.units]}))
`, tmx!) as { srclang: string; first: string[]; units: [string, string][] };
      const want = await expectedUnits(level);
      assert.equal(got.srclang, 'ko');
      assert.deepEqual(got.first, ['ko']);
      assert.deepEqual(got.units.map(([ko, en]) => [xmlSafe(ko), xmlSafe(en)]), want.map((u) => [xmlSafe(u.ko), xmlSafe(u.en)]));
      assert.ok(want.some((u) => u.ko === '' || u.en === ''), 'the corpus has one-sided units');
    });
  }
});
