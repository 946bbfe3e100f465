/**
 * The export formats, one registry shared by `jjak export` and `GET /api/export`.
 * Each exporter is a pure streaming writer (see types.ts); run.ts drives it over the units that
 * db/export.ts streams, into the files or archive that sinks.ts writes.
 */
import { csv } from './csv.ts';
import { jsonl } from './jsonl.ts';
import { moses } from './moses.ts';
import { tmx } from './tmx.ts';
import { tsv } from './tsv.ts';
import type { Exporter } from './types.ts';
import { xces } from './xces.ts';
import { xliff, xliff12 } from './xliff.ts';

export const exporters = { tmx, xliff, xliff12, moses, tsv, csv, jsonl, xces } satisfies Record<string, Exporter>;

export type ExportFormat = keyof typeof exporters;
export const EXPORT_FORMATS = Object.keys(exporters) as ExportFormat[];

export const isExportFormat = (s: string): s is ExportFormat => Object.hasOwn(exporters, s);

export type { Chunk, Exporter, ExportContext, ExportWriter } from './types.ts';
