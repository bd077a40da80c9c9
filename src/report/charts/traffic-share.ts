/**
 * Chart 4: where attempts went over time, as a normalized stacked area per deployment.
 * One panel per strategy when there are at most six, else only the baseline's.
 */
import type { CompareSummary, StrategyResult } from '../../lab/compare-summary.js';
import { CHART_CONFIG, VEGA_LITE_SCHEMA } from '../chart-theme.js';
import { baselineOf, deploymentColorScale, rankedStrategies } from '../strategy-order.js';
import { timeAxis, timeUnitFor, toUnit } from '../time-axis.js';
import type { Chart } from './chart.js';
import type { ChartEncoding } from './vl-types.js';

export const MAX_FACETED_STRATEGIES = 6;

function shareRows(s: StrategyResult, bucketS: number, unit: ReturnType<typeof timeUnitFor>) {
  return s.sample.timeseries.flatMap((b) => {
    const total = b.attempts.reduce((sum, n) => sum + (Number.isFinite(n) ? n : 0), 0);
    // Nothing sent in this bucket: a normalized stack would divide by zero.
    if (!(total > 0)) return [];
    return s.sample.deploymentIds.map((deployment, i) => ({
      strategy: s.strategy, deployment, stackOrder: i, t: toUnit(b.tS + bucketS / 2, unit), attempts: b.attempts[i] ?? 0,
    }));
  });
}

export function trafficShareChart(summary: CompareSummary): Chart {
  const unit = timeUnitFor(summary.scenario.durationS);
  const bucketS = summary.scenario.bucketS;
  const ranked = rankedStrategies(summary);
  const faceted = ranked.length <= MAX_FACETED_STRATEGIES;
  const shown = faceted ? ranked : [baselineOf(summary) ?? ranked[0]].filter((s) => s !== undefined);
  const rows = shown.flatMap((s) => shareRows(s, bucketS, unit));
  const encoding: ChartEncoding = {
    x: timeAxis(unit, summary.scenario.durationS),
    y: { field: 'attempts', type: 'quantitative', stack: 'normalize', title: 'share of attempts', axis: { format: '.0%' } },
    color: { field: 'deployment', type: 'nominal', scale: deploymentColorScale(summary), title: 'deployment' },
    order: { field: 'stackOrder', type: 'quantitative' },
    tooltip: [
      { field: 'strategy', type: 'nominal' },
      { field: 'deployment', type: 'nominal' },
      { field: 't', type: 'quantitative', title: `bucket middle (${unit.label})`, format: ',.1f' },
      { field: 'attempts', type: 'quantitative' },
    ],
  };
  const mark = { type: 'area', interpolate: 'monotone', opacity: 0.9 } as const;
  const title = 'Traffic share by deployment';
  const subtitle = `Share of attempts (retries, failovers and hedges included) per ${bucketS} s bucket, replication 1.`;
  if (faceted) {
    return {
      name: 'traffic-share',
      title,
      spec: {
        $schema: VEGA_LITE_SCHEMA,
        title: { text: title, subtitle },
        data: { values: rows },
        facet: { field: 'strategy', type: 'nominal', sort: shown.map((s) => s.strategy), title: null },
        columns: 2,
        spec: { width: 300, height: 140, mark, encoding },
        // An x axis under every panel: with an odd panel count, shared axes leave one dangling under an empty cell.
        resolve: { axis: { x: 'independent' } },
        config: CHART_CONFIG,
      },
    };
  }
  const only = shown[0]?.strategy ?? summary.baseline;
  return {
    name: 'traffic-share',
    title: `${title} (${only})`,
    spec: {
      $schema: VEGA_LITE_SCHEMA,
      title: { text: `${title}: ${only}`, subtitle: `${subtitle} Baseline only: more than ${MAX_FACETED_STRATEGIES} strategies.` },
      width: 640,
      height: 260,
      data: { values: rows },
      mark,
      encoding,
      config: CHART_CONFIG,
    },
  };
}
