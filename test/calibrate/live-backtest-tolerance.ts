import type { BacktestRow } from '../../src/calibrate/backtest/backtest-table.js';
import type { LoggedRequest } from '../../src/calibrate/logs/logged-request.js';
import { TARGETS } from '../../src/live/compare/live-vs-sim.js';
import { sampleQuantileRange } from '../support/spec-quantile.js';

/**
 * How far a backtest row may be off, judged as `live` judges its agreement table: the
 * live-agreement target (success within 0.5 points, central latency quantiles within 5%, p99
 * within 10%, cost within 1%, shares within 2 points), unless the held-out sample is too small
 * for the target to mean anything — then the 99.9% sampling interval of the difference between
 * two independent samples of that size (√2 × one sample's half-width): for a proportion its
 * binomial standard error, for a quantile the order statistics a binomial rank interval spans,
 * for total cost the per-request costs' standard deviation × √n. Latency and TTFT rows also
 * allow the spread of the emulation's distortion (its 1st to 99th percentile, scenario ms): the
 * fitted latencies absorbed the distortion of the fitting part, the held-out part has its own,
 * and on a loaded machine the two differ. Returns the allowed |sim − obs|.
 */
/** 99.9% per row: about 1% for a table of ten rows (Bonferroni), so the table fails by chance in ~1 run in 100 at most. */
const Z = 3.29;

function quantileHalfWidth(sorted: readonly number[], p: number): number {
  const [lo, hi] = sampleQuantileRange(sorted, p, Z);
  return (hi - lo) / 2;
}

export function liveBacktestTolerance(row: BacktestRow, held: readonly LoggedRequest[], distortionSpreadMs: number): number {
  const ok = held.filter((r) => r.ok);
  const proportion = (p: number, n: number) => Math.SQRT2 * Z * Math.sqrt((p * (1 - p)) / n);
  const quantile = /^(latency|TTFT) p(\d+) ms$/.exec(row.metric);
  if (row.metric === 'requests') return row.tolerance * row.observed;
  if (row.metric === 'success rate') return Math.max(TARGETS.successPoints / 100, proportion(row.observed, held.length));
  if (row.metric.startsWith('share ')) return Math.max(TARGETS.sharePoints / 100, proportion(row.observed, ok.length));
  if (row.metric === 'cost USD') {
    const mean = row.observed / held.length;
    const sd = Math.sqrt(held.reduce((t, r) => t + (r.costUsd - mean) ** 2, 0) / held.length);
    return Math.max((TARGETS.costPercent / 100) * row.observed, Math.SQRT2 * Z * sd * Math.sqrt(held.length));
  }
  if (quantile !== null) {
    const p = Number(quantile[2]) / 100;
    const values = ok.map((r) => (quantile[1] === 'latency' ? r.latencyMs : r.ttftMs)).filter((x): x is number => x !== null).sort((a, b) => a - b);
    const target = (p >= 0.99 ? TARGETS.percentP99 : TARGETS.percentCentral) / 100;
    return Math.max(target * row.observed, Math.SQRT2 * quantileHalfWidth(values, p)) + distortionSpreadMs;
  }
  throw new Error(`no tolerance for backtest row '${row.metric}'`);
}
