/** Horizontal bar chart: one labelled bar per category, its value written at its end. */
import { chartId, escapeXml, formatValue, niceMax, patternDefs, PATTERNS, px, svgDocument, type PatternName, type SafeSvg } from './svg.ts';

export interface Bar { label: string; value: number; pattern?: PatternName }
export interface BarChartInput { id: string; title: string; description?: string; bars: readonly Bar[]; width?: number }

/** Renders bars top to bottom in the given order; a bar's pattern defaults to its series position. */
export function renderBarChart(input: BarChartInput): SafeSvg {
  const width = input.width ?? 560;
  const rowHeight = 26;
  // Room for the longest label (about 7 px per character at 12 px), labels cut to 32 characters.
  const label = (b: Bar) => (b.label.length > 32 ? `${b.label.slice(0, 31)}…` : b.label);
  const labelWidth = Math.min(240, Math.max(80, 12 + 7 * Math.max(0, ...input.bars.map((b) => label(b).length))));
  const valueRoom = 70;
  const height = Math.max(1, input.bars.length) * rowHeight + 12;
  const max = niceMax(Math.max(0, ...input.bars.map((b) => b.value)));
  const plot = width - labelWidth - valueRoom;
  const id = chartId(input.id);
  const rows = input.bars.map((b, i) => {
    const y = 6 + i * rowHeight;
    const w = (Math.max(0, b.value) / max) * plot;
    const pattern = b.pattern ?? PATTERNS[i % PATTERNS.length]!;
    return `<g class="bar"><text x="${labelWidth - 8}" y="${px(y + rowHeight / 2 + 4)}" text-anchor="end" font-size="12">${escapeXml(label(b))}</text>`
      + `<rect x="${labelWidth}" y="${px(y + 3)}" width="${px(w)}" height="${rowHeight - 8}" fill="url(#${id}-${pattern})" stroke="#1d232a" stroke-width="0.5">`
      + `<title>${escapeXml(`${b.label}: ${formatValue(b.value)}`)}</title></rect>`
      + `<text x="${px(labelWidth + w + 6)}" y="${px(y + rowHeight / 2 + 4)}" font-size="12">${escapeXml(formatValue(b.value))}</text></g>`;
  }).join('');
  const empty = input.bars.length === 0 ? `<text x="${width / 2}" y="20" text-anchor="middle" font-size="12">no data yet</text>` : '';
  return svgDocument({
    id: input.id, width, height, title: input.title,
    description: input.description ?? input.bars.map((b) => `${b.label}: ${formatValue(b.value)}`).join('; '),
    defs: patternDefs(input.id), body: rows + empty,
  });
}
