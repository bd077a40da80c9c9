/** Chart 6: cost per 1,000 successful requests per strategy, cheapest first, with 95% CI bars. */
import type { CompareSummary } from '../../lab/compare-summary.js';
import { CHART_CONFIG, VEGA_LITE_SCHEMA } from '../chart-theme.js';
import { formatUsd, replicationsText } from '../format.js';
import { compareText, rankedStrategies, strategyColorScale } from '../strategy-order.js';
import type { Chart } from './chart.js';
import { ciBounds } from './ci-bounds.js';
import { maxOf } from '../../core/bulk-array.js';

const BAR_HEIGHT_PX = 28;
const WIDTH_PX = 520;

export function costPer1kChart(summary: CompareSummary): Chart {
  const rows = rankedStrategies(summary)
    .flatMap((s) => {
      const b = ciBounds(s.metrics.costPer1kSuccessfulUsd);
      if (!b) return [];
      const tag = s.strategy === summary.baseline ? ' (baseline)' : '';
      return [{ strategy: s.strategy, cost: b.mean, lo: b.lo, hi: b.hi, label: `${formatUsd(b.mean)}${tag}` }];
    })
    .sort((a, b) => a.cost - b.cost || compareText(a.strategy, b.strategy));
  // Bars start at 0. A CI reaching far beyond the dearer means is cut at the plot edge
  // rather than squashing every bar; the values sit in their own column right of the plot.
  const xMax = Math.max(0, maxOf(rows.map((r) => Math.min(r.hi, r.cost * 1.6)))) * 1.08 || 1;
  const y = { field: 'strategy', type: 'nominal', title: null, sort: rows.map((r) => r.strategy) } as const;
  const title = 'Cost per 1,000 successful requests';
  return {
    name: 'cost-per-1k',
    title,
    spec: {
      $schema: VEGA_LITE_SCHEMA,
      title: { text: title, subtitle: `Mean over ${replicationsText(summary.replications)}, cheapest first; black bars are 95% confidence intervals (cut at the edge when very wide).` },
      width: WIDTH_PX,
      height: Math.max(1, rows.length) * BAR_HEIGHT_PX,
      data: { values: rows },
      layer: [
        {
          mark: { type: 'bar', height: { band: 0.7 } },
          encoding: {
            y,
            x: { field: 'cost', type: 'quantitative', title: 'USD per 1,000 successful requests', scale: { domain: [0, xMax], nice: false }, axis: { format: '$.2f', tickCount: 8, labelSeparation: 8 } },
            color: { field: 'strategy', type: 'nominal', scale: strategyColorScale(summary), legend: null },
            tooltip: [
              { field: 'strategy', type: 'nominal' },
              { field: 'cost', type: 'quantitative', format: '$.4f', title: 'mean' },
              { field: 'lo', type: 'quantitative', format: '$.4f', title: '95% CI low' },
              { field: 'hi', type: 'quantitative', format: '$.4f', title: '95% CI high' },
            ],
          },
        },
        {
          mark: { type: 'rule', color: '#222222', strokeWidth: 1.5, clip: true },
          encoding: { y, x: { field: 'lo', type: 'quantitative' }, x2: { field: 'hi' } },
        },
        {
          mark: { type: 'text', align: 'left', color: '#222222' },
          encoding: { y, x: { value: WIDTH_PX + 10 }, text: { field: 'label', type: 'nominal' } },
        },
      ],
      config: CHART_CONFIG,
    },
  };
}
