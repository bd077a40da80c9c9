import type { DistributionSpec } from '../sim/distributions/spec.js';

/** Quantile of a sorted sample with linear interpolation between order statistics (R type 7). */
export function sortedQuantile(sorted: readonly number[], p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

export interface SampleSummary {
  readonly n: number;
  readonly mean: number;
  readonly min: number;
  readonly median: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
}

/** Count, mean and quantiles of a sample in ascending order. */
export function summarizeSorted(s: readonly number[]): SampleSummary {
  let sum = 0;
  for (const x of s) sum += x;
  return { n: s.length, mean: sum / s.length, min: s[0], median: sortedQuantile(s, 0.5), p90: sortedQuantile(s, 0.9), p99: sortedQuantile(s, 0.99), max: s[s.length - 1] };
}

/** Rounds to `digits` significant digits (for YAML a person will read). */
export function roundSignificant(x: number, digits = 4): number {
  return x === 0 || !Number.isFinite(x) ? x : Number(x.toPrecision(digits));
}

/**
 * A sample (in ascending order) as an empirical distribution: every value when there are at
 * most `maxPoints`, else `maxPoints` evenly spaced quantiles (mid-point plotting positions), so
 * the YAML stays readable for a million-row input while keeping the shape, tails included.
 */
export function empiricalSpecFromSorted(s: readonly number[], maxPoints = 200): DistributionSpec {
  const points = s.length <= maxPoints ? s : Array.from({ length: maxPoints }, (_, i) => sortedQuantile(s, (i + 0.5) / maxPoints));
  return { kind: 'empirical', samples: points.map((x) => roundSignificant(x)) };
}
