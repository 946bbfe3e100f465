import { createReadStream, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { DuplicatePairError, getPair } from '../../db/pairs.ts';
import type { Db } from '../../db/open.ts';
import { loadConfig } from '../config.ts';
import { ImportError, parseJsonlLine, type FormatChoice } from '../import/index.ts';
import { importRecord, importTexts, readArticleFile } from '../services/import-pair.ts';
import { parseFlags, withDb, withDbAsync } from './common.ts';
import { UsageError, type CliIo, type Command } from './types.ts';

const FORMATS = ['auto', 'hani', 'text', 'html'];

function describe(db: Db, id: number): string {
  const p = getPair(db, id)!;
  const title = p.en.meta.title ?? p.ko.meta.title ?? '(untitled)';
  return `${title} — ${p.en.paragraphs.length} English / ${p.ko.paragraphs.length} Korean paragraphs, ${p.links.length} paragraph links`;
}

/** Imports a JSON Lines file line by line; each line whole or not at all. */
export async function importJsonl(db: Db, path: string, io: CliIo, opts: { quiet?: boolean } = {}) {
  try {
    if (!statSync(path).isFile()) throw new Error();
  } catch {
    throw new ImportError('missing_file', `The JSONL file "${path}" was not found. Check the path.`);
  }
  const summary = { imported: 0, duplicates: 0, rejected: [] as { line: number; reason: string }[], started: Date.now() };
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  let lineNo = 0;
  for await (const line of lines) {
    lineNo++;
    if (line.trim() === '') continue;
    try {
      if (line.includes('\uFFFD')) throw new ImportError('invalid_utf8', 'the line is not valid UTF-8');
      importRecord(db, parseJsonlLine(line));
      summary.imported++;
    } catch (e) {
      if (e instanceof DuplicatePairError) summary.duplicates++;
      else if (e instanceof ImportError) summary.rejected.push({ line: lineNo, reason: e.message });
      else throw e;
    }
    if (!opts.quiet && lineNo % 500 === 0) io.stderr(`… ${lineNo} lines read, ${summary.imported} imported\n`);
  }
  return { ...summary, lines: lineNo, seconds: (Date.now() - summary.started) / 1000 };
}

export const importCommand: Command = {
  name: 'import',
  summary: 'import a pair from two files, or many pairs from a JSON Lines file',
  usage: `jjak import --en FILE --ko FILE [--format auto|hani|text|html] [--en-url URL --ko-url URL] [--db PATH]
jjak import --jsonl FILE [--quiet] [--db PATH]`,
  async run(argv, io) {
    const { values } = parseFlags(argv, {
      en: { type: 'string' }, ko: { type: 'string' }, format: { type: 'string', default: 'auto' },
      'en-url': { type: 'string' }, 'ko-url': { type: 'string' }, jsonl: { type: 'string' },
      db: { type: 'string' }, quiet: { type: 'boolean', short: 'q' },
    });
    if (values.jsonl) {
      if (values.en || values.ko) throw new UsageError('give either --jsonl or --en and --ko, not both');
      const path = values.jsonl;
      const s = await withDbAsync(io, values.db, (db) => importJsonl(db, path, io, { quiet: values.quiet ?? false }));
      for (const r of s.rejected.slice(0, 50)) io.stderr(`line ${r.line}: rejected: ${r.reason}\n`);
      if (s.rejected.length > 50) io.stderr(`… and ${s.rejected.length - 50} more rejected lines\n`);
      io.stdout(`imported ${s.imported}, skipped ${s.duplicates} duplicates, rejected ${s.rejected.length} of ${s.lines} lines in ${s.seconds.toFixed(1)} s\n`);
      return s.rejected.length > 0 ? 1 : 0;
    }
    if (!values.en || !values.ko) throw new UsageError('name both files: --en FILE --ko FILE (or --jsonl FILE)');
    if (!FORMATS.includes(values.format ?? 'auto')) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`);
    const config = loadConfig(io.env);
    const en = readArticleFile(values.en, 'English file', config.maxArticleBytes);
    const ko = readArticleFile(values.ko, 'Korean file', config.maxArticleBytes);
    const enPath = values.en;
    const koPath = values.ko;
    return withDb(io, values.db, (db) => {
      let id: number;
      try {
        id = importTexts(db, {
          en, ko, format: values.format as FormatChoice,
          ...(values['en-url'] ? { enUrl: values['en-url'] } : {}),
          ...(values['ko-url'] ? { koUrl: values['ko-url'] } : {}),
        });
      } catch (e) {
        if (!(e instanceof DuplicatePairError)) throw e;
        io.stdout(`${e.message} Nothing was added.\n${e.pairId}\n`);
        return 0;
      }
      io.stdout(`imported pair ${id} from ${enPath} and ${koPath}: ${describe(db, id)}\n${id}\n`);
      return 0;
    });
  },
};
