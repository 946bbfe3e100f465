import { OTHER_BREAKS, TSV_COLUMNS } from './tsv.ts';
import { MAIN_FILE, type Exporter } from './types.ts';

/**
 * One CSV field as RFC 4180 writes it: quoted (quotes doubled) when it holds a quote or a comma,
 * or starts or ends with a space (some readers trim unquoted fields). A line break inside a unit
 * (the break between two paragraphs of one link) becomes a space, as in Moses files, so every
 * record is one line and line tools (wc -l, Python's splitlines) count units; the JSONL, TMX and
 * XLIFF exports keep the break.
 */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  const s = String(value).replace(/\r\n?|\n/g, ' ').replace(OTHER_BREAKS, ' ');
  return /[",]|^ | $/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * Comma-separated values (RFC 4180): a header record, then one record per unit with the same
 * columns as the TSV export, records ended by CRLF. Python reads it with `csv.reader(f)` or
 * `csv.DictReader(f)` and no options (open the file with `newline=''`, encoding UTF-8).
 */
export const csv: Exporter = {
  name: 'csv',
  label: 'CSV (RFC 4180)',
  layout: 'file',
  extension: '.csv',
  contentType: 'text/csv; charset=utf-8; header=present',
  create() {
    return {
      header: () => [{ file: MAIN_FILE, text: `${TSV_COLUMNS.map(([name]) => name).join(',')}\r\n` }],
      unit: (u) => [{ file: MAIN_FILE, text: `${TSV_COLUMNS.map(([, get]) => csvField(get(u))).join(',')}\r\n` }],
      footer: () => [],
    };
  },
};
