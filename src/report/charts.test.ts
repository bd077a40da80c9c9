import { describe, expect, it } from 'vitest';
import { compareFixture } from '../../test/fixtures/report/compare-fixture.js';
import { sweepFixture1d, sweepFixture2d } from '../../test/fixtures/report/sweep-fixture.js';
import type { CompareSummary, SweepSummary } from '../lab/compare-summary.js';
import { chartsFor } from './charts/charts-for.js';
import { compileChart } from './compile-chart.js';

const SUMMARIES: Record<string, CompareSummary | SweepSummary> = {
  compare: compareFixture(),
  'compare with 8 strategies': compareFixture({ extraStrategies: 2 }),
  'sweep 2d': sweepFixture2d(),
  'sweep 1d': sweepFixture1d(),
};

describe.each(Object.entries(SUMMARIES))('charts for %s', (_label, summary) => {
  const charts = chartsFor(summary);

  it.each(charts.map((c) => [c.name, c] as const))('%s compiles without warnings', (_name, chart) => {
    const { vega, warnings } = compileChart(chart.name, chart.spec);
    expect(warnings).toEqual([]);
    expect(vega.marks?.length ?? 0).toBeGreaterThan(0);
  });
});
