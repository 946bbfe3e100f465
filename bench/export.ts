/**
 * bench:export — exports 1,000,000 generated sentence links in every format and prints
 * units/second and the peak resident memory of each export.
 *
 * The database (20,000 pairs × 50 sentence links, 10 paragraph links each) is generated once with
 * bulk inserts in one transaction into $TMPDIR/jjak-bench-export/ and reused by later runs.
 * Each export runs in its own child process (`jjak export` in-process there), so its peak RSS
 * (getrusage maxrss) is the export's own; the baseline line is a child that opens the database
 * and loads the same modules but exports nothing. Target: under 150 MB whatever the size.
 *
 *   npm run bench:export [-- --pairs N] [-- --formats tmx,jsonl]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openDb } from '../db/open.ts';
import { EXPORT_FORMATS } from '../server/export/index.ts';
import { exportCommand, exportPaths } from '../server/commands/export.ts';
import { prng } from './generate.ts';

const PARAGRAPHS = 10;
const SENTENCES_PER_PARAGRAPH = 5;
const LINKS_PER_PAIR = PARAGRAPHS * SENTENCES_PER_PARAGRAPH;

const { values } = parseArgs({
  options: {
    pairs: { type: 'string', default: '20000' }, formats: { type: 'string' }, child: { type: 'string' },
    db: { type: 'string' }, out: { type: 'string' },
  },
});

/** The shared deterministic generator (mulberry32), so every build of the database is the same. */
const rng = prng;
const WORDS = ['city', 'bus', 'route', 'fare', 'night', 'driver', 'council', 'budget', 'export', 'chip', 'rain', 'farm',
  'harbour', 'ferry', 'school', 'court', 'ruling', 'market', 'price', 'rose', 'fell', 'said', 'on', 'the', 'a', 'of'];
const SYLLABLES = '서울시는버스노선요금운전기사예산수출반도체가뭄농민항구여객선학교법원판결시장가격올랐다내렸다말했다';
function sentence(r: () => number, lang: 'en' | 'ko'): string {
  if (lang === 'en') {
    const n = 8 + Math.floor(r() * 10);
    const words = Array.from({ length: n }, () => WORDS[Math.floor(r() * WORDS.length)]!);
    return `${words.join(' ').replace(/^./, (c) => c.toUpperCase())}.`;
  }
  const n = 5 + Math.floor(r() * 7);
  return `${Array.from({ length: n }, () => Array.from({ length: 2 + Math.floor(r() * 3) }, () => SYLLABLES[Math.floor(r() * SYLLABLES.length)]).join('')).join(' ')}.`;
}

