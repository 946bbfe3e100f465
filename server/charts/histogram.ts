/** Histogram: vertical bars over consecutive bins, each with its count above it and its range below. */
import { chartId, escapeXml, formatValue, niceMax, patternDefs, px, svgDocument, type SafeSvg } from './svg.ts';

export interface Bin { label: string; count: number }
export interface HistogramInput { id: string; title: string; description?: string; bins: readonly Bin[]; xLabel: string; yLabel: string; width?: number; height?: number }

/** Short count for narrow bars: 950, 3.3k, 12k, 1.2M. */
export function compact(n: number): string {
  if (n < 1000) return String(n);
  if (n < 10_000) return `${(n / 1000).toFixed(1)}k`;
  if (n < 1_000_000) return `${Math.round(n / 1000)}k`;
  return `${(n / 1_000_000).toFixed(1)}M`;
}

export function renderHistogram(input: HistogramInput): SafeSvg {
  const width = input.width ?? 560;
  const height = input.height ?? 240;
  const left = 48, right = 10, top = 20, bottom = 48;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const max = niceMax(Math.max(0, ...input.bins.map((b) => b.count)));
  const n = Math.max(1, input.bins.length);
  const slot = plotW / n;
  const id = chartId(input.id);
  const labelEvery = Math.ceil(n / 12);
  const bars = input.bins.map((b, i) => {
    const h = (b.count / max) * plotH;
    const x = left + i * slot;
    const y = top + plotH - h;
    return `<g class="bin"><rect x="${px(x + 1)}" y="${px(y)}" width="${px(Math.max(1, slot - 2))}" height="${px(h)}" fill="url(#${id}-hatch)" stroke="#0b5cad" stroke-width="1">`
      + `<title>${escapeXml(`${b.label}: ${formatValue(b.count)}`)}</title></rect>`
      + (b.count > 0 && slot >= 16 ? `<text x="${px(x + slot / 2)}" y="${px(y - 4)}" text-anchor="middle" font-size="${slot >= 30 ? 10 : 9}">${escapeXml(slot >= 30 ? formatValue(b.count) : compact(b.count))}</text>` : '')
      + (i % labelEvery === 0 ? `<text x="${px(x + slot / 2)}" y="${px(top + plotH + 14)}" text-anchor="middle" font-size="10">${escapeXml(b.label)}</text>` : '')
      + '</g>';
  }).join('');
  const axes = `<line x1="${left}" y1="${top + plotH}" x2="${left + plotW}" y2="${top + plotH}" stroke="#1d232a"/>`
    + `<line x1="${left}" y1="${top}" x2="${left}" y2="${top + plotH}" stroke="#1d232a"/>`
    + `<text x="${left - 6}" y="${top + 4}" text-anchor="end" font-size="10">${escapeXml(formatValue(max))}</text>`
    + `<text x="${left - 6}" y="${top + plotH}" text-anchor="end" font-size="10">0</text>`
    + `<text x="${left + plotW / 2}" y="${height - 8}" text-anchor="middle" font-size="12">${escapeXml(input.xLabel)}</text>`
    + `<text x="12" y="${top + plotH / 2}" text-anchor="middle" font-size="12" transform="rotate(-90 12 ${top + plotH / 2})">${escapeXml(input.yLabel)}</text>`;
  return svgDocument({
    id: input.id, width, height, title: input.title,
    description: input.description ?? input.bins.map((b) => `${b.label}: ${formatValue(b.count)}`).join('; '),
    defs: patternDefs(input.id), body: axes + bars,
  });
}
