/** Server-side SVG charts: pure functions from numbers to escaped SVG markup (no scripts, no external files). */
export { renderBarChart, type Bar, type BarChartInput } from './bar.ts';
export { renderHistogram, type Bin, type HistogramInput } from './histogram.ts';
export { renderLineChart, type LineChartInput, type Series, type TimePoint } from './line.ts';
export { renderScatter, type ScatterInput, type ScatterPoint } from './scatter.ts';
export { escapeXml, type SafeSvg } from './svg.ts';
