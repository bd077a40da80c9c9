import { describe, expect, it } from 'vitest';
import { compareFixture } from '../../test/fixtures/report/compare-fixture.js';
import { sweepFixture1d, sweepFixture2d } from '../../test/fixtures/report/sweep-fixture.js';
import type { CompareSummary, StrategyResult, SweepSummary } from '../lab/compare-summary.js';
import type { Chart } from './charts/chart.js';
import { chartsFor } from './charts/charts-for.js';
import { costPer1kChart } from './charts/cost-per-1k.js';
import { costVsUptimeChart } from './charts/cost-vs-uptime.js';
import { healthTimelineChart } from './charts/health-timeline.js';
import { latencyCdfChart } from './charts/latency-cdf.js';
import { successOverTimeChart } from './charts/success-over-time.js';
import { sweepMetricChart, SWEEP_METRICS } from './charts/sweep-metric.js';
import { trafficShareChart } from './charts/traffic-share.js';
import { compileChart } from './compile-chart.js';

/** A summary.json round trip turns NaN into null: the charts must survive that too. */
const viaJson = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

const SUMMARIES: Record<string, CompareSummary | SweepSummary> = {
  compare: compareFixture(),
  'compare with 8 strategies': compareFixture({ extraStrategies: 2 }),
  'compare via JSON': viaJson(compareFixture()),
  'sweep 2d': sweepFixture2d(),
  'sweep 1d': sweepFixture1d(),
  'sweep via JSON': viaJson(sweepFixture2d()),
};

// Layer/facet/concat specs are unions; tests only need to read a few fields.
type Loose = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const spec = (c: Chart) => c.spec as Loose;
const values = (c: Chart): Loose[] => spec(c).data.values;

