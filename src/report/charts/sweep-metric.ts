/**
 * Chart 7: one metric across a sweep grid. Two or more axes: a heatmap per strategy
 * (x = first axis, y = the other axes' combination, colour = mean); one axis: a line per
 * strategy with its 95% CI band.
 */
import type { MetricName, SweepSummary } from '../../lab/compare-summary.js';
import { METRICS } from '../../lab/compare-summary.js';
import { CHART_CONFIG, VEGA_LITE_SCHEMA } from '../chart-theme.js';
import { isFiniteNumber, replicationsText } from '../format.js';
import { categoryScale, compareText } from '../strategy-order.js';
import type { Chart } from './chart.js';
import { ciBounds } from './ci-bounds.js';
import { maxOf, minOf } from '../../core/bulk-array.js';

export interface SweepMetricDef {
  readonly metric: MetricName;
  readonly name: string;
  readonly title: string;
  readonly axisTitle: string;
  /** Short title for the heatmap colour legend. */
  readonly legendTitle: string;
  /** d3-format for axis labels and cell text. */
  readonly format: string;
}

export const SWEEP_METRICS: readonly SweepMetricDef[] = [
  { metric: 'uptime', name: 'sweep-uptime', title: 'Uptime across the sweep', axisTitle: 'uptime (share of minutes meeting the SLO)', legendTitle: 'uptime', format: '.1%' },
  { metric: 'costPer1kSuccessfulUsd', name: 'sweep-cost-per-1k', title: 'Cost per 1k successful requests across the sweep', axisTitle: 'cost per 1k successful requests (USD)', legendTitle: 'cost per 1k successful (USD)', format: '$.3r' },
  { metric: 'latencyP99Ms', name: 'sweep-p99', title: 'p99 latency across the sweep', axisTitle: 'p99 latency (ms)', legendTitle: 'p99 latency (ms)', format: ',.0f' },
];

/** Strategies in first-seen order: the lab's order, stable across metrics. */
export function sweepStrategies(summary: SweepSummary): string[] {
  return [...new Set(summary.points.map((p) => p.strategy))];
}

/** A grid point's setting as charts and tables show it; '—' when the point does not set it. */
export function settingText(v: number | string | boolean | undefined): string {
  return v === undefined ? '—' : String(v);
}

/**
 * Last two segments of a config path, for axis titles short enough not to stretch a facet:
 * "providers[0].incidents[0].durationS" → "incidents[0].durationS".
 */
export function shortAxisName(path: string): string {
  const parts = path.split('.');
  return parts.length <= 2 ? path : parts.slice(-2).join('.');
}

function axesSubtitle(summary: SweepSummary): string {
  const [xAxis, ...rest] = summary.axes;
  if (!xAxis) return '';
  return rest.length === 0 ? `x: ${xAxis.path}` : `x: ${xAxis.path}; y: ${rest.map((a) => a.path).join(' × ')}`;
}

export function sweepMetricChart(summary: SweepSummary, def: SweepMetricDef): Chart {
  return summary.axes.length >= 2 ? heatmap(summary, def) : lineChart(summary, def);
}

