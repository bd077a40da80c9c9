import type { CompareSummary, SweepSummary } from './compare-summary.js';
import { metricNames } from './metric-values.js';

/** CSV (RFC 4180 quoting, '\n' line ends); non-finite numbers are empty cells. */
export function csvCell(v: unknown): string {
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (v === undefined || v === null) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(headers: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return [headers, ...rows].map((r) => r.map(csvCell).join(',')).join('\n') + '\n';
}

function metricHeaders(): string[] {
  return metricNames().flatMap((m) => [`${m}_mean`, `${m}_lo`, `${m}_hi`]);
}

/** One row per strategy: rank, Pareto flag, then every metric's mean and 95% interval. */
export function strategiesCsv(summary: CompareSummary): string {
  const rows = summary.strategies.map((s) => [
    s.strategy,
    s.rank,
    s.pareto,
    s.strategy === summary.baseline,
    ...metricNames().flatMap((m) => [s.metrics[m].mean, s.metrics[m].lo, s.metrics[m].hi]),
  ]);
  return toCsv(['strategy', 'rank', 'pareto', 'baseline', ...metricHeaders()], rows);
}

/** Replication 1's time series of every strategy, long format. */
export function timeseriesCsv(summary: CompareSummary): string {
  const rows = summary.strategies.flatMap((s) =>
    s.sample.timeseries.map((b) => [s.strategy, b.tS, b.arrivals, b.successes, b.failures, b.meanLatencyMs, b.latencyP50Ms ?? NaN, b.latencyP99Ms ?? NaN, b.costUsd]),
  );
  return toCsv(['strategy', 'tS', 'arrivals', 'successes', 'failures', 'meanLatencyMs', 'latencyP50Ms', 'latencyP99Ms', 'costUsd'], rows);
}

/** One row per grid point × strategy: the settings, then every metric's mean and interval. */
export function sweepPointsCsv(summary: SweepSummary): string {
  const paths = summary.axes.map((a) => a.path);
  const rows = summary.points.map((p) => [
    ...paths.map((path) => p.settings[path]),
    p.strategy,
    ...metricNames().flatMap((m) => [p.metrics[m].mean, p.metrics[m].lo, p.metrics[m].hi]),
  ]);
  return toCsv([...paths, 'strategy', ...metricHeaders()], rows);
}
