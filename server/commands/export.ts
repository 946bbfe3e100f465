import { randomBytes } from 'node:crypto';
import { closeSync, createWriteStream, fsyncSync, openSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { findCollection, type CollectionInfo } from '../../db/collections.ts';
import { countExportUnits, exportCollections, iterateExportUnits } from '../../db/export.ts';
import { limitPageCache, type Db } from '../../db/open.ts';
import { exporters } from '../export/index.ts';
import { ExportOptionError, parseExportOptions, type ExportOptions } from '../export/options.ts';
import { runExport } from '../export/run.ts';
import { describeRemoved, filterUnits, isTrainingFilterOn, type RemovedCounts } from '../export/unit-filter.ts';
import { destroyFileStream, fileSink, tarSink, zipSink, type ExportSink } from '../export/sinks.ts';
import { MAIN_FILE } from '../export/types.ts';
import { jjakVersion } from '../export/version.ts';
import { parseFlags, withDbAsync } from './common.ts';
import { UsageError, type CliIo, type Command } from './types.ts';
import { processIsAlive } from '../services/processes.ts';

/** The files an export writes for `--out PATH`: Moses writes PATH.en and PATH.ko, the rest PATH. */
export function exportPaths(format: ExportOptions['format'], out: string): Record<string, string> {
  return exporters[format].layout === 'languages' ? { en: `${out}.en`, ko: `${out}.ko` } : { [MAIN_FILE]: out };
}

/**
 * Creates an empty temporary file beside each output path (same folder, so the final rename is
 * atomic: one file system). An export is written there and renamed into place only once complete,
 * so a crash or a kill never leaves a truncated file at the output path, nor replaces an earlier one
 * with half of a new one. Creating them up front also reports a missing or read-only folder before any work.
 */
function stageOutputs(paths: Record<string, string>): Record<string, string> {
  for (const path of Object.values(paths)) removeStaleTemporaries(path);
  const suffix = `${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  const staged: Record<string, string> = {};
  try {
    for (const [file, path] of Object.entries(paths)) {
      const temporary = join(dirname(path), `.${basename(path)}.${suffix}`);
      closeSync(openSync(temporary, 'wx'));
      staged[file] = temporary;
    }
  } catch (e) {
    removeFiles(staged);
    throw e;
  }
  return staged;
}

/** Flushes each finished temporary file to disk, then renames it over its output path. */
function publishOutputs(staged: Record<string, string>, paths: Record<string, string>): void {
  for (const [file, temporary] of Object.entries(staged)) {
    // flushed before the rename, so not even a power cut can leave a renamed but empty file
    const fd = openSync(temporary, 'r+');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, paths[file]!);
  }
}

/**
 * Removes the temporary files an earlier export to `path` left when it was killed (SIGKILL cannot be
 * caught): those whose process is gone. A running export's own file is left alone.
 */
export function removeStaleTemporaries(path: string): string[] {
  const folder = dirname(path);
  const prefix = `.${basename(path)}.`;
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return removed; // no folder: stageOutputs reports it
  }
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const m = /^(\d+)-[0-9a-f]{8}\.tmp$/.exec(name.slice(prefix.length));
    if (!m || processIsAlive(Number(m[1]))) continue;
    rmSync(join(folder, name), { force: true });
    removed.push(name);
  }
  return removed;
}


const removeFiles = (files: Record<string, string>) => { for (const f of Object.values(files)) rmSync(f, { force: true }); };

/** Formats whose header names the collections' licence and attribution (tsv, csv and Moses have no header). */
const LICENCE_IN_HEADER: ReadonlySet<string> = new Set(['tmx', 'xliff', 'xliff12', 'jsonl', 'xces']);

export const exportCommand: Command = {
  name: 'export',
  usage: `jjak export --format tmx|xliff|xliff12|moses|tsv|csv|jsonl|xces --level paragraph|sentence --out PATH
       [--status confirmed|all|rejected|auto,confirmed,rejected] [--min-confidence X] [--include-one-sided] [--no-multi]
       [--kind KINDS] [--dedup] [--min-ratio R] [--max-ratio R]
       [--from DATE --to DATE] [--pairs IDS] [--section S] [--collection NAME] [--date ISO] [--xliff-version 2.0|1.2]
       [--quiet] [--db PATH]
  --status all is auto and confirmed links; rejected ones only when named (all,rejected).
  --kind keeps units whose paragraphs are all of these kinds (title,subtitle,caption,subhead,body,byline);
  --dedup keeps identical unit pairs once; --min-ratio/--max-ratio bound Korean characters per English one.
  --format xliff is XLIFF 2.0; XLIFF 1.2 is --format xliff12 (or --format xliff --xliff-version 1.2).
  Moses writes PATH.en and PATH.ko; XCES writes a zip archive at PATH (OPUS layout). --date fixes the creation date.`,
  async run(argv, io) {
    const req = parseExportArgs(argv);
    const date = req.options.date ?? new Date();
    const paths = exportPaths(req.options.format, req.out);
    return withDbAsync(io, req.db, (db) => exportToFiles(db, io, req, { date, paths }));
  },
};

/** What the command was asked for, once its flags are parsed and checked. */
interface ExportRequest {
  options: ExportOptions;
  out: string;
  quiet: boolean;
  /** `--db` as given (undefined: JJAK_DB or the default). */
  db: string | undefined;
}

/** Reads the flags into export options; a bad value or a missing --out is a usage error (exit code 2). */
function parseExportArgs(argv: string[]): ExportRequest {
  const { values } = parseFlags(argv, {
    format: { type: 'string' }, level: { type: 'string' }, status: { type: 'string' },
    'min-confidence': { type: 'string' }, 'include-one-sided': { type: 'boolean' }, 'no-multi': { type: 'boolean' },
    from: { type: 'string' }, to: { type: 'string' }, pairs: { type: 'string' }, section: { type: 'string' },
    collection: { type: 'string' }, kind: { type: 'string' }, dedup: { type: 'boolean' }, 'min-ratio': { type: 'string' },
    'max-ratio': { type: 'string' }, date: { type: 'string' }, 'xliff-version': { type: 'string' }, out: { type: 'string' }, db: { type: 'string' },
    quiet: { type: 'boolean', short: 'q' },
  });
  let options: ExportOptions;
  try {
    options = parseExportOptions({
      format: values.format, level: values.level, status: values.status, minConfidence: values['min-confidence'],
      includeOneSided: values['include-one-sided'], noMulti: values['no-multi'], from: values.from, to: values.to,
      pairs: values.pairs, section: values.section, collection: values.collection, date: values.date, xliffVersion: values['xliff-version'],
      kind: values.kind, dedup: values.dedup, minRatio: values['min-ratio'], maxRatio: values['max-ratio'],
    });
  } catch (e) {
    if (e instanceof ExportOptionError) throw new UsageError(e.message);
    throw e;
  }
  if (!values.out) throw new UsageError('name the output with --out PATH');
  return { options, out: values.out, quiet: values.quiet ?? false, db: values.db };
}

/** Where the export goes: the output path of each file and the creation date written into headers. */
interface ExportTarget {
  date: Date;
  paths: Record<string, string>;
}

/** Checks the collection, stages the output files, writes the export into them and says what was written. */
async function exportToFiles(db: Db, io: CliIo, req: ExportRequest, target: ExportTarget): Promise<number> {
  const { options } = req;
  // An export reads each page once, so SQLite's 16 MB default page cache would only add to the
  // peak memory; 2 MB is plenty. (Only on a connection this command opened itself.)
  if (!io.db) limitPageCache(db, 2000);
  if (options.filter.collection !== null && !findCollection(db, options.filter.collection)) {
    io.stderr(`jjak export: there is no collection named "${options.filter.collection}" (jjak collection list shows them)\n`);
    return 1;
  }
  const collections = exportCollections(db, options.filter);
  const total = countExportUnits(db, options.filter);
  const started = Date.now();
  const staged = stageOrExplain(target.paths, req.out, io);
  if (!staged) return 1;
  const removed: RemovedCounts = { kind: 0, ratio: 0, duplicate: 0 };
  const progress = progressLines(io, req.quiet, total, started);
  const written = await writeStaged(db, options, target, { staged, collections, removed, progress });
  const seconds = (Date.now() - started) / 1000;
  reportExport(io, options, target.paths, { written, removed, collections, seconds });
  return 0;
}

/** stageOutputs, with a folder that is missing or not writable told in words; null after telling. */
function stageOrExplain(paths: Record<string, string>, out: string, io: CliIo): Record<string, string> | null {
  try {
    return stageOutputs(paths);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const folder = dirname(out);
    const reason = err.code === 'ENOENT' ? `the folder ${folder} does not exist`
      : err.code === 'EACCES' || err.code === 'EPERM' || err.code === 'EROFS' ? `the folder ${folder} is not writable` : err.message;
    io.stderr(`jjak export: cannot write ${out}: ${reason}\n`);
    return null;
  }
}

/** A progress callback printing a line at most every 2 s, or nothing with --quiet. */
function progressLines(io: CliIo, quiet: boolean, total: number, started: number): (n: number) => void {
  let lastReport = started;
  return (n) => {
    if (quiet || Date.now() - lastReport < 2000) return;
    lastReport = Date.now();
    io.stderr(`… ${n} of ${total} units written (${Math.round((100 * n) / Math.max(1, total))}%)\n`);
  };
}

/** One run's staged files and what it gathers on the way. */
interface StagedRun {
  staged: Record<string, string>;
  collections: CollectionInfo[];
  /** Counts of units the training filters dropped, filled in as the units stream by. */
  removed: RemovedCounts;
  progress: (n: number) => void;
}

/** Writes the units into the staged files and renames them into place; returns the units written. */
async function writeStaged(db: Db, options: ExportOptions, target: ExportTarget, run: StagedRun): Promise<number> {
  const exporter = exporters[options.format];
  const { staged } = run;
  const archive = exporter.layout === 'archive' || exporter.layout === 'zip' ? createWriteStream(staged[MAIN_FILE]!) : null;
  const sink: ExportSink = !archive ? fileSink(staged)
    : exporter.layout === 'zip' ? zipSink(archive, { mtime: target.date }) : tarSink(archive, { mtime: target.date });
  const writer = exporter.create({ level: options.filter.level, date: target.date, toolVersion: jjakVersion(), collections: run.collections });
  // Ctrl-C or a plain kill midway: remove the temporary files, then end by the same signal as
  // without this handler. (SIGKILL cannot be caught: its file stays, hidden, beside the output.)
  const onSignal = (signal: NodeJS.Signals) => {
    removeFiles(staged);
    process.kill(process.pid, signal);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const written = await runExport(filterUnits(iterateExportUnits(db, options.filter), options.training, run.removed), writer, sink, run.progress);
    publishOutputs(staged, target.paths);
    return written;
  } catch (e) {
    // A half-written export is worse than none: drop this run's temporary files (an earlier
    // export at the output path stays as it was).
    if (archive) await destroyFileStream(archive);
    removeFiles(staged);
    throw e;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** The closing lines: units written, units the training filters removed, and licences a header could not carry. */
function reportExport(
  io: CliIo, options: ExportOptions, paths: Record<string, string>,
  result: { written: number; removed: RemovedCounts; collections: CollectionInfo[]; seconds: number },
): void {
  const exporter = exporters[options.format];
  io.stdout(`wrote ${result.written} ${options.filter.level} units as ${exporter.label} to ${Object.values(paths).join(' and ')} in ${result.seconds.toFixed(1)} s\n`);
  if (isTrainingFilterOn(options.training)) io.stdout(`${describeRemoved(options.training, result.removed)}\n`);
  // Formats without a header cannot carry the licence: say it here, so it travels with whoever ran the export.
  if (!LICENCE_IN_HEADER.has(options.format)) {
    for (const c of result.collections) io.stderr(`note: ${exporter.label} has no header; collection ${c.name}: licence ${c.licence ?? '(none given)'}; attribution ${c.attribution ?? '(none given)'}\n`);
  }
}
