/** Scatter plot of (x, y) points with labelled axes and an optional reference line y = slope · x. */
import { escapeXml, formatValue, niceMax, px, svgDocument, type SafeSvg } from './svg.ts';

export interface ScatterPoint { x: number; y: number; label?: string }
export interface ScatterInput {
  id: string; title: string; description: string; points: readonly ScatterPoint[]; xLabel: string; yLabel: string;
  /** Draws y = slope · x dashed, labelled, e.g. the median ratio. */
  reference?: { slope: number; label: string };
  width?: number; height?: number;
}

export function renderScatter(input: ScatterInput): SafeSvg {
  const width = input.width ?? 420;
  const height = input.height ?? 320;
  const left = 52, right = 14, top = 14, bottom = 44;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const maxX = niceMax(Math.max(0, ...input.points.map((p) => p.x)));
  const maxY = niceMax(Math.max(0, ...input.points.map((p) => p.y)));
  const sx = (v: number) => left + (v / maxX) * plotW;
  const sy = (v: number) => top + plotH - (v / maxY) * plotH;
  const dots = input.points.map((p) => `<circle cx="${px(sx(p.x))}" cy="${px(sy(p.y))}" r="2.5" fill="#0b5cad" fill-opacity="0.45" stroke="#0b5cad" stroke-width="0.5">`
    + (p.label ? `<title>${escapeXml(p.label)}</title>` : '') + '</circle>').join('');
  let reference = '';
  if (input.reference && input.points.length) {
    const { slope, label } = input.reference;
    const xEnd = Math.min(maxX, maxY / slope);
    reference = `<line x1="${px(sx(0))}" y1="${px(sy(0))}" x2="${px(sx(xEnd))}" y2="${px(sy(xEnd * slope))}" stroke="#a86400" stroke-width="1.5" stroke-dasharray="6 3"/>`
      + `<text x="${px(sx(xEnd) - 4)}" y="${px(sy(xEnd * slope) + 14)}" text-anchor="end" font-size="11">${escapeXml(label)}</text>`;
  }
  const axes = `<line x1="${left}" y1="${top + plotH}" x2="${left + plotW}" y2="${top + plotH}" stroke="#1d232a"/>`
    + `<line x1="${left}" y1="${top}" x2="${left}" y2="${top + plotH}" stroke="#1d232a"/>`
    + `<text x="${left - 6}" y="${top + 4}" text-anchor="end" font-size="10">${escapeXml(formatValue(maxY))}</text>`
    + `<text x="${left - 6}" y="${top + plotH}" text-anchor="end" font-size="10">0</text>`
    + `<text x="${left + plotW}" y="${top + plotH + 14}" text-anchor="end" font-size="10">${escapeXml(formatValue(maxX))}</text>`
    + `<text x="${left + plotW / 2}" y="${height - 8}" text-anchor="middle" font-size="12">${escapeXml(input.xLabel)}</text>`
    + `<text x="12" y="${top + plotH / 2}" text-anchor="middle" font-size="12" transform="rotate(-90 12 ${top + plotH / 2})">${escapeXml(input.yLabel)}</text>`
    + (input.points.length === 0 ? `<text x="${left + plotW / 2}" y="${top + plotH / 2}" text-anchor="middle" font-size="12">no data yet</text>` : '');
  return svgDocument({ id: input.id, width, height, title: input.title, description: input.description, body: axes + reference + dots });
}
