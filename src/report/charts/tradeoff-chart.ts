/**
 * A trade-off scatter: one point per strategy at (cost per 1k successful, some other metric)
 * with 95% CI bars on both axes. Pareto-optimal strategies are diamonds joined by a dashed line
 * in cost order. Labels go only to the frontier and the top rank group, placed so they never
 * overlap (label-layout.ts); every other point has a tooltip. Colours come from
 * strategyColorScale (never repeated; grey beyond the palette).
 */
import type { CompareSummary, MetricName } from '../../lab/compare-summary.js';
import { CHART_CONFIG, FRONTIER_STROKE, VEGA_LITE_SCHEMA } from '../chart-theme.js';
import { replicationsText } from '../format.js';
import { bestGroupOf } from '../decision-text.js';
import { rankedStrategies, strategyColorScale } from '../strategy-order.js';
import { axisFormat, type AxisUnit } from './axis-format.js';
import type { Chart } from './chart.js';
import { ciBounds } from './ci-bounds.js';
import { layoutLabels } from './label-layout.js';
import { robustDomain } from './robust-domain.js';

const ON_FRONTIER = 'Pareto-optimal ★';
const DOMINATED = 'dominated';
const WIDTH_PX = 560;
const HEIGHT_PX = 360;

export interface TradeoffAxis {
  readonly metric: MetricName;
  readonly title: string;
  readonly unit: AxisUnit;
  /** Fractions are clamped into [0, 1]. */
  readonly higherIsBetter: boolean;
  readonly tooltipTitle: string;
}

export function tradeoffChart(summary: CompareSummary, name: string, title: string, yAxis: TradeoffAxis, subtitle: string): Chart {
  const labelled = new Set([...bestGroupOf(summary).map((s) => s.strategy), ...summary.strategies.filter((s) => s.pareto).map((s) => s.strategy)]);
  const points = rankedStrategies(summary).flatMap((s) => {
    const cost = ciBounds(s.metrics.costPer1kSuccessfulUsd);
    const y = ciBounds(s.metrics[yAxis.metric], yAxis.unit === 'fraction');
    if (!cost || !y) return [];
    return [{ s, cost, y }];
  });
  const costDomain = robustDomain(points.map((p) => p.cost));
  const yDomain = robustDomain(points.map((p) => p.y), yAxis.unit === 'fraction');
  const px = (v: number, [lo, hi]: [number, number], size: number) => (hi > lo ? ((v - lo) / (hi - lo)) * size : size / 2);
  // Strategies that made the same decisions sit on one spot: one label names them all ("cost = hybrid").
  const sameAs = new Map((summary.sameDecisions ?? []).flatMap((set) => set.map((n) => [n, set] as const)));
  const toLabel = points.filter((p) => labelled.has(p.s.strategy) && (sameAs.get(p.s.strategy)?.find((n) => labelled.has(n)) ?? p.s.strategy) === p.s.strategy);
  const textOf = (name: string, pareto: boolean) => `${pareto ? '★ ' : ''}${(sameAs.get(name) ?? [name]).join(' = ')}`;
  const placements = layoutLabels(
    toLabel.map((p) => ({ text: textOf(p.s.strategy, p.s.pareto), xPx: px(p.cost.mean, costDomain, WIDTH_PX), yPx: HEIGHT_PX - px(p.y.mean, yDomain, HEIGHT_PX) })),
    WIDTH_PX,
  );
  const placementOf = new Map(toLabel.map((p, i) => [p.s.strategy, placements[i]]));
  const rows = points.map(({ s, cost, y }) => {
    const place = placementOf.get(s.strategy);
    return {
      strategy: s.strategy,
      rank: s.rank,
      frontier: s.pareto ? ON_FRONTIER : DOMINATED,
      label: place ? textOf(s.strategy, s.pareto) : '',
      labelSlot: place ? `${place.align}:${place.dx}:${place.dy}` : '',
      pointSize: s.pareto ? 220 : 110,
      cost: cost.mean, costLo: cost.lo, costHi: cost.hi,
      y: y.mean, yLo: y.lo, yHi: y.hi,
    };
  });
  const slots = [...new Set(placements.map((p) => `${p.align}:${p.dx}:${p.dy}`))];
  const color = { field: 'strategy', type: 'nominal', scale: strategyColorScale(summary), title: 'strategy', legend: { columns: rows.length > 12 ? 2 : 1 } } as const;
  const x = { field: 'cost', type: 'quantitative', title: 'cost per 1k successful requests (USD)', scale: { domain: costDomain, zero: false, nice: false }, axis: { format: axisFormat(costDomain, 'USD'), tickCount: 8, labelSeparation: 8 } } as const;
  const y = { field: 'y', type: 'quantitative', title: yAxis.title, scale: { domain: yDomain, zero: false, nice: false }, axis: { format: axisFormat(yDomain, yAxis.unit), tickCount: 8 } } as const;
  const tooltipFormat = yAxis.unit === 'fraction' ? '.2%' : yAxis.unit === 'USD' ? '$.3f' : ',.0f';
  return {
    name,
    title,
    spec: {
      $schema: VEGA_LITE_SCHEMA,
      title: {
        text: title,
        subtitle: [
          `Mean over ${replicationsText(summary.replications)}; bars are 95% confidence intervals (cut at the edge when very wide). ${subtitle}`,
          '★ Pareto-optimal (see "How to read this"), joined in cost order by the dashed line; labels on the frontier and the top rank group, tooltips on every point.',
        ],
      },
      width: WIDTH_PX,
      height: HEIGHT_PX,
      data: { values: rows },
      layer: [
        { mark: { type: 'rule', strokeWidth: 1.5, clip: true }, encoding: { x: { ...x, field: 'costLo' }, x2: { field: 'costHi' }, y, color } },
        { mark: { type: 'rule', strokeWidth: 1.5, clip: true }, encoding: { x, y: { ...y, field: 'yLo' }, y2: { field: 'yHi' }, color } },
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
              { field: 'y', type: 'quantitative', format: tooltipFormat, title: yAxis.tooltipTitle },
              { field: 'cost', type: 'quantitative', format: '$.3f', title: 'cost per 1k successful' },
            ],
          },
        },
        // One text layer per label slot: Vega-Lite takes dx/dy/align from the mark, not the data.
        ...slots.map((slot) => {
          const [align, dx, dy] = slot.split(':');
          return {
            transform: [{ filter: `datum.labelSlot === '${slot}'` }],
            mark: { type: 'text' as const, align: align as 'left' | 'right', baseline: 'middle' as const, dx: Number(dx), dy: Number(dy), fontSize: 11, color: '#222222' },
            encoding: { x, y, text: { field: 'label', type: 'nominal' as const } },
          };
        }),
      ],
      config: CHART_CONFIG,
    },
  };
}
