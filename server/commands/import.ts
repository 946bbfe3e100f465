import { statSync } from 'node:fs';
import { DuplicatePairError, getPair, UrlConflictError } from '../../db/pairs.ts';
import { CollectionError, findCollection, requireCollectionId } from '../../db/collections.ts';
import { UpdateConflictError } from '../../db/article-update.ts';
import { MissingPairError, updatePairTexts } from '../services/update-pair.ts';
import type { Db } from '../../db/open.ts';
import { loadConfig } from '../config.ts';
import type { FormatChoice } from '../import/index.ts';
import { importTexts, readArticleFile } from '../services/import-pair.ts';
import { alignPairs, countPairsToAlign } from '../services/bulk-align.ts';
import { bulkImport, type BulkImportOptions, type BulkImportSummary } from '../services/bulk-import.ts';
import { createProgress } from './progress.ts';
import { indexBacklog } from './index-search.ts';
import { parseFlags, withDb, withDbAsync } from './common.ts';
import { UsageError, type CliIo, type Command } from './types.ts';

const FORMATS = ['auto', 'hani', 'text', 'html'];

function describe(db: Db, id: number): string {
  const p = getPair(db, id)!;
  const title = p.en.meta.title ?? p.ko.meta.title ?? '(untitled)';
  return `${title} — ${p.en.paragraphs.length} English / ${p.ko.paragraphs.length} Korean paragraphs, ${p.links.length} paragraph links`;
}


export interface ImportJsonlOptions extends BulkImportOptions {
  /** No progress output. */
  quiet?: boolean;
}

/**
 * `jjak import --jsonl`'s import step: the bulk import service (server/services/bulk-import.ts)
 * with a progress bar on stderr, and the article size limit of the command's environment.
 */
export async function importJsonl(db: Db, path: string, io: CliIo, opts: ImportJsonlOptions = {}): Promise<BulkImportSummary> {
  const { quiet = false, onProgress, ...rest } = opts;
  const size = statSync(path, { throwIfNoEntry: false })?.size;
  // a missing file is the service's to report, without a bar first
  const progress = createProgress(io, { label: 'imported', total: size ?? 0, quiet: quiet || size === undefined });
  try {
    return await bulkImport(db, path, {
      ...rest,
      maxArticleBytes: opts.maxArticleBytes ?? loadConfig(io.env).maxArticleBytes,
      onProgress: (p) => {
        progress.update(p.bytesRead, p.imported + p.duplicates);
        onProgress?.(p);
      },
    });
  } finally {
    progress.stop();
  }
}

export const importCommand: Command = {
  name: 'import',
  usage: `jjak import --en FILE --ko FILE [--format auto|hani|text|html] [--en-url URL --ko-url URL] [--collection NAME] [--db PATH]
jjak import --jsonl FILE [--collection NAME] [--no-align] [--batch N] [--quiet] [--db PATH]
  Streams the file and stores pairs in batches; pairs already stored are skipped, so running it
  again after an interruption resumes. Then aligns the pairs without links on every core
  (--no-align: import only; jjak align --all aligns later). --batch: pairs a transaction (200).
  --collection puts the pairs in a collection (jjak collection add); a record's own "collection" wins.
jjak import --update ID [--en FILE] [--ko FILE] [--format …] [--en-url URL] [--ko-url URL] [--db PATH]
  Replaces one or both articles of pair ID with a new version: links over unchanged paragraphs keep
  their review, the rest is realigned between them, the old text stays in the pair's history.`,
  async run(argv, io) {
    const { values } = parseFlags(argv, {
      en: { type: 'string' }, ko: { type: 'string' }, format: { type: 'string', default: 'auto' },
      'en-url': { type: 'string' }, 'ko-url': { type: 'string' }, jsonl: { type: 'string' },
      db: { type: 'string' }, quiet: { type: 'boolean', short: 'q' }, 'no-align': { type: 'boolean' },
      batch: { type: 'string' }, update: { type: 'string' }, collection: { type: 'string' },
    });
    const user = io.env['JJAK_USER'] || io.env['USER'] || 'cli';
    if (values.update !== undefined) return runUpdate(values, io, user);
    if (values.jsonl) return runJsonl({ ...values, jsonl: values.jsonl }, io, user);
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
        const collectionId = values.collection === undefined ? null : requireCollectionId(db, values.collection);
        id = importTexts(db, {
          en, ko, format: values.format as FormatChoice,
          ...(values['en-url'] ? { enUrl: values['en-url'] } : {}),
          ...(values['ko-url'] ? { koUrl: values['ko-url'] } : {}),
        }, { user, via: 'cli', provenance: { collectionId } });
      } catch (e) {
        if (e instanceof UrlConflictError || e instanceof CollectionError) {
          io.stderr(`${e.message.replace(/FILE$/, e instanceof UrlConflictError ? (e.lang === 'en' ? enPath : koPath) : 'FILE')}\nNothing was changed.\n`);
          return 1;
        }
        if (!(e instanceof DuplicatePairError)) throw e;
        io.stdout(`${e.message} Nothing was added.\n${e.pairId}\n`);
        return 0;
      }
      io.stdout(`imported pair ${id} from ${enPath} and ${koPath}: ${describe(db, id)}\n${id}\n`);
      return 0;
    });
  },
};

/**
 * `jjak import --jsonl FILE`: the bulk import (server/services/bulk-import.ts), then, unless
 * --no-align, alignment of every pair still without links, then the search backlog; a summary at the end.
 */
