/**
 * Chart 1: the trade-off. One point per strategy at (cost per 1k successful, uptime) with 95%
 * CI bars on both axes; Pareto-optimal strategies are drawn as diamonds, labelled, and joined
 * by a dashed line in cost order.
 */
import { replicationsText } from '../format.js';
import type { CompareSummary } from '../../lab/compare-summary.js';
import { CHART_CONFIG, FRONTIER_STROKE, VEGA_LITE_SCHEMA } from '../chart-theme.js';
import { rankedStrategies, strategyColorScale } from '../strategy-order.js';
import type { Chart } from './chart.js';
import { ciBounds } from './ci-bounds.js';
import { robustDomain } from './robust-domain.js';

const ON_FRONTIER = 'Pareto-optimal ★';
const DOMINATED = 'dominated';

export function costVsUptimeChart(summary: CompareSummary): Chart {
  const rows = rankedStrategies(summary).flatMap((s) => {
    const cost = ciBounds(s.metrics.costPer1kSuccessfulUsd);
    const uptime = ciBounds(s.metrics.uptime, true);
    if (!cost || !uptime) return [];
    return [{
      strategy: s.strategy,
      rank: s.rank,
      frontier: s.pareto ? ON_FRONTIER : DOMINATED,
      label: s.pareto ? `★ ${s.strategy}` : '',
      pointSize: s.pareto ? 220 : 110,
      cost: cost.mean, costLo: cost.lo, costHi: cost.hi,
      uptime: uptime.mean, uptimeLo: uptime.lo, uptimeHi: uptime.hi,
    }];
  });
  const costDomain = robustDomain(rows.map((r) => ({ mean: r.cost, lo: r.costLo, hi: r.costHi })));
  const uptimeDomain = robustDomain(rows.map((r) => ({ mean: r.uptime, lo: r.uptimeLo, hi: r.uptimeHi })), true);
  const color = { field: 'strategy', type: 'nominal', scale: strategyColorScale(summary), title: 'strategy' } as const;
  const x = { field: 'cost', type: 'quantitative', title: 'cost per 1k successful requests (USD)', scale: { domain: costDomain, zero: false, nice: false }, axis: { format: '$.2f', tickCount: 8, labelSeparation: 8 } } as const;
  const y = { field: 'uptime', type: 'quantitative', title: 'uptime (share of minutes meeting the SLO)', scale: { domain: uptimeDomain, zero: false, nice: false }, axis: { format: '.1%', tickCount: 8 } } as const;
  const title = 'Cost vs uptime';
  return {
    name: 'cost-vs-uptime',
    title,
    spec: {
      $schema: VEGA_LITE_SCHEMA,
      title: {
        text: title,
        subtitle: [
          `Mean over ${replicationsText(summary.replications)}; bars are 95% confidence intervals (cut at the edge when very wide). Up and left is better.`,
          '★ Pareto-optimal on cost, uptime and p99 latency; the dashed line joins them in cost order.',
        ],
      },
      width: 560,
      height: 360,
      data: { values: rows },
      layer: [
        {
          mark: { type: 'rule', strokeWidth: 1.5, clip: true },
          encoding: { x: { ...x, field: 'costLo' }, x2: { field: 'costHi' }, y, color },
        },
        {
          mark: { type: 'rule', strokeWidth: 1.5, clip: true },
          encoding: { x, y: { ...y, field: 'uptimeLo' }, y2: { field: 'uptimeHi' }, color },
        },
        {
          transform: [{ filter: `datum.frontier === '${ON_FRONTIER}'` }],
          mark: { type: 'line', color: FRONTIER_STROKE, strokeDash: [5, 4], strokeWidth: 1.5 },
          encoding: { x, y, order: { field: 'cost', type: 'quantitative' } },
        },
        {
          mark: { type: 'point', filled: true, opacity: 1, stroke: FRONTIER_STROKE, strokeWidth: 1 },
          encoding: {
            x, y, color,
            shape: { field: 'frontier', type: 'nominal', title: 'frontier', scale: { domain: [ON_FRONTIER, DOMINATED], range: ['diamond', 'circle'] } },
            size: { field: 'pointSize', type: 'quantitative', legend: null, scale: null },
            tooltip: [
              { field: 'strategy', type: 'nominal' },
              { field: 'rank', type: 'ordinal' },
              { field: 'uptime', type: 'quantitative', format: '.2%' },
              { field: 'cost', type: 'quantitative', format: '$.3f', title: 'cost per 1k successful' },
            ],
          },
        },
        {
          transform: [{ filter: `datum.frontier === '${ON_FRONTIER}'` }],
          mark: { type: 'text', align: 'left', dx: 9, dy: -9, fontSize: 11, color: '#222222' },
          encoding: { x, y, text: { field: 'label', type: 'nominal' } },
        },
      ],
      config: CHART_CONFIG,
    },
  };
}
