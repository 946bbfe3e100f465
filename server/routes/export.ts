import { Router, type Request, type Response } from 'express';
import type { Db } from '../../db/open.ts';
import { listCollections } from '../../db/collections.ts';
import type { ExportUnit } from '../../db/export.ts';
import { AppError } from '../errors.ts';
import { answer, answerError, type Page } from '../http.ts';
import { requireRole } from '../middleware/auth.ts';
import { EXPORT_FORMATS, exporters } from '../export/index.ts';
import { ExportOptionError, parseExportOptions, type ExportOptions, type RawExportOptions } from '../export/options.ts';
import { exportOnThread } from '../services/export-thread.ts';
import { countUnits, firstUnits, renderExport } from '../services/render-export.ts';
import { OutputClosedError, streamSink, tarSink, zipSink } from '../export/sinks.ts';
import { jjakVersion } from '../export/version.ts';
import { tmxDate } from '../export/provenance.ts';
import { sectionChoices } from '../import/section.ts';
import { listSections } from '../../db/search/index.ts';

const PREVIEW_UNITS = 10;
/** Longest query value taken (a long --pairs list fits). */
const MAX_VALUE_CHARS = 200_000;
/** The query keys, the same names as the CLI flags. */
const STRING_KEYS = ['format', 'level', 'status', 'min-confidence', 'from', 'to', 'pairs', 'section', 'kind', 'min-ratio', 'max-ratio', 'collection', 'date', 'xliff-version'] as const;
const SWITCH_KEYS = ['include-one-sided', 'no-multi', 'dedup'] as const;
type FormValues = Record<(typeof STRING_KEYS)[number], string> & Record<(typeof SWITCH_KEYS)[number], boolean>;

/** Reads the export choices from the query string; a repeated key is a mistake, not a list. */
function readForm(req: Request, defaults: Partial<FormValues> = {}): FormValues {
  const q = req.query as Record<string, unknown>;
  const form = {} as FormValues;
  for (const key of STRING_KEYS) {
    const v = q[key];
    if (v !== undefined && typeof v !== 'string') throw new AppError(400, 'bad_option', `Give ${key} once.`);
    if (v !== undefined && v.length > MAX_VALUE_CHARS) throw new AppError(400, 'bad_option', `${key} is too long.`);
    form[key] = v ?? defaults[key] ?? '';
  }
  for (const key of SWITCH_KEYS) form[key] = ['1', 'true', 'on', 'yes'].includes(typeof q[key] === 'string' ? q[key] : '');
  return form;
}

function parseForm(form: FormValues): ExportOptions {
  const raw: RawExportOptions = {
    format: form.format, level: form.level, status: form.status, minConfidence: form['min-confidence'],
    includeOneSided: form['include-one-sided'], noMulti: form['no-multi'], from: form.from, to: form.to,
    pairs: form.pairs, section: form.section, collection: form.collection, date: form.date, xliffVersion: form['xliff-version'],
    kind: form.kind, dedup: form.dedup, minRatio: form['min-ratio'], maxRatio: form['max-ratio'],
  };
  try {
    return parseExportOptions(raw);
  } catch (e) {
    if (e instanceof ExportOptionError) throw new AppError(400, 'bad_option', e.message.replace(/^--/, ''));
    throw e;
  }
}

/** The query string of a form, for the download link (empty values and off switches left out). */
function queryOf(form: FormValues): string {
  const params = new URLSearchParams();
  for (const key of STRING_KEYS) if (form[key]) params.set(key, form[key]);
  for (const key of SWITCH_KEYS) if (form[key]) params.set(key, '1');
  return params.toString();
}

/** What the preview shows of a unit (and the JSON twin returns). */
const previewUnit = (u: ExportUnit) => ({
  pairId: u.pair.id, level: u.level, position: u.position, link: u.linkType, en: u.enText, ko: u.koText,
  status: u.status, confidence: u.confidence, confirmedBy: u.confirmedBy, confirmedAt: u.confirmedAt,
  enUrl: u.pair.en.meta.url, koUrl: u.pair.ko.meta.url,
});

/** The download's file name: jjak-LEVEL-YYYYMMDD plus the format's extension. */
function downloadName(options: ExportOptions, date: Date): string {
  return `jjak-${options.filter.level}-${tmxDate(date)!.slice(0, 8)}${exporters[options.format].extension}`;
}

/** The export form: choices, exact count and preview; the JSON twin gives the same, or the error. */
function exportPage(db: Db, req: Request, res: Response): void {
  const form = readForm(req, { format: 'tmx', level: 'sentence', status: 'confirmed' });
  let options: ExportOptions | null = null;
  let error: AppError | null = null;
  try {
    options = parseForm(form);
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    error = e;
  }
  const count = options ? countUnits(db, options) : 0;
  const preview = options ? firstUnits(db, options, PREVIEW_UNITS).map(previewUnit) : [];
  const download = options ? `/api/export?${queryOf(form)}` : null;
  const page: Page = ['export/index', () => ({
    title: 'Export', form, error: error?.message ?? null, count, preview, download,
    formats: EXPORT_FORMATS.map((name) => ({ name, label: exporters[name].label })),
    sections: sectionChoices(listSections(db)),
    collections: listCollections(db),
  })];
  if (error) return answerError(req, res, error, page);
  answer(req, res, {
    json: () => ({ options: options && { format: options.format, ...options.filter, date: options.date?.toISOString() ?? null }, count, preview, download }),
    page,
  });
}

/** The download, streamed: one file, or a tar (Moses) or zip (XCES) archive. */
async function download(db: Db, req: Request, res: Response): Promise<void> {
  const options = parseForm(readForm(req, { status: 'confirmed' }));
  const exporter = exporters[options.format];
  const date = options.date ?? new Date();
  const name = downloadName(options, date);
  const stem = name.replace(exporters[options.format].extension, '');
  res.setHeader('Content-Type', exporter.contentType);
  res.setHeader('Content-Disposition', `attachment; filename="${name}"`);
  res.setHeader('X-Export-Units', String(countUnits(db, options)));
  res.setHeader('Cache-Control', 'no-store');
  // One file streams straight out; Moses (two files) comes as a tar archive, XCES as OPUS's zip.
  const sink = exporter.layout === 'file' ? streamSink(res)
    : exporter.layout === 'zip' ? zipSink(res, { mtime: date })
    : tarSink(res, { mtime: date, names: exporter.layout === 'languages' ? { en: `${stem}.en`, ko: `${stem}.ko` } : {} });
  try {
    // A file database is exported on a thread of its own (the event loop stays free for others).
    if (db.memory) await renderExport(db, options, date, jjakVersion(), sink);
    else await exportOnThread(db, options, date, jjakVersion(), sink);
  } catch (e) {
    // The client cancelled the download: nobody is left to tell.
    if (e instanceof OutputClosedError || res.destroyed) return;
    throw e;
  }
}

/** /export (choices, exact count, preview; JSON twin) and /api/export (the streamed download). */
export function exportRouter(db: Db): Router {
  const router = Router();
  router.get('/export', requireRole('reader'), (req, res) => exportPage(db, req, res));
  router.get('/api/export', requireRole('reader'), (req, res) => download(db, req, res));
  return router;
}
