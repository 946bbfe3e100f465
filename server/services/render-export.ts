import { countExportUnits, exportCollections, iterateExportUnits, type ExportUnit } from '../../db/export.ts';
import type { Db } from '../../db/open.ts';
import { exporters } from '../export/index.ts';
import type { ExportOptions } from '../export/options.ts';
import { runExport } from '../export/run.ts';
import type { ExportSink } from '../export/sinks.ts';
import { filterUnits, isTrainingFilterOn } from '../export/unit-filter.ts';

/**
 * Renders one export into a sink: the units the filter selects, through the training filters, with
 * the collections' licences in the header. The HTTP route runs it in place (in-memory databases)
 * or on the export thread (file databases); both must write the same bytes.
 */
export async function renderExport(db: Db, options: ExportOptions, date: Date, toolVersion: string, sink: ExportSink): Promise<void> {
  const writer = exporters[options.format].create({
    level: options.filter.level, date, toolVersion, collections: exportCollections(db, options.filter),
  });
  await runExport(selectedUnits(db, options), writer, sink);
}

/** The units an export would hold, through the training filters (lazily). */
const selectedUnits = (db: Db, options: ExportOptions): Generator<ExportUnit> =>
  filterUnits(iterateExportUnits(db, options.filter), options.training, { kind: 0, ratio: 0, duplicate: 0 });

/** The first `n` units of an export, for its preview. */
export function firstUnits(db: Db, options: ExportOptions, n: number): ExportUnit[] {
  const out: ExportUnit[] = [];
  for (const u of selectedUnits(db, options)) {
    out.push(u);
    if (out.length >= n) break;
  }
  return out;
}

/** The exact number of units: one query, or a pass over the units when a training filter must look at each. */
export function countUnits(db: Db, options: ExportOptions): number {
  if (!isTrainingFilterOn(options.training)) return countExportUnits(db, options.filter);
  let n = 0;
  const units = selectedUnits(db, options);
  while (!units.next().done) n++;
  return n;
}
