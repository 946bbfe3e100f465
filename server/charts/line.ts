/**
 * Line chart over time: one or more series of (day, value) points. Series differ by marker shape and
 * dash pattern as well as colour, and a legend names them.
 */
import { COLOURS, escapeXml, formatValue, niceMax, px, svgDocument, type SafeSvg } from './svg.ts';

export interface TimePoint { day: string; value: number }
export interface Series { name: string; points: readonly TimePoint[] }
export interface LineChartInput { id: string; title: string; description?: string; series: readonly Series[]; yLabel: string; width?: number; height?: number }

const DASHES = ['', '6 3', '2 3', '8 3 2 3'];
const dayNumber = (day: string): number => Date.parse(`${day}T00:00:00Z`) / 86_400_000;

function marker(kind: number, x: number, y: number, colour: string): string {
  switch (kind % 3) {
    case 0: return `<circle cx="${px(x)}" cy="${px(y)}" r="3.5" fill="${colour}"/>`;
    case 1: return `<rect x="${px(x - 3.5)}" y="${px(y - 3.5)}" width="7" height="7" fill="#fff" stroke="${colour}" stroke-width="1.5"/>`;
    default: return `<path d="M${px(x)},${px(y - 4.5)} L${px(x + 4)},${px(y + 3)} L${px(x - 4)},${px(y + 3)} Z" fill="${colour}"/>`;
  }
}

export function renderLineChart(input: LineChartInput): SafeSvg {
  const width = input.width ?? 560;
  const height = input.height ?? 240;
  const left = 48, right = 14, top = 28, bottom = 40;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const days = input.series.flatMap((s) => s.points.map((p) => dayNumber(p.day))).filter(Number.isFinite);
  const allDays = input.series.flatMap((s) => s.points.map((p) => p.day)).sort();
  const first = Math.min(...days);
  const last = Math.max(...days);
  const span = Math.max(1, last - first);
  const max = niceMax(Math.max(0, ...input.series.flatMap((s) => s.points.map((p) => p.value))));
  const x = (day: string) => left + (days.length <= 1 ? plotW / 2 : ((dayNumber(day) - first) / span) * plotW);
  const y = (v: number) => top + plotH - (v / max) * plotH;
  const lines = input.series.map((s, i) => {
    const colour = COLOURS[i % COLOURS.length]!;
    const points = [...s.points].sort((a, b) => a.day.localeCompare(b.day));
    const path = points.map((p, j) => `${j === 0 ? 'M' : 'L'}${px(x(p.day))},${px(y(p.value))}`).join(' ');
    const dash = DASHES[i % DASHES.length]!;
    return `<g class="series"><path d="${path}" fill="none" stroke="${colour}" stroke-width="2"${dash ? ` stroke-dasharray="${dash}"` : ''}/>`
      + points.map((p) => `<g>${marker(i, x(p.day), y(p.value), colour)}<title>${escapeXml(`${s.name}, ${p.day}: ${formatValue(p.value)}`)}</title></g>`).join('')
      + '</g>';
  }).join('');
  const legend = input.series.map((s, i) => {
    const colour = COLOURS[i % COLOURS.length]!;
    const lx = left + i * 180;
    const dash = DASHES[i % DASHES.length]!;
    return `<g class="legend"><line x1="${lx}" y1="12" x2="${lx + 24}" y2="12" stroke="${colour}" stroke-width="2"${dash ? ` stroke-dasharray="${dash}"` : ''}/>${marker(i, lx + 12, 12, colour)}`
      + `<text x="${lx + 30}" y="16" font-size="12">${escapeXml(s.name)}</text></g>`;
  }).join('');
  const axes = `<line x1="${left}" y1="${top + plotH}" x2="${left + plotW}" y2="${top + plotH}" stroke="#1d232a"/>`
    + `<line x1="${left}" y1="${top}" x2="${left}" y2="${top + plotH}" stroke="#1d232a"/>`
    + `<text x="${left - 6}" y="${top + 4}" text-anchor="end" font-size="10">${escapeXml(formatValue(max))}</text>`
    + `<text x="${left - 6}" y="${top + plotH}" text-anchor="end" font-size="10">0</text>`
    + `<text x="12" y="${top + plotH / 2}" text-anchor="middle" font-size="12" transform="rotate(-90 12 ${top + plotH / 2})">${escapeXml(input.yLabel)}</text>`
    + (allDays.length ? `<text x="${left}" y="${top + plotH + 16}" font-size="10">${escapeXml(allDays[0]!)}</text>`
      + `<text x="${left + plotW}" y="${top + plotH + 16}" text-anchor="end" font-size="10">${escapeXml(allDays[allDays.length - 1]!)}</text>` : '')
    + (days.length === 0 ? `<text x="${left + plotW / 2}" y="${top + plotH / 2}" text-anchor="middle" font-size="12">no data yet</text>` : '');
  return svgDocument({
    id: input.id, width, height, title: input.title,
    description: input.description ?? input.series.map((s) => `${s.name}: ${s.points.length} days, ${formatValue(s.points.reduce((n, p) => n + p.value, 0))} in all`).join('; '),
    body: axes + legend + lines,
  });
}
