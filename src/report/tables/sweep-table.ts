/** Every sweep grid point × strategy with the headline metrics (mean ± 95% CI half-width). */
import type { MetricName, SweepSummary } from '../../lab/compare-summary.js';
import { settingText, sweepStrategies } from '../charts/sweep-metric.js';
import { ciParts } from '../format.js';
import type { Table } from './table.js';
import { cell, ciCell, nameColumn, right } from './table.js';

const METRIC_COLUMNS: readonly { metric: MetricName; label: string }[] = [
  { metric: 'uptime', label: 'Uptime' },
  { metric: 'successRate', label: 'Success rate' },
  { metric: 'costPer1kSuccessfulUsd', label: 'Cost / 1k successful' },
  { metric: 'latencyP99Ms', label: 'p99 latency' },
];

export function sweepTable(summary: SweepSummary): Table {
  const order = sweepStrategies(summary);
  // Stable: grid order as the lab wrote it, grouped by strategy.
  const points = summary.points.map((p, i) => ({ p, i }))
    .sort((a, b) => order.indexOf(a.p.strategy) - order.indexOf(b.p.strategy) || a.i - b.i)
    .map(({ p }) => p);
  return {
    columns: [nameColumn('Strategy'), ...summary.axes.map((a) => right(a.path)), ...METRIC_COLUMNS.map((c) => right(c.label))],
    rows: points.map((p) => [
      cell(p.strategy),
      ...summary.axes.map((a) => cell(settingText(p.settings[a.path]))),
      ...METRIC_COLUMNS.map((c) => ciCell(ciParts(c.metric, p.metrics[c.metric]))),
    ]),
  };
}