async function runJsonl(values: {
  jsonl: string; en?: string | undefined; ko?: string | undefined; collection?: string | undefined; db?: string | undefined;
  batch?: string | undefined; quiet?: boolean | undefined; 'no-align'?: boolean | undefined;
}, io: CliIo, user: string): Promise<number> {
  if (values.en || values.ko) throw new UsageError('give either --jsonl or --en and --ko, not both');
  const quiet = values.quiet ?? false;
  const batchSize = values.batch === undefined ? 200 : Number(values.batch);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new UsageError('--batch takes a positive whole number');
  return withDbAsync(io, values.db, async (db) => {
    if (values.collection !== undefined && !findCollection(db, values.collection)) {
      io.stderr(`There is no collection named "${values.collection}". Create it first: jjak collection add "${values.collection}" --licence … --attribution …\n`);
      return 1;
    }
    const s = await importJsonl(db, values.jsonl, io, { quiet, batchSize, user, ...(values.collection !== undefined ? { collection: values.collection } : {}) });
    const a = values['no-align'] ? null : await alignRest(db, io, quiet, Math.min(batchSize, 100));
    // Alignment indexed the pairs it wrote; whatever is left (pairs not aligned) is indexed now, in big batches.
    const { indexed, seconds: indexSeconds } = indexBacklog(db, io, quiet);
    for (const r of s.rejected.slice(0, 20)) io.stderr(`line ${r.line}: rejected: ${r.reason}\n`);
    if (s.rejectedCount > 20) io.stderr(`… and ${s.rejectedCount - 20} more rejected lines\n`);
    const completed = s.completed;
    if (completed.paragraph + completed.sentence > 0) io.stdout(`completed ${completed.paragraph} paragraphs and ${completed.sentence} sentences that the file left in no link (as one-sided links, or as paragraph links around its sentence links); review them\n`);
    io.stdout(`imported ${s.imported}, skipped ${s.duplicates} duplicates, rejected ${s.rejectedCount} of ${s.lines} lines in ${s.seconds.toFixed(1)} s` +
      (a === null ? '; not aligned (jjak align --all aligns them)\n'
        : `; aligned ${a.aligned} pairs${a.failed ? ` (${a.failed} failed)` : ''} in ${a.seconds.toFixed(1)} s\n`));
    if (indexed > 0) io.stdout(`indexed ${indexed} more pairs for search in ${indexSeconds.toFixed(1)} s\n`);
    return s.rejectedCount > 0 || (a?.failed ?? 0) > 0 ? 1 : 0;
  });
}

/** Aligns every pair still without links (this run's, and any an interrupted run left), with a bar; failures go to stderr. */
async function alignRest(db: Db, io: CliIo, quiet: boolean, batchSize: number): Promise<{ aligned: number; failed: number; seconds: number }> {
  const total = countPairsToAlign(db, false);
  const progress = createProgress(io, { label: 'aligned', total, quiet: quiet || total < 2 });
  try {
    const a = await alignPairs(db, { kind: 'all', force: false }, { batchSize, onProgress: (done) => progress.update(done, done) });
    for (const f of a.failed.slice(0, 20)) io.stderr(`pair ${f.pairId}: not aligned: ${f.error}\n`);
    return { aligned: a.aligned, failed: a.failed.length, seconds: a.seconds };
  } finally {
    progress.stop();
  }
}

/** `jjak import --update ID`: replaces the given sides of a stored pair; the pair id is the last line. */
function runUpdate(values: { update?: string | undefined; en?: string | undefined; ko?: string | undefined; jsonl?: string | undefined; format?: string | undefined; 'en-url'?: string | undefined; 'ko-url'?: string | undefined; collection?: string | undefined; db?: string | undefined }, io: CliIo, user: string): number {
  const id = Number(values.update);
  if (!/^\d+$/.test(values.update ?? '') || !Number.isSafeInteger(id) || id <= 0) throw new UsageError('--update takes a pair id (jjak list shows them)');
  if (values.jsonl) throw new UsageError('--update replaces one pair: give --en FILE and/or --ko FILE, not --jsonl');
  if (values.collection !== undefined) throw new UsageError('--update keeps the pair\'s collection; --collection goes with new imports');
  if (!values.en && !values.ko) throw new UsageError('--update needs the new version: --en FILE and/or --ko FILE');
  if (!FORMATS.includes(values.format ?? 'auto')) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`);
  const config = loadConfig(io.env);
  const en = values.en ? readArticleFile(values.en, 'English file', config.maxArticleBytes) : undefined;
  const ko = values.ko ? readArticleFile(values.ko, 'Korean file', config.maxArticleBytes) : undefined;
  return withDb(io, values.db, (db) => {
    try {
      const r = updatePairTexts(db, id, {
        ...(en !== undefined ? { en } : {}), ...(ko !== undefined ? { ko } : {}), format: (values.format ?? 'auto') as FormatChoice,
        ...(values['en-url'] ? { enUrl: values['en-url'] } : {}), ...(values['ko-url'] ? { koUrl: values['ko-url'] } : {}),
      }, user, 'cli');
      if (r.unchanged) {
        io.stdout(`pair ${id} already holds this text; nothing was changed\n${id}\n`);
        return 0;
      }
      const c = r.counts;
      io.stdout(`updated pair ${id} (${r.sides.map((l) => (l === 'en' ? 'English' : 'Korean')).join(' and ')}): ` +
        `${c.new} new and ${c.removed} removed paragraphs; kept ${c.kept} links (${c.keptConfirmed} confirmed), realigned ${c.realigned}` +
        `${c.droppedConfirmed ? `; ${c.droppedConfirmed} confirmed links touched changed paragraphs and need review again` : ''}\n` +
        `${describe(db, id)}\n${id}\n`);
      return 0;
    } catch (e) {
      if (e instanceof MissingPairError || e instanceof DuplicatePairError || e instanceof UpdateConflictError) {
        io.stderr(`${e.message}\nNothing was changed.\n`);
        return 1;
      }
      throw e;
    }
  });
}