/** Builds the benchmark database with bulk inserts in one transaction (no importer, no aligner). */
function buildDatabase(path: string, pairs: number): void {
  const building = `${path}.building`;
  rmSync(building, { force: true });
  const db = openDb(building);
  // The full-text search triggers would index 2 million sentences that no export reads (and take
  // most of the build time): this throwaway database goes without them.
  for (const { name } of db.prepare<[], { name: string }>(
    "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN ('sentences', 'paragraphs')",
  ).all()) db.exec(`DROP TRIGGER "${name.replace(/"/g, '""')}"`);
  const at = '2024-01-01T00:00:00.000Z';
  const article = db.prepare(`INSERT INTO articles (lang, source_format, raw_text, content_hash, url, title, section, published_at, created_at)
    VALUES (?, 'text', '', ?, ?, ?, ?, ?, ?)`);
  const paragraph = db.prepare('INSERT INTO paragraphs (article_id, position, kind, text) VALUES (?, ?, ?, ?)');
  const sentenceRow = db.prepare('INSERT INTO sentences (paragraph_id, article_id, position, text) VALUES (?, ?, ?, ?)');
  const pair = db.prepare('INSERT INTO pairs (en_article_id, ko_article_id, content_key, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)');
  const link = db.prepare(`INSERT INTO links (pair_id, level, position, en_start, en_end, ko_start, ko_end, status, confidence, evidence, confirmed_by, confirmed_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '[]', ?, ?)`);
  const r = rng(20240501);
  const started = performance.now();
  db.transaction(() => {
    for (let p = 0; p < pairs; p++) {
      const day = `2024-${String(1 + (p % 12)).padStart(2, '0')}-${String(1 + (p % 28)).padStart(2, '0')}`;
      const ids: Record<'en' | 'ko', number> = { en: 0, ko: 0 };
      for (const lang of ['en', 'ko'] as const) {
        const id = Number(article.run(lang, `${lang}-${p}`, `https://${lang}.example.org/${p}`, `Article ${p}`,
          lang === 'en' ? 'National' : '사회', `${day}T09:00:00+09:00`, at).lastInsertRowid);
        ids[lang] = id;
        let position = 0;
        for (let i = 0; i < PARAGRAPHS; i++) {
          const texts = Array.from({ length: SENTENCES_PER_PARAGRAPH }, () => sentence(r, lang));
          const pid = Number(paragraph.run(id, i, i === 0 ? 'title' : 'body', texts.join(' ')).lastInsertRowid);
          for (const t of texts) sentenceRow.run(pid, id, position++, t);
        }
      }
      const pairId = Number(pair.run(ids.en, ids.ko, `bench-${p}`, 'aligned', at, at).lastInsertRowid);
      for (let i = 0; i < PARAGRAPHS; i++) link.run(pairId, 'paragraph', i, i, i + 1, i, i + 1, 'auto', 0.9, null, null);
      for (let i = 0; i < LINKS_PER_PAIR; i++) {
        const confirmed = i % 3 === 0;
        link.run(pairId, 'sentence', i, i, i + 1, i, i + 1, confirmed ? 'confirmed' : 'auto',
          Math.round(r() * 1000) / 1000, confirmed ? 'bench' : null, confirmed ? at : null);
      }
    }
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  for (const suffix of ['', '-wal', '-shm']) if (existsSync(building + suffix)) renameSync(building + suffix, path + suffix);
  console.log(`built ${pairs} pairs, ${pairs * LINKS_PER_PAIR} sentence links in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

/** Child mode: one export (or none, for the baseline) and its figures as JSON on stdout. */
async function child(format: string, dbPath: string, out: string): Promise<void> {
  const started = performance.now();
  let units = 0;
  if (format !== 'baseline') {
    let said = '';
    // The command itself, not the whole CLI: the child loads only what an export needs.
    const code = await exportCommand.run(['--format', format, '--level', 'sentence', '--status', 'all', '--date', '2024-05-01',
      '--out', out, '--db', dbPath, '--quiet'], { stdout: (s) => { said += s; }, stderr: (s) => void process.stderr.write(s), env: {} });
    if (code !== 0) throw new Error(`export failed with ${code}`);
    units = Number(/wrote (\d+)/.exec(said)?.[1] ?? 0);
  } else {
    openDb(dbPath).prepare('SELECT count(*) FROM links').get();
  }
  const seconds = (performance.now() - started) / 1000;
  const bytes = format === 'baseline' ? 0 : Object.values(exportPaths(format as never, out)).reduce((n, p) => n + statSync(p).size, 0);
  process.stdout.write(JSON.stringify({ units, seconds, bytes, peakMb: process.resourceUsage().maxRSS / 1024 }));
}

if (values.child) {
  await child(values.child, values.db!, values.out!);
} else {
  const pairs = Number(values.pairs);
  const dir = join(tmpdir(), 'jjak-bench-export');
  mkdirSync(dir, { recursive: true });
  const dbPath = join(dir, `bench-${pairs}.db`);
  if (existsSync(dbPath)) console.log(`reusing ${dbPath}`);
  else buildDatabase(dbPath, pairs);
  const formats = values.formats ? values.formats.split(',') : EXPORT_FORMATS;
  const self = fileURLToPath(import.meta.url);
  console.log(`bench:export — ${pairs * LINKS_PER_PAIR} sentence links (${pairs} pairs), --level sentence --status all`);
  console.log('format      units     seconds   units/s    output MB   peak RSS MB');
  for (const format of ['baseline', ...formats]) {
    const out = join(dir, `out-${format}`);
    const r = spawnSync(process.execPath, ['--import', 'tsx', self, '--child', format, '--db', dbPath, '--out', out], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    if (r.status !== 0) throw new Error(`${format}: child failed (${r.status})`);
    const m = JSON.parse(r.stdout) as { units: number; seconds: number; bytes: number; peakMb: number };
    const rate = m.units ? Math.round(m.units / m.seconds) : 0;
    console.log(`${format.padEnd(10)}${String(m.units).padStart(8)}${m.seconds.toFixed(1).padStart(11)}${String(rate).padStart(10)}${(m.bytes / 1e6).toFixed(0).padStart(12)}${m.peakMb.toFixed(0).padStart(13)}${format !== 'baseline' && m.peakMb > 150 ? '  over the 150 MB target' : ''}`);
    for (const p of format === 'baseline' ? [] : Object.values(exportPaths(format as never, out))) rmSync(p, { force: true });
  }
}
