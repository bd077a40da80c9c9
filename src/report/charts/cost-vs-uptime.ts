/** Chart 1: the trade-off between cost and availability (see tradeoff-chart.ts). */
import type { CompareSummary } from '../../lab/compare-summary.js';
import type { Chart } from './chart.js';
import { tradeoffChart } from './tradeoff-chart.js';

export function costVsUptimeChart(summary: CompareSummary): Chart {
  return tradeoffChart(summary, 'cost-vs-uptime', 'Cost vs uptime', {
    metric: 'uptime', title: 'uptime (share of minutes meeting the SLO)', unit: 'fraction', higherIsBetter: true, tooltipTitle: 'uptime',
  }, 'Up and left is better.');
}
