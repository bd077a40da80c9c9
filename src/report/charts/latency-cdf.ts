/** Chart 2: latency CDF of successful requests per strategy (replication 1), log-scaled ms. */
import type { CompareSummary } from '../../lab/compare-summary.js';
import { CHART_CONFIG, VEGA_LITE_SCHEMA } from '../chart-theme.js';
import { isFiniteNumber } from '../format.js';
import { rankedStrategies, strategyColorScale } from '../strategy-order.js';
import type { Chart } from './chart.js';

export function latencyCdfChart(summary: CompareSummary): Chart {
  const rows = rankedStrategies(summary).flatMap((s) =>
    s.sample.latencyCdf
      // A log axis cannot show 0 ms; quantiles outside [0, 1] are not a CDF.
      .filter((p) => isFiniteNumber(p.ms) && p.ms > 0 && isFiniteNumber(p.q) && p.q >= 0 && p.q <= 1)
      .map((p) => ({ strategy: s.strategy, ms: p.ms, q: p.q })));
  const title = 'Latency distribution (CDF)';
  return {
    name: 'latency-cdf',
    title,
    spec: {
      $schema: VEGA_LITE_SCHEMA,
      title: { text: title, subtitle: 'End-to-end latency of successful requests, replication 1. Left and steep is better.' },
      width: 560,
      height: 320,
      data: { values: rows },
      mark: { type: 'line', interpolate: 'monotone' },
      encoding: {
        x: { field: 'ms', type: 'quantitative', title: 'end-to-end latency (ms, log scale)', scale: { type: 'log' }, axis: { format: '~s', grid: true } },
        y: { field: 'q', type: 'quantitative', title: 'share of successful requests at or below', scale: { domain: [0, 1] }, axis: { format: '.0%' } },
        color: { field: 'strategy', type: 'nominal', scale: strategyColorScale(summary), title: 'strategy' },
        order: { field: 'q', type: 'quantitative' },
        tooltip: [
          { field: 'strategy', type: 'nominal' },
          { field: 'q', type: 'quantitative', format: '.1%', title: 'quantile' },
          { field: 'ms', type: 'quantitative', format: ',.0f', title: 'latency (ms)' },
        ],
      },
      config: CHART_CONFIG,
    },
  };
}
