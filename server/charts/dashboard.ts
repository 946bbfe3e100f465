/** The dashboard's charts, built from the corpus figures (pure: numbers in, escaped SVG out). */
import type { CorpusStats, DayCount } from './corpus-stats.ts';
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

/** At most this many points per series: beyond, days are summed into weeks, then months. */
const MAX_POINTS = 120;

export interface ProgressBuckets { unit: 'day' | 'week' | 'month'; rows: DayCount[] }

/**
 * Confirmations per day, or per week (keyed by its Monday) or per month (its first day) when there
 * are too many days to draw or list; each row's `day` is the bucket's first day.
 */
export function progressBuckets(days: readonly DayCount[]): ProgressBuckets {
  if (days.length <= MAX_POINTS) return { unit: 'day', rows: [...days] };
  const bucket = (unit: 'week' | 'month'): DayCount[] => {
    const out = new Map<string, DayCount>();
    for (const d of days) {
      let key = `${d.day.slice(0, 7)}-01`;
      if (unit === 'week') {
        const date = new Date(`${d.day}T00:00:00Z`);
        date.setUTCDate(date.getUTCDate() - ((date.getUTCDay() + 6) % 7));
        key = date.toISOString().slice(0, 10);
      }
      const b = out.get(key) ?? { day: key, paragraph: 0, sentence: 0 };
      b.paragraph += d.paragraph;
      b.sentence += d.sentence;
      out.set(key, b);
    }
    return [...out.values()];
  };
  const weeks = bucket('week');
  return weeks.length <= MAX_POINTS ? { unit: 'week', rows: weeks } : { unit: 'month', rows: bucket('month') };
}

export function dashboardCharts(stats: CorpusStats): DashboardCharts {
  const { links } = stats.counts;
  const statusBars = (['sentence', 'paragraph'] as const).flatMap((level) => (['confirmed', 'auto', 'rejected'] as const).map((status, i) => ({
    label: `${level} · ${status}`, value: links[level][status], pattern: (['solid', 'dots', 'hatch'] as const)[i]!,
  })));
  const ratioBins = stats.lengthRatio.bins.map((b) => ({ label: b.to === null ? `≥${b.from}` : b.from.toFixed(2), count: b.count }));
  const median = stats.lengthRatio.median;
  const sentenceLinks = links.sentence.auto + links.sentence.confirmed + links.sentence.rejected;
  const progress = progressBuckets(stats.reviewProgress);
  return {
    linksByStatus: renderBarChart({
      id: 'chart-links', title: 'Links by level and status', bars: statusBars,
      description: `Sentence links: ${links.sentence.confirmed} confirmed (${pct(links.sentence.confirmed, sentenceLinks)}), ${links.sentence.auto} automatic, ${links.sentence.rejected} rejected. `
        + `Paragraph links: ${links.paragraph.confirmed} confirmed, ${links.paragraph.auto} automatic, ${links.paragraph.rejected} rejected.`,
    }),
    reviewProgress: renderLineChart({
      id: 'chart-progress', title: `Review progress: links confirmed per ${progress.unit}`, yLabel: 'links confirmed',
      series: [
        { name: 'sentence links', points: progress.rows.map((d) => ({ day: d.day, value: d.sentence })) },
        { name: 'paragraph links', points: progress.rows.map((d) => ({ day: d.day, value: d.paragraph })) },
      ],
    }),
    confidence: renderHistogram({
      id: 'chart-confidence', title: 'Confidence of sentence links', xLabel: 'confidence (bins of 0.1)', yLabel: 'sentence links',
      bins: stats.confidence.bins.map((b) => ({ label: b.from.toFixed(1), count: b.sentence })),
    }),
    lengthRatio: renderHistogram({
      id: 'chart-ratio', title: 'English/Korean length ratio of confirmed sentence links',
      xLabel: 'English characters per Korean character', yLabel: 'confirmed links', bins: ratioBins, width: 640,
      description: `${stats.lengthRatio.links} confirmed sentence links; median ratio ${median === null ? 'none' : median.toFixed(2)}.`,
    }),
    lengthScatter: renderScatter({
      id: 'chart-lengths', title: 'Sentence lengths of confirmed links', xLabel: 'Korean characters', yLabel: 'English characters',
      points: stats.lengthRatio.sample.map((s) => ({ x: s.koChars, y: s.enChars })),
      ...(median !== null ? { reference: { slope: median, label: `median ratio ${median.toFixed(2)}` } } : {}),
      description: `${stats.lengthRatio.sample.length} of ${stats.lengthRatio.links} confirmed sentence links, Korean length across, English length up.`,
    }),
    lowConfidencePairs: renderBarChart({
      id: 'chart-low', title: `Pairs with the most unreviewed links below ${stats.lowConfidenceThreshold}`,
      bars: stats.lowConfidencePairs.map((p) => ({ label: `#${p.pairId} ${(p.enTitle ?? p.koTitle ?? '').slice(0, 18)}`, value: p.lowLinks, pattern: 'hatch' as const })),
    }),
  };
}