function heatmap(summary: SweepSummary, def: SweepMetricDef): Chart {
  const [xAxis, ...rest] = summary.axes;
  const yLabel = (settings: Record<string, number | string | boolean>) =>
    rest.map((a) => (rest.length > 1 ? `${shortAxisName(a.path)}=${settingText(settings[a.path])}` : settingText(settings[a.path]))).join(', ');
  const rows = summary.points.flatMap((p) => {
    const b = ciBounds(p.metrics[def.metric]);
    if (!b) return [];
    return [{ strategy: p.strategy, x: settingText(p.settings[xAxis.path]), y: yLabel(p.settings), mean: b.mean, lo: b.lo, hi: b.hi }];
  });
  const yDomain = gridLabels(rest.map((a) => a.values.map(settingText)), rest.length > 1 ? rest.map((a) => shortAxisName(a.path)) : undefined);
  const means = rows.map((r) => r.mean);
  const lo = minOf(means);
  const hi = maxOf(means);
  // Good is always the bright (yellow) end of viridis, so "brighter is better" holds for every metric.
  const reverse = METRICS[def.metric].better === 'lower';
  const mid = (lo + hi) / 2;
  const darkCell = reverse ? `datum.mean > ${mid}` : `datum.mean < ${mid}`;
  const strategies = sweepStrategies(summary);
  const xValues = xAxis.values.map(settingText);
  const cellHeightPx = Math.max(80, 30 * yDomain.length);
  return {
    name: def.name,
    title: def.title,
    spec: {
      $schema: VEGA_LITE_SCHEMA,
      title: { text: def.title, subtitle: [`Mean over ${replicationsText(summary.replications)} per grid point; brighter is better.`, axesSubtitle(summary)] },
      data: { values: rows },
      facet: { field: 'strategy', type: 'nominal', sort: strategies, title: null },
      columns: Math.min(3, strategies.length),
      spec: {
        width: Math.max(150, 56 * xValues.length),
        height: cellHeightPx,
        encoding: {
          x: { field: 'x', type: 'ordinal', sort: xValues, title: shortAxisName(xAxis.path), axis: { labelAngle: 0 } },
          y: { field: 'y', type: 'ordinal', sort: yDomain, title: rest.length === 1 ? shortAxisName(rest[0].path) : null },
        },
        layer: [
          {
            mark: { type: 'rect', stroke: 'white', strokeWidth: 1 },
            encoding: {
              color: {
                field: 'mean', type: 'quantitative', title: def.legendTitle,
                scale: { scheme: 'viridis', reverse, ...(isFiniteNumber(lo) && lo === hi ? { domain: [lo - 1e-9, hi + 1e-9] } : {}) },
                legend: { format: def.format, orient: 'right', gradientLength: Math.min(200, cellHeightPx), titleLimit: 400 },
              },
              tooltip: [
                { field: 'strategy', type: 'nominal' },
                { field: 'x', type: 'ordinal', title: xAxis.path },
                { field: 'y', type: 'ordinal', title: rest.map((a) => a.path).join(' × ') },
                { field: 'mean', type: 'quantitative', format: def.format },
                { field: 'lo', type: 'quantitative', format: def.format, title: '95% CI low' },
                { field: 'hi', type: 'quantitative', format: def.format, title: '95% CI high' },
              ],
            },
          },
          {
            mark: { type: 'text', fontSize: 10 },
            encoding: {
              text: { field: 'mean', type: 'quantitative', format: def.format },
              color: { condition: { test: darkCell, value: 'white' }, value: '#111111' },
            },
          },
        ],
      },
      config: CHART_CONFIG,
    },
  };
}

/** Every combination of the given axis values, first axis slowest, as y labels. */
function gridLabels(valueLists: readonly string[][], names: readonly string[] | undefined): string[] {
  let combos: string[][] = [[]];
  for (const values of valueLists) combos = combos.flatMap((c) => values.map((v) => [...c, v]));
  return combos.map((c) => c.map((v, i) => (names ? `${names[i]}=${v}` : v)).join(', '));
}

function lineChart(summary: SweepSummary, def: SweepMetricDef): Chart {
  const axis = summary.axes[0];
  const numeric = axis !== undefined && axis.values.every((v) => typeof v === 'number');
  const rows = summary.points.flatMap((p) => {
    const b = ciBounds(p.metrics[def.metric]);
    if (!b) return [];
    const raw = axis ? p.settings[axis.path] : undefined;
    return [{ strategy: p.strategy, x: numeric ? raw : settingText(raw), mean: b.mean, lo: b.lo, hi: b.hi }];
  }).sort((a, b) => compareText(a.strategy, b.strategy));
  const strategies = sweepStrategies(summary);
  const xTitle = axis ? shortAxisName(axis.path) : 'grid point';
  const x = numeric
    ? { field: 'x', type: 'quantitative', title: xTitle, scale: { zero: false } } as const
    : { field: 'x', type: 'ordinal', title: xTitle, sort: (axis?.values ?? []).map(settingText), axis: { labelAngle: 0 } } as const;
  // Band and line share one legend; solid symbols so it does not take the band's pale fill.
  const color = {
    field: 'strategy', type: 'nominal', title: 'strategy', scale: categoryScale(strategies),
    legend: { symbolType: 'circle', symbolOpacity: 1 },
  } as const;
  const y = { field: 'mean', type: 'quantitative', title: def.axisTitle, scale: { zero: false }, axis: { format: def.format } } as const;
  return {
    name: def.name,
    title: def.title,
    spec: {
      $schema: VEGA_LITE_SCHEMA,
      title: { text: def.title, subtitle: [`Mean over ${replicationsText(summary.replications)} per grid point; bands are 95% confidence intervals.`, axesSubtitle(summary)] },
      width: 560,
      height: 300,
      data: { values: rows },
      layer: [
        {
          mark: { type: 'area', opacity: 0.18 },
          encoding: { x, y: { field: 'lo', type: 'quantitative', title: def.axisTitle }, y2: { field: 'hi' }, color },
        },
        {
          mark: { type: 'line', point: { filled: true, size: 40 } },
          encoding: {
            x, y, color,
            tooltip: [
              { field: 'strategy', type: 'nominal' },
              { field: 'x', type: numeric ? 'quantitative' : 'ordinal', title: xTitle },
              { field: 'mean', type: 'quantitative', format: def.format },
              { field: 'lo', type: 'quantitative', format: def.format, title: '95% CI low' },
              { field: 'hi', type: 'quantitative', format: def.format, title: '95% CI high' },
            ],
          },
        },
      ],
      config: CHART_CONFIG,
    },
  };
}
