/** The charts a summary gets, in report order. */
import type { CompareSummary, SweepSummary } from '../../lab/compare-summary.js';
import type { Chart } from './chart.js';
import { costPer1kChart } from './cost-per-1k.js';
import { costVsLatencyChart } from './cost-vs-latency.js';
import { costVsUptimeChart } from './cost-vs-uptime.js';
import { healthTimelineChart } from './health-timeline.js';
import { latencyCdfChart } from './latency-cdf.js';
import { successOverTimeChart } from './success-over-time.js';
import { SWEEP_METRICS, sweepMetricChart } from './sweep-metric.js';
import { trafficShareChart } from './traffic-share.js';

export function compareCharts(summary: CompareSummary): Chart[] {
  if (summary.strategies.length === 0) return [];
  return [
    costVsUptimeChart(summary),
    costVsLatencyChart(summary),
    costPer1kChart(summary),
    latencyCdfChart(summary),
    successOverTimeChart(summary),
    trafficShareChart(summary),
    healthTimelineChart(summary),
  ];
}

export function sweepCharts(summary: SweepSummary): Chart[] {
  if (summary.points.length === 0) return [];
  return SWEEP_METRICS.map((def) => sweepMetricChart(summary, def));
}

export function chartsFor(summary: CompareSummary | SweepSummary): Chart[] {
  return summary.kind === 'sweep' ? sweepCharts(summary) : compareCharts(summary);
}
