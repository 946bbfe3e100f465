/** The dashboard's charts, built from the corpus figures (pure: numbers in, escaped SVG out). */
import type { CorpusStats } from '../../db/stats.ts';
import { renderBarChart } from './bar.ts';
import { renderHistogram } from './histogram.ts';
import { renderLineChart } from './line.ts';
import { renderScatter } from './scatter.ts';
import type { SafeSvg } from './svg.ts';

export interface DashboardCharts {
  linksByStatus: SafeSvg;
  reviewProgress: SafeSvg;
  confidence: SafeSvg;
  lengthRatio: SafeSvg;
  lengthScatter: SafeSvg;
  lowConfidencePairs: SafeSvg;
}

const pct = (n: number, of: number): string => (of ? `${Math.round((n / of) * 100)}%` : '0%');

export function dashboardCharts(stats: CorpusStats): DashboardCharts {
  const { links } = stats.counts;
  const statusBars = (['sentence', 'paragraph'] as const).flatMap((level) => (['confirmed', 'auto', 'rejected'] as const).map((status, i) => ({
    label: `${level} · ${status}`, value: links[level][status], pattern: (['solid', 'dots', 'hatch'] as const)[i]!,
  })));
  const ratioBins = stats.lengthRatio.bins.map((b) => ({ label: b.to === null ? `≥${b.from}` : b.from.toFixed(2), count: b.count }));
  const median = stats.lengthRatio.median;
  const sentenceLinks = links.sentence.auto + links.sentence.confirmed + links.sentence.rejected;
  return {
    linksByStatus: renderBarChart({
      id: 'chart-links', title: 'Links by level and status', bars: statusBars,
      description: `Sentence links: ${links.sentence.confirmed} confirmed (${pct(links.sentence.confirmed, sentenceLinks)}), ${links.sentence.auto} automatic, ${links.sentence.rejected} rejected. `
        + `Paragraph links: ${links.paragraph.confirmed} confirmed, ${links.paragraph.auto} automatic, ${links.paragraph.rejected} rejected.`,
    }),
    reviewProgress: renderLineChart({
      id: 'chart-progress', title: 'Review progress: links confirmed per day', yLabel: 'links confirmed',
      series: [
        { name: 'sentence links', points: stats.reviewProgress.map((d) => ({ day: d.day, value: d.sentence })) },
        { name: 'paragraph links', points: stats.reviewProgress.map((d) => ({ day: d.day, value: d.paragraph })) },
      ],
    }),
    confidence: renderHistogram({
      id: 'chart-confidence', title: 'Confidence of sentence links', xLabel: 'confidence (bins of 0.1)', yLabel: 'sentence links',
      bins: stats.confidence.bins.map((b) => ({ label: b.from.toFixed(1), count: b.sentence })),
    }),
    lengthRatio: renderHistogram({
      id: 'chart-ratio', title: 'English/Korean length ratio of confirmed sentence links',
      xLabel: 'English characters per Korean character', yLabel: 'confirmed links', bins: ratioBins,
      description: `${stats.lengthRatio.links} confirmed sentence links; median ratio ${median === null ? 'none' : median.toFixed(2)}.`,
    }),
    lengthScatter: renderScatter({
      id: 'chart-lengths', title: 'Sentence lengths of confirmed links', xLabel: 'Korean characters', yLabel: 'English characters',
      points: stats.lengthRatio.sample.map((s) => ({ x: s.koChars, y: s.enChars, label: `${s.koChars} Korean, ${s.enChars} English characters` })),
      ...(median !== null ? { reference: { slope: median, label: `median ratio ${median.toFixed(2)}` } } : {}),
      description: `${stats.lengthRatio.sample.length} of ${stats.lengthRatio.links} confirmed sentence links, Korean length across, English length up.`,
    }),
    lowConfidencePairs: renderBarChart({
      id: 'chart-low', title: `Pairs with the most unreviewed links below ${stats.lowConfidenceThreshold}`,
      bars: stats.lowConfidencePairs.map((p) => ({ label: `#${p.pairId} ${(p.enTitle ?? p.koTitle ?? '').slice(0, 18)}`, value: p.lowLinks, pattern: 'hatch' as const })),
    }),
  };
}