describe.each(Object.entries(SUMMARIES))('charts for %s', (_label, summary) => {
  const charts = chartsFor(summary);

  it('has one uniquely named chart per expected view', () => {
    const expected = summary.kind === 'sweep'
      ? ['sweep-uptime', 'sweep-cost-per-1k', 'sweep-p99']
      : ['cost-vs-uptime', 'cost-vs-latency', 'cost-per-1k', 'latency-cdf', 'success-over-time', 'traffic-share', 'health-timeline'];
    expect(charts.map((c) => c.name)).toEqual(expected);
    for (const c of charts) expect(c.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it.each(charts.map((c) => [c.name, c] as const))('%s compiles with vega-lite without warnings', (_name, chart) => {
    const { vega, warnings } = compileChart(chart.name, chart.spec);
    expect(warnings).toEqual([]);
    expect(vega.marks?.length ?? 0).toBeGreaterThan(0);
    expect(spec(chart).title?.text).toBeTruthy();
  });
});

describe('compare chart data', () => {
  const summary = compareFixture();
  const byName = new Map(summary.strategies.map((s) => [s.strategy, s]));

  it('cost vs uptime: one point per strategy at its means, CI bounds inside [0, 1] for uptime, frontier flagged', () => {
    const rows = values(costVsUptimeChart(summary));
    expect(rows.map((r) => r.strategy).sort()).toEqual([...byName.keys()].sort());
    for (const r of rows) {
      const s = byName.get(r.strategy)!;
      expect(r.cost).toBe(s.metrics.costPer1kSuccessfulUsd.mean);
      expect(r.y).toBe(s.metrics.uptime.mean);
      expect(r.yLo).toBeGreaterThanOrEqual(0);
      expect(r.yHi).toBeLessThanOrEqual(1);
      expect(r.costLo).toBeLessThanOrEqual(r.cost);
      expect(r.costHi).toBeGreaterThanOrEqual(r.cost);
      expect(r.frontier.startsWith('Pareto')).toBe(s.pareto);
    }
    expect(summary.strategies.some((s) => s.pareto)).toBe(true);
    expect(summary.strategies.some((s) => !s.pareto)).toBe(true);
  });

  it('cost per 1k: cheapest first, baseline tagged', () => {
    const rows = values(costPer1kChart(summary));
    const costs = rows.map((r) => r.cost);
    expect(costs).toEqual([...costs].sort((a, b) => a - b));
    expect(rows.find((r) => r.strategy === summary.baseline)?.label).toMatch(/\(baseline\)$/);
    expect(spec(costPer1kChart(summary)).layer[0].encoding.y.sort).toEqual(rows.map((r) => r.strategy));
  });

  it('latency CDF: drops points a log axis cannot show', () => {
    const s0 = summary.strategies[0];
    const patched: CompareSummary = {
      ...summary,
      strategies: [{ ...s0, sample: { ...s0.sample, latencyCdf: [{ q: 0, ms: 0 }, ...s0.sample.latencyCdf] } }, ...summary.strategies.slice(1)],
    };
    const rows = values(latencyCdfChart(patched));
    expect(rows.every((r) => r.ms > 0)).toBe(true);
    expect(rows.length).toBe(summary.strategies.reduce((n, s) => n + s.sample.latencyCdf.length, 0));
  });

  it('success over time: success / completed per bucket, buckets with nothing completed skipped', () => {
    const s0 = summary.strategies[0];
    const empty = { ...s0.sample.timeseries[3], successes: 0, failures: 0 };
    const patched: CompareSummary = {
      ...summary,
      strategies: [{ ...s0, sample: { ...s0.sample, timeseries: s0.sample.timeseries.map((b, i) => (i === 3 ? empty : b)) } }],
    };
    const layers = spec(successOverTimeChart(patched)).layer;
    const rows: Loose[] = layers[2].data.values;
    expect(rows.length).toBe(s0.sample.timeseries.length - 1);
    const b0 = s0.sample.timeseries[0];
    expect(rows[0].successRate).toBeCloseTo(b0.successes / (b0.successes + b0.failures), 12);
    expect(rows[0].t).toBe(0.5); // middle of the first 60 s bucket, in minutes
    // Incident windows deduplicated across strategies: alpha down and beta slow.
    expect(layers[0].data.values).toEqual([
      { start: 10, end: 15, label: 'alpha down' },
      { start: 22, end: 24, label: 'beta slow' },
    ]);
  });

  it('traffic share: a panel per strategy up to six, baseline only beyond', () => {
    const six = trafficShareChart(summary);
    expect(spec(six).facet.sort).toHaveLength(6);
    const eight = trafficShareChart(compareFixture({ extraStrategies: 2 }));
    expect(spec(eight).facet).toBeUndefined();
    expect(new Set(values(eight).map((r) => r.strategy))).toEqual(new Set([summary.baseline]));
    expect(eight.title).toContain(summary.baseline);
    // Shares are of attempts: per strategy and bucket, the rows carry that bucket's attempt counts.
    const rr = byName.get('round-robin')!;
    const firstBucket = values(six).filter((r) => r.strategy === 'round-robin' && r.t === 0.5).map((r) => r.attempts);
    expect(firstBucket).toEqual(rr.sample.timeseries[0].attempts);
  });

  it('health timeline: baseline and the best deployable strategy (never the oracle)', () => {
    const chart = healthTimelineChart(summary);
    const titles: string[] = spec(chart).vconcat.map((p: Loose) => p.title.text);
    const ranked = [...summary.strategies].sort((a, b) => a.rank - b.rank);
    expect(ranked[0].strategy).toBe('oracle');
    expect(titles).toEqual([`${summary.baseline} (baseline)`, `${ranked[1].strategy} (rank ${ranked[1].rank}, best deployable)`]);
    // The open-ended outlier exclusion of gamma closes at the horizon (30 min).
    const bars: Loose[] = spec(chart).vconcat[0].layer[1].data.values;
    const open = bars.find((b) => b.deployment === 'gamma/open-70b');
    expect(open).toMatchObject({ source: 'outlier', end: 30, state: 'still excluded at the end' });
  });

  it('health timeline: one panel when the baseline is also the best deployable strategy', () => {
    const promote = (s: StrategyResult): StrategyResult =>
      s.strategy === summary.baseline ? { ...s, rank: 1 } : { ...s, rank: s.rank + 1 };
    const chart = healthTimelineChart({ ...summary, strategies: summary.strategies.map(promote) });
    expect(spec(chart).vconcat.map((p: Loose) => p.title.text)).toEqual([`${summary.baseline} (baseline, best ranked)`]);
  });
});

describe('sweep chart data', () => {
  it('two axes: a heatmap per strategy with one cell per grid point', () => {
    const sweep = sweepFixture2d();
    const chart = sweepMetricChart(sweep, SWEEP_METRICS[0]);
    expect(spec(chart).facet.field).toBe('strategy');
    expect(spec(chart).spec.layer[0].mark.type).toBe('rect');
    expect(values(chart)).toHaveLength(sweep.points.length);
    const p = sweep.points[0];
    expect(values(chart)[0]).toMatchObject({ strategy: p.strategy, x: '4', y: '60', mean: p.metrics.uptime.mean });
  });

  it('one axis: a line per strategy on a quantitative x', () => {
    const sweep = sweepFixture1d();
    const chart = sweepMetricChart(sweep, SWEEP_METRICS[2]);
    expect(spec(chart).facet).toBeUndefined();
    expect(spec(chart).layer[1].mark.type).toBe('line');
    expect(spec(chart).layer[1].encoding.x.type).toBe('quantitative');
    expect(values(chart)).toHaveLength(sweep.points.length);
  });
});
