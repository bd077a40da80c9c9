/**
 * Chart 2: the trade-off between cost and latency, with latency over all requests (a failure
 * counted at its cost): a strategy cannot move down this chart by failing.
 */
import type { CompareSummary } from '../../lab/compare-summary.js';
import type { Chart } from './chart.js';
import { tradeoffChart } from './tradeoff-chart.js';

export function costVsLatencyChart(summary: CompareSummary): Chart {
  return tradeoffChart(summary, 'cost-vs-latency', 'Cost vs p99 latency (failures counted)', {
    metric: 'latencyAllP99Ms', title: 'p99 latency over all requests, failures at their cost (ms)', unit: 'ms', higherIsBetter: false, tooltipTitle: 'p99 latency, all requests (ms)',
  }, 'Down and left is better.');
}
