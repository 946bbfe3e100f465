/**
 * Small helpers shared by the chart renderers: XML escaping and a branded type for SVG markup that
 * was built only from escaped text, so a view can tell it apart from an arbitrary string.
 */

/** SVG markup whose every text and attribute value went through escapeXml. */
export interface SafeSvg { readonly svg: string; readonly kind: 'safe-svg' }

/** Escapes text for XML content and double-quoted attribute values. */
export function escapeXml(value: string | number): string {
  return String(value)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** A number rounded for coordinates (keeps the markup short and stable for tests). */
export const px = (n: number): string => (Math.round(n * 10) / 10).toString();

/** Formats a count or measure for a label: whole numbers with separators, others to two places. */
export function formatValue(n: number): string {
  return Number.isInteger(n) ? n.toLocaleString('en-US') : n.toFixed(2);
}

/** Ids inside one page must be unique: each chart derives its ids from its own id. */
export function chartId(id: string): string {
  return id.replace(/[^A-Za-z0-9_-]/g, '-');
}

/** The <svg> element with role img, a <title> and a <desc> that screen readers announce. */
export function svgDocument(opts: { id: string; width: number; height: number; title: string; description: string; body: string; defs?: string }): SafeSvg {
  const id = chartId(opts.id);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="${id}" viewBox="0 0 ${opts.width} ${opts.height}" `
    + `width="${opts.width}" height="${opts.height}" role="img" aria-labelledby="${id}-title ${id}-desc">`
    + `<title id="${id}-title">${escapeXml(opts.title)}</title><desc id="${id}-desc">${escapeXml(opts.description)}</desc>`
    + (opts.defs ? `<defs>${opts.defs}</defs>` : '')
    + opts.body
    + '</svg>';
  return { svg, kind: 'safe-svg' };
}

/** Fill patterns, so series and categories differ by texture as well as by colour. */
export const PATTERNS = ['solid', 'hatch', 'dots', 'cross'] as const;
export type PatternName = (typeof PATTERNS)[number];

export const COLOURS = ['#0b5cad', '#a86400', '#1e7a3c', '#6b3fa0'] as const;

/** <pattern> definitions for one chart: `${id}-hatch` etc., drawn in the given colours. */
export function patternDefs(id: string): string {
  const c = chartId(id);
  return PATTERNS.map((name, i) => {
    const colour = COLOURS[i % COLOURS.length]!;
    const inner = name === 'solid' ? `<rect width="8" height="8" fill="${colour}"/>`
      : name === 'hatch' ? `<rect width="8" height="8" fill="#fff"/><path d="M-1,1 l2,-2 M0,8 l8,-8 M7,9 l2,-2" stroke="${colour}" stroke-width="2"/>`
      : name === 'dots' ? `<rect width="8" height="8" fill="#fff"/><circle cx="4" cy="4" r="2" fill="${colour}"/>`
      : `<rect width="8" height="8" fill="#fff"/><path d="M0,0 L8,8 M8,0 L0,8" stroke="${colour}" stroke-width="1.5"/>`;
    return `<pattern id="${c}-${name}" width="8" height="8" patternUnits="userSpaceOnUse">${inner}</pattern>`;
  }).join('');
}

/** "nice" upper bound for an axis: 1, 2 or 5 times a power of ten, at least max. */
export function niceMax(max: number): number {
  if (max <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 5, 10]) if (step * power >= max) return step * power;
  return 10 * power;
}
