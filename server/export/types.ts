import type { ExportLevel, ExportUnit } from '../../db/export.ts';
import type { CollectionInfo } from '../../db/collections.ts';

/** What every writer of one export shares: the level, the creation date and the tool version. */
export interface ExportContext {
  level: ExportLevel;
  /** Creation date for headers that record one (TMX); fixed with `--date` for reproducible bytes. */
  date: Date;
  /** jjak's version (package.json), for headers that name the creating tool. */
  toolVersion: string;
  /** The collections of the exported pairs: every header that has room names their licence and attribution. */
  collections?: CollectionInfo[];
}

/** The single output file of a one-file format. */
export const MAIN_FILE = '';

/**
 * A piece of output: `text` appended to the export file `file`. A `whole` chunk is a complete
 * file on its own (an XCES sentence file), which an archive can store at once without spooling.
 */
export interface Chunk {
  file: string;
  text: string;
  whole?: boolean;
}

/**
 * A streaming writer: header(), then unit() per unit in order, then footer(). It keeps only what
 * the current pair needs, so the CLI and the HTTP route stream the same bytes in constant memory.
 */
export interface ExportWriter {
  header(): Chunk[];
  unit(u: ExportUnit): Chunk[];
  footer(): Chunk[];
}

/** How a format lays out its output. */
export type ExportLayout =
  /** one text file */
  | 'file'
  /** Moses: two line-aligned files, PATH.en and PATH.ko (the files `en` and `ko`) */
  | 'languages'
  /** several files, delivered in a tar archive */
  | 'archive'
  /** several files, delivered in a zip archive (XCES in the OPUS layout) */
  | 'zip';

/** One export format of the registry. */
export interface Exporter {
  name: string;
  label: string;
  layout: ExportLayout;
  /** File name extension of the single file or the archive, with its dot. */
  extension: string;
  /** Content-Type of the download (the archive's for several files). */
  contentType: string;
  create(ctx: ExportContext): ExportWriter;
}
