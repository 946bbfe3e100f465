import type { Exporter } from './types.ts';

/**
 * Line breaks that some line readers honour besides LF: CR, VT, FF, the C0 separators FS/GS/RS,
 * NEL and the Unicode line/paragraph separators (Python's str.splitlines splits on all of them).
 * Any of them inside a unit would shift every later line out of alignment.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const LINE_BREAKS = /[\s\x1c-\x1e\x85\u2028\u2029]*[\n\r\v\f\x1c-\x1e\x85\u2028\u2029][\s\x1c-\x1e\x85\u2028\u2029]*/g;
/** Other control characters: no place in MT training text. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROLS = /[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f]/g;

/**
 * One unit's text as one Moses line: internal line breaks become one space, controls are dropped,
 * and tabs become spaces (corpus tools often paste the two files side by side as TSV).
 */
export function mosesLine(text: string): string {
  return text.replace(CONTROLS, '').replace(LINE_BREAKS, ' ').replace(/\t/g, ' ');
}

/**
 * Moses plain text: two line-aligned files, `PATH.en` and `PATH.ko`, one unit a line in the same
 * order; a one-sided link (only when asked for) leaves an empty line on its empty side.
 */
export const moses: Exporter = {
  name: 'moses',
  label: 'Moses (PATH.en + PATH.ko)',
  layout: 'languages',
  extension: '.tar',
  contentType: 'application/x-tar',
  create() {
    return {
      header: () => [],
      unit: (u) => [{ file: 'en', text: `${mosesLine(u.enText)}\n` }, { file: 'ko', text: `${mosesLine(u.koText)}\n` }],
      footer: () => [],
    };
  },
};
