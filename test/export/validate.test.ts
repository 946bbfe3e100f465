/**
 * Exports checked by the tools linguists use: xmllint against the LISA TMX DTD and the OASIS XLIFF
 * schemas in ../shared/schemas, and Debian's translate-toolkit reading the TMX and the XLIFF 1.2.
 * Skipped, with the reason, when ../shared/schemas, xmllint or translate-toolkit are missing.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openTestDb, tempDir } from '../helpers.ts';
import { buildExportCorpus } from './corpus.ts';
import { exportFiles, GOLDEN_DATE, withTempFile } from './helpers.ts';
import { extractZip } from './tar.ts';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const SCHEMAS = join(REPO, '..', 'shared', 'schemas');
const PYTHON = '/usr/bin/python3';

const hasSchemas = existsSync(join(SCHEMAS, 'tmx14.dtd')) && existsSync(join(SCHEMAS, 'xliff-core-2.0.xsd'));
const hasXmllint = spawnSync('xmllint', ['--version']).status === 0;
const hasTranslate = existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import translate.storage.tmx, translate.storage.xliff']).status === 0;
const noXml = !hasSchemas ? `skipped: ${SCHEMAS} (the shared schemas) is missing` : !hasXmllint ? 'skipped: xmllint is not installed (Debian package libxml2-utils)' : false;
const noTranslate = !hasTranslate ? `skipped: translate-toolkit is not importable by ${PYTHON} (Debian package translate-toolkit)` : false;
if (noXml) console.log(`# export validation ${noXml}`);
if (noTranslate) console.log(`# export consumer check ${noTranslate}`);

const db = openTestDb();
buildExportCorpus(db);
const ALL = ['--status', 'all,rejected', '--include-one-sided', '--date', GOLDEN_DATE];

function xmllint(args: string[], file: string): void {
  const r = spawnSync('xmllint', [...args, file], { cwd: SCHEMAS, encoding: 'utf8' });
  assert.equal(r.status, 0, `xmllint ${args.join(' ')} failed:\n${r.stderr}`);
}

describe('exports validate against the standard schemas', { skip: noXml }, () => {
  for (const level of ['sentence', 'paragraph']) {
    it(`TMX at ${level} level is valid against tmx14.dtd`, async () => {
      for (const filter of [ALL, ['--date', GOLDEN_DATE]]) {
        const [tmx] = await exportFiles(db, ['--format', 'tmx', '--level', level, ...filter]);
        withTempFile('out.tmx', tmx!, (p) => xmllint(['--noout', '--dtdvalid', join(SCHEMAS, 'tmx14.dtd')], p));
      }
    });
    it(`XLIFF 2.0 at ${level} level is valid against xliff-core-2.0.xsd`, async () => {
      const [xlf] = await exportFiles(db, ['--format', 'xliff', '--level', level, ...ALL]);
      withTempFile('out.xlf', xlf!, (p) => xmllint(['--nonet', '--noout', '--schema', join(SCHEMAS, 'xliff-core-2.0.xsd')], p));
    });
    it(`XLIFF 1.2 at ${level} level is valid against the strict schema`, async () => {
      const [xlf] = await exportFiles(db, ['--format', 'xliff', '--xliff-version', '1.2', '--level', level, ...ALL]);
      withTempFile('out.xlf', xlf!, (p) => xmllint(['--nonet', '--noout', '--schema', join(SCHEMAS, 'xliff-core-1.2-strict.xsd')], p));
    });
  }

  it('an export that selects nothing is still valid TMX, XLIFF 2.0 and XLIFF 1.2', async () => {
    const none = ['--level', 'sentence', '--pairs', '999', '--date', GOLDEN_DATE];
    const [tmx] = await exportFiles(db, ['--format', 'tmx', ...none]);
    withTempFile('none.tmx', tmx!, (p) => xmllint(['--noout', '--dtdvalid', join(SCHEMAS, 'tmx14.dtd')], p));
    const [x20] = await exportFiles(db, ['--format', 'xliff', ...none]);
    withTempFile('none.xlf', x20!, (p) => xmllint(['--nonet', '--noout', '--schema', join(SCHEMAS, 'xliff-core-2.0.xsd')], p));
    const [x12] = await exportFiles(db, ['--format', 'xliff12', ...none]);
    withTempFile('none.xlf', x12!, (p) => xmllint(['--nonet', '--noout', '--schema', join(SCHEMAS, 'xliff-core-1.2-strict.xsd')], p));
  });

  it('XCES: the cesAlign file and every sentence file it names are well-formed, and every xtarget exists', async () => {
    const [zip] = await exportFiles(db, ['--format', 'xces', '--level', 'sentence', ...ALL]);
    const files = extractZip(zip!, { gunzip: true });
    const { dir, cleanup } = tempDir();
    try {
      for (const [name, bytes] of files) {
        mkdirSync(join(dir, name, '..'), { recursive: true });
        writeFileSync(join(dir, name), bytes);
        xmllint(['--noout'], join(dir, name));
      }
    } finally {
      cleanup();
    }
    const align = files.get('en-ko.xml')!.toString('utf8');
    for (const group of align.split('<linkGrp').slice(1)) {
      const from = /fromDoc="([^"]+)\.gz"/.exec(group)![1]!;
      const to = /toDoc="([^"]+)\.gz"/.exec(group)![1]!;
      const ids = (doc: string) => new Set([...files.get(doc)!.toString('utf8').matchAll(/<s id="([^"]+)"/g)].map((m) => m[1]));
      const [enIds, koIds] = [ids(from), ids(to)];
      for (const m of group.matchAll(/xtargets="([^";]*);([^"]*)"/g)) {
        for (const id of m[1]!.split(' ').filter(Boolean)) assert.ok(enIds.has(id), `${from} has no <s id="${id}">`);
        for (const id of m[2]!.split(' ').filter(Boolean)) assert.ok(koIds.has(id), `${to} has no <s id="${id}">`);
      }
    }
  });
});

describe('translate-toolkit reads the exports', { skip: noTranslate }, () => {
  const read = (script: string, path: string) => {
    const r = spawnSync(PYTHON, ['-c', script, path], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    return JSON.parse(r.stdout) as Record<string, unknown>;
  };

  it('reads the TMX: every unit, Korean first then English, texts intact', async () => {
    const [tmx] = await exportFiles(db, ['--format', 'tmx', '--level', 'sentence', '--status', 'all,rejected', '--date', GOLDEN_DATE]);
    withTempFile('out.tmx', tmx!, (p) => {
      const got = read(`
import sys, json
from translate.storage import tmx
from translate.misc.xml_helpers import getXMLlang
store = tmx.tmxfile.parsefile(sys.argv[1])
langs = sorted({tuple(getXMLlang(n) for n in u.getlanguageNodes()) for u in store.units})
print(json.dumps({"units": len(store.units), "langs": langs, "first": [store.units[0].source, store.units[0].target]}))
`, p);
      assert.deepEqual(got, {
        units: 9, langs: [['ko', 'en']],
        first: ['서울시, 심야 <올빼미> 버스 & 노선 추가', 'Seoul adds <night> buses & "owl" routes'],
      });
    });
  });

  it('reads the XLIFF 1.2: source Korean, target English, every unit', async () => {
    const [xlf] = await exportFiles(db, ['--format', 'xliff12', '--level', 'paragraph', '--status', 'all,rejected', '--include-one-sided']);
    withTempFile('out.xlf', xlf!, (p) => {
      const got = read(`
import sys, json
from translate.storage import xliff
store = xliff.xlifffile.parsefile(sys.argv[1])
print(json.dumps({"units": len(store.units), "src": store.getsourcelanguage(), "trg": store.gettargetlanguage(),
  "files": len(store.getfilenames()), "last": [store.units[-1].source, store.units[-1].target]}))
`, p);
      assert.deepEqual(got, {
        units: 7, src: 'ko', trg: 'en', files: 2,
        last: ['3월 수출이 12% 늘었다. 정부는 성장을 기대한다.', 'Exports rose 12% in March. Officials expect growth.'],
      });
    });
  });
});
