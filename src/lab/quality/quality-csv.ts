import { toCsv } from '../csv.js';
import type { QualitySweepSummary } from './quality-summary.js';

/** points.csv: one row per noise level × threshold, every value's mean and 95% interval. */
export function qualityPointsCsv(summary: QualitySweepSummary): string {
  const metrics = ['strongCallRate', 'score', 'pgr', 'costPer1kSuccessfulUsd', 'successRate'] as const;
  const rows = summary.curves.flatMap((c) =>
    c.points.map((p) => [c.noise, p.threshold, ...metrics.flatMap((m) => [p[m].mean, p[m].lo, p[m].hi])]));
  return toCsv(['noise', 'threshold', ...metrics.flatMap((m) => [`${m}_mean`, `${m}_lo`, `${m}_hi`])], rows);
}
