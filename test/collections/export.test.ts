import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { openTestDb } from '../helpers.ts';
import { runCli } from '../cli-helpers.ts';
import { EN_PARAGRAPHS, inTempDir, KO_PARAGRAPHS } from './fixtures.ts';

const LICENCE = 'CC BY-SA 3.0';
const ATTRIBUTION = 'Texts © The Hankyoreh <hani.co.kr> & its reporters';

/** Two pairs in two collections, the first with its own id and meta, every link confirmed. */
async function corpus(dir: string) {
  const db = openTestDb();
  await runCli(['collection', 'add', 'news-2019', '--source', 'Hankyoreh English edition', '--licence', LICENCE, '--attribution', ATTRIBUTION], { db });
  await runCli(['collection', 'add', 'other', '--licence', 'CC0 1.0', '--attribution', 'Nobody in particular'], { db });
  const lines = [
    { id: 'hani-86893', meta: { split: 'dev', note: 'first <draft>' }, collection: 'news-2019', en: { paragraphs: EN_PARAGRAPHS.slice(0, 3) }, ko: { paragraphs: KO_PARAGRAPHS.slice(0, 3) } },
    { id: 2, collection: 'other', en: { paragraphs: EN_PARAGRAPHS.slice(3) }, ko: { paragraphs: KO_PARAGRAPHS.slice(3) } },
  ];
  writeFileSync(join(dir, 'in.jsonl'), lines.map((l) => JSON.stringify(l)).join('\n'));
  const r = await runCli(['import', '--jsonl', join(dir, 'in.jsonl'), '--quiet'], { db });
  assert.equal(r.code, 0, r.stderr);
  db.prepare(`UPDATE links SET status = 'confirmed', confirmed_by = 'mina'`).run();
  return db;
}

async function exportText(db: ReturnType<typeof openTestDb>, dir: string, format: string, extra: string[] = []) {
  const out = join(dir, `out-${format}`);
  const r = await runCli(['export', '--format', format, '--level', 'sentence', '--date', '2024-05-01', '--out', out, ...extra], { db });
  assert.equal(r.code, 0, r.stderr);
  return { out, stderr: r.stderr, stdout: r.stdout };
}

test('every export with a header names the licence and attribution of its collections; --collection filters', () => inTempDir(async (dir) => {
  const db = await corpus(dir);
  const only = ['--collection', 'news-2019'];
  const tmx = readFileSync((await exportText(db, dir, 'tmx', only)).out, 'utf8');
  const header = tmx.slice(0, tmx.indexOf('</header>'));
  assert.match(header, /<prop type="x-collection">news-2019<\/prop>/);
  assert.match(header, /<prop type="x-licence">CC BY-SA 3\.0<\/prop>/);
  assert.match(header, /<prop type="x-attribution">Texts © The Hankyoreh &lt;hani\.co\.kr&gt; &amp; its reporters<\/prop>/);
  assert.doesNotMatch(tmx, /CC0/, 'the other collection is filtered out');
  assert.match(tmx, /<prop type="x-external-id">hani-86893<\/prop>/);
  assert.match(tmx, /<prop type="x-meta">\{"split":"dev","note":"first &lt;draft&gt;"\}<\/prop>/);

  const all = readFileSync((await exportText(db, dir, 'tmx')).out, 'utf8');
  assert.match(all.slice(0, all.indexOf('</header>')), /CC BY-SA 3\.0[\s\S]*CC0 1\.0/, 'an export of both collections names both');

  const xliff = readFileSync((await exportText(db, dir, 'xliff', only)).out, 'utf8');
  assert.match(xliff, /<notes>\s*<note category="collection">news-2019<\/note>\s*<note category="licence">CC BY-SA 3\.0<\/note>\s*<note category="attribution">Texts © The Hankyoreh &lt;hani\.co\.kr&gt; &amp; its reporters<\/note>/);
  assert.match(xliff, /<mda:meta type="external-id">hani-86893<\/mda:meta>/);
  const xliff12 = readFileSync((await exportText(db, dir, 'xliff12', only)).out, 'utf8');
  assert.match(xliff12, /<note from="jjak">licence: CC BY-SA 3\.0<\/note>/);
  assert.match(xliff12, /<note from="jjak">attribution: Texts © The Hankyoreh &lt;hani\.co\.kr&gt; &amp; its reporters<\/note>/);
  assert.match(xliff12, /<note from="jjak">external-id: hani-86893<\/note>/);

  const jsonl = readFileSync((await exportText(db, dir, 'jsonl', only)).out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.deepEqual(jsonl[0], {
    format: 'jjak-export-1-header', level: 'sentence', tool: jsonl[0]!['tool'],
    collections: [{ name: 'news-2019', source: 'Hankyoreh English edition', licence: LICENCE, attribution: ATTRIBUTION }],
  });
  assert.equal(jsonl[1]!['externalId'], 'hani-86893');
  assert.equal(jsonl[1]!['collection'], 'news-2019');
  assert.deepEqual((jsonl[1]!['pairData'] as Record<string, unknown>)['meta'], { split: 'dev', note: 'first <draft>' });

  const zip = unzipSync(new Uint8Array(readFileSync((await exportText(db, dir, 'xces', only)).out)));
  const align = Buffer.from(zip['en-ko.xml']!).toString('utf8');
  assert.match(align, /<cesHeader version="1\.0">\n<fileDesc n="news-2019">.*<distributor>Texts © The Hankyoreh &lt;hani\.co\.kr&gt; &amp; its reporters<\/distributor><availability>CC BY-SA 3\.0<\/availability>.*<p>Hankyoreh English edition<\/p>/);

  // Formats without a header say the licence where the person exporting sees it.
  const tsv = await exportText(db, dir, 'tsv', only);
  assert.match(tsv.stderr, /collection news-2019: licence CC BY-SA 3\.0; attribution Texts © The Hankyoreh/);
  assert.doesNotMatch(readFileSync(tsv.out, 'utf8'), /CC BY-SA/, 'no comment lines in TSV');

  const unknown = await runCli(['export', '--format', 'tmx', '--level', 'sentence', '--out', join(dir, 'x'), '--collection', 'nope'], { db });
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /no collection named "nope"/);
}));

test('a JSONL export with its header line imports again, collections, ids and meta included, and exports the same bytes', () => inTempDir(async (dir) => {
  const db = await corpus(dir);
  const full = ['--status', 'all,rejected', '--include-one-sided'];
  const { out } = await exportText(db, dir, 'jsonl', full);
  const fresh = openTestDb();
  const first = readFileSync(out, 'utf8');
  const r = await runCli(['import', '--jsonl', out, '--quiet'], { db: fresh });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /imported 2, skipped 0 duplicates, rejected 0/);
  const logged = fresh.prepare(`SELECT detail FROM change_log WHERE action = 'import'`).all() as { detail: string }[];
  assert.deepEqual(logged.map((l) => JSON.parse(l.detail) as unknown), [{ via: 'export-jsonl' }, { via: 'export-jsonl' }]);
  const shown = JSON.parse((await runCli(['show', '1', '--json'], { db: fresh })).stdout) as { collection: { name: string; licence: string } | null; externalId: string; meta: unknown };
  assert.deepEqual([shown.collection?.name, shown.collection?.licence, shown.externalId, shown.meta], ['news-2019', LICENCE, 'hani-86893', { split: 'dev', note: 'first <draft>' }]);
  const second = await exportText(fresh, dir, 'jsonl', full);
  assert.equal(readFileSync(second.out, 'utf8'), first, 'the second export is byte for byte the first');
}));
