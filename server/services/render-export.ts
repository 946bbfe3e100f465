import { exportCollections, iterateExportUnits } from '../../db/export.ts';
import type { Db } from '../../db/open.ts';
import { exporters } from '../export/index.ts';
import type { ExportOptions } from '../export/options.ts';
import { runExport } from '../export/run.ts';
import type { ExportSink } from '../export/sinks.ts';
import { filterUnits } from '../export/unit-filter.ts';

/**
 * Renders one export into a sink: the units the filter selects, through the training filters, with
 * the collections' licences in the header. The HTTP route runs it in place (in-memory databases)
 * or on the export thread (file databases); both must write the same bytes.
 */
export async function renderExport(db: Db, options: ExportOptions, date: Date, toolVersion: string, sink: ExportSink): Promise<void> {
  const writer = exporters[options.format].create({
    level: options.filter.level, date, toolVersion, collections: exportCollections(db, options.filter),
  });
  await runExport(filterUnits(iterateExportUnits(db, options.filter), options.training, { kind: 0, ratio: 0, duplicate: 0 }), writer, sink);
}
