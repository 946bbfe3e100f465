import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { renderBarChart, renderHistogram, renderLineChart, renderScatter, type SafeSvg } from '../../server/charts/index.ts';
import { dashboardCharts, progressBuckets } from '../../server/charts/dashboard.ts';
import { corpusStats } from '../../db/stats.ts';
import { talksDb } from './fixtures.ts';

/** Well-formed XML, checked by libxml2's xmllint (a Debian package of this machine). */
function assertWellFormed(chart: SafeSvg): void {
  const r = spawnSync('xmllint', ['--noout', '-'], { input: chart.svg, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
}

const HOSTILE = '<script>alert(1)</script> & "quotes" \'too\'';

describe('SVG charts', () => {
  it('bar chart: one labelled bar per value with the value written beside it, every text escaped', () => {
    const chart = renderBarChart({ id: 'bars', title: HOSTILE, bars: [{ label: HOSTILE, value: 12 }, { label: 'rejected', value: 3 }] });
    assertWellFormed(chart);
    assert.equal((chart.svg.match(/<g class="bar"><text [^>]+>[^<]*<\/text><rect /g) ?? []).length, 2);
    assert.match(chart.svg, />12<\/text>/);
    assert.match(chart.svg, />3<\/text>/);
    assert.ok(!chart.svg.includes('<script>'));
    assert.match(chart.svg, /<title id="bars-title">&lt;script&gt;alert\(1\)&lt;\/script&gt; &amp; &quot;quotes&quot; &#39;too&#39;<\/title>/);
    assert.match(chart.svg, /role="img" aria-labelledby="bars-title bars-desc"/);
  });

  it('bar chart: long labels are cut and the label column widens so they fit', () => {
    const chart = renderBarChart({ id: 'w', title: 't', bars: [{ label: 'x'.repeat(50), value: 1 }] });
    assert.match(chart.svg, />x{31}…<\/text>/);
    const labelRight = Number(/<text x="([\d.]+)"/.exec(chart.svg)![1]);
    assert.ok(labelRight >= 32 * 7, `label column ${labelRight}px holds 32 characters`);
  });

  it('histogram: narrow bars get compact counts (3.3k)', () => {
    const chart = renderHistogram({ id: 'n', title: 't', xLabel: 'x', yLabel: 'y', width: 500,
      bins: Array.from({ length: 25 }, (_, i) => ({ label: String(i), count: 3300 + i })) });
    assert.match(chart.svg, />3\.3k<\/text>/);
  });

  it('bar chart: bars differ by fill pattern, not only by colour', () => {
    const chart = renderBarChart({ id: 'p', title: 't', bars: [{ label: 'a', value: 1 }, { label: 'b', value: 2 }, { label: 'c', value: 3 }] });
    const fills = [...chart.svg.matchAll(/fill="url\(#p-([a-z]+)\)"/g)].map((m) => m[1]);
    assert.deepEqual(fills, ['solid', 'hatch', 'dots']);
  });

  it('histogram: bar heights proportional to counts, counts and bin labels written out', () => {
    const chart = renderHistogram({ id: 'h', title: 'Confidence', xLabel: 'confidence', yLabel: 'links', height: 240,
      bins: [{ label: '0.0', count: 5 }, { label: '0.1', count: 10 }, { label: '0.2', count: 0 }] });
    assertWellFormed(chart);
    const heights = [...chart.svg.matchAll(/<rect x="[\d.]+" y="[\d.]+" width="[\d.]+" height="([\d.]+)"/g)].map((m) => Number(m[1]));
    assert.equal(heights.length, 3);
    assert.ok(Math.abs(heights[1]! - 2 * heights[0]!) < 0.2, heights.join(', '));
    assert.equal(heights[2], 0);
    assert.match(chart.svg, />10<\/text>/);
    assert.match(chart.svg, />0\.1<\/text>/);
  });

  it('line chart: a legend, distinct markers and dashes per series, and the first and last day on the axis', () => {
    const chart = renderLineChart({ id: 'l', title: 'Progress', yLabel: 'links', series: [
      { name: 'sentence links', points: [{ day: '2024-03-01', value: 4 }, { day: '2024-03-05', value: 9 }] },
      { name: 'paragraph <links>', points: [{ day: '2024-03-02', value: 1 }] },
    ] });
    assertWellFormed(chart);
    assert.match(chart.svg, />sentence links<\/text>/);
    assert.match(chart.svg, />paragraph &lt;links&gt;<\/text>/);
    assert.match(chart.svg, /stroke-dasharray="6 3"/);
    assert.match(chart.svg, />2024-03-01<\/text>/);
    assert.match(chart.svg, />2024-03-05<\/text>/);
    assert.match(chart.svg, /<title>sentence links, 2024-03-05: 9<\/title>/);
  });

  it('empty charts say so instead of drawing nothing', () => {
    for (const chart of [
      renderBarChart({ id: 'a', title: 't', bars: [] }),
      renderLineChart({ id: 'b', title: 't', yLabel: 'y', series: [{ name: 's', points: [] }] }),
      renderScatter({ id: 'c', title: 't', description: 'd', xLabel: 'x', yLabel: 'y', points: [] }),
    ]) {
      assertWellFormed(chart);
      assert.match(chart.svg, /no data yet/);
    }
  });

  it('scatter: one dot per point and a labelled reference line', () => {
    const chart = renderScatter({ id: 's', title: 't', description: 'd', xLabel: 'Korean characters', yLabel: 'English characters',
      points: [{ x: 10, y: 25 }, { x: 20, y: 55, label: 'a & b' }], reference: { slope: 2.5, label: 'median ratio 2.50' } });
    assertWellFormed(chart);
    assert.equal((chart.svg.match(/<circle /g) ?? []).length, 2);
    assert.match(chart.svg, /<title>a &amp; b<\/title>/);
    assert.match(chart.svg, />median ratio 2\.50<\/text>/);
  });

  it('dashboard: six well-formed charts with ids unique on the page', () => {
    const { db } = talksDb();
    const charts = Object.values(dashboardCharts(corpusStats(db)));
    assert.equal(charts.length, 6);
    for (const c of charts) assertWellFormed(c);
    const ids = charts.flatMap((c) => [...c.svg.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]));
    assert.equal(new Set(ids).size, ids.length);
  });
});

describe('review progress buckets', () => {
  const days = (n: number) => Array.from({ length: n }, (_, i) => ({
    day: new Date(Date.UTC(2024, 0, 1) + i * 86_400_000).toISOString().slice(0, 10), paragraph: 1, sentence: 2,
  }));

  it('keeps days while they fit, then sums weeks (from Monday), then months', () => {
    assert.equal(progressBuckets(days(120)).unit, 'day');
    const weeks = progressBuckets(days(200));
    assert.equal(weeks.unit, 'week');
    assert.equal(weeks.rows[0]!.day, '2024-01-01', '1 January 2024 is a Monday');
    assert.deepEqual(weeks.rows[0], { day: '2024-01-01', paragraph: 7, sentence: 14 });
    assert.equal(weeks.rows.reduce((n, r) => n + r.sentence, 0), 400);
    const months = progressBuckets(days(1000));
    assert.equal(months.unit, 'month');
    assert.deepEqual(months.rows[1], { day: '2024-02-01', paragraph: 29, sentence: 58 });
  });
});
