import type { ExportUnit } from '../../db/export.ts';
import { confidenceText, unitSection } from './provenance.ts';
import { MAIN_FILE, type Exporter } from './types.ts';

const TSV_ESCAPES: ReadonlyMap<string, string> = new Map(Object.entries({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' }));

/**
 * One TSV field: backslash, tab, LF and CR escaped as \\ \t \n \r; never quoted (a quote is just a
 * quote). The other characters Python's splitlines() breaks at (VT, FF, FS/GS/RS, NEL, U+2028/9),
 * which cleaned text never holds, become a space, so one line is always one unit.
 */
export function tsvField(value: string | number | null): string {
  return value === null ? '' : String(value).replace(/[\\\t\n\r]/g, (c) => TSV_ESCAPES.get(c)!).replace(OTHER_BREAKS, ' ');
}

/** Line breaks for splitlines() besides LF and CR. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
export const OTHER_BREAKS = /[\v\f\x1c-\x1e\x85\u2028\u2029]/g;

/** The TSV columns, in order: header name and value of a unit. */
export const TSV_COLUMNS: ReadonlyArray<readonly [string, (u: ExportUnit) => string | number | null]> = [
  ['en', (u) => u.enText],
  ['ko', (u) => u.koText],
  ['pair_id', (u) => u.pair.id],
  ['level', (u) => u.level],
  ['position', (u) => u.position],
  ['link', (u) => u.linkType],
  ['confidence', (u) => confidenceText(u.confidence)],
  ['status', (u) => u.status],
  ['confirmed_by', (u) => u.confirmedBy],
  ['confirmed_at', (u) => u.confirmedAt],
  ['en_url', (u) => u.pair.en.meta.url],
  ['ko_url', (u) => u.pair.ko.meta.url],
  ['en_published', (u) => u.pair.en.meta.published],
  ['ko_published', (u) => u.pair.ko.meta.published],
  ['section', unitSection],
];

/**
 * Tab-separated values with a header line: `en`, `ko`, then the metadata columns. Empty field for
 * a missing value. Escaping, not CSV quoting, so every line is exactly one unit.
 */
export const tsv: Exporter = {
  name: 'tsv',
  label: 'TSV',
  layout: 'file',
  extension: '.tsv',
  contentType: 'text/tab-separated-values; charset=utf-8',
  create() {
    return {
      header: () => [{ file: MAIN_FILE, text: `${TSV_COLUMNS.map(([name]) => name).join('\t')}\n` }],
      unit: (u) => [{ file: MAIN_FILE, text: `${TSV_COLUMNS.map(([, get]) => tsvField(get(u))).join('\t')}\n` }],
      footer: () => [],
    };
  },
};
