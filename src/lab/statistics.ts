import type { MetricCi, PairedDiff } from './compare-summary.js';
import { studentTQuantile } from './student-t.js';

/**
 * Replication statistics: Student-t intervals of a mean and of paired (common random numbers)
 * differences. Replications are few (3–30), so the t quantile matters: 2.78 at n = 5, not 1.96.
 */

export { studentTCdf, studentTQuantile } from './student-t.js';
export { dominates, paretoFront, rankLexicographic, type Better } from './pareto.js';

/** Two-sided critical value: t such that P(|T| ≤ t) = level. */
export function tCritical(level: number, df: number): number {
  if (!(level > 0 && level < 1)) throw new RangeError(`confidence level must be in (0, 1) (got ${level})`);
  return studentTQuantile(1 - (1 - level) / 2, df);
}

/**
 * Mean and two-sided Student-t interval over the finite values (NaN and ±Infinity are skipped;
 * n counts the rest). n = 1 → lo = hi = mean; n = 0 → all NaN.
 */
export function meanCi(values: readonly number[], level = 0.95): MetricCi {
  const xs = values.filter((v) => Number.isFinite(v));
  const n = xs.length;
  if (n === 0) return { mean: NaN, lo: NaN, hi: NaN, n: 0 };
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (const x of xs) {
    sum += x;
    if (x < min) min = x;
    if (x > max) max = x;
  }
  // Identical values: report them exactly (sum / n can be one ulp off, and sd would be noise).
  if (min === max) return { mean: min, lo: min, hi: min, n };
  const mean = Math.min(max, Math.max(min, sum / n));
  if (n < 2) return { mean, lo: mean, hi: mean, n };
  let ss = 0;
  for (const x of xs) ss += (x - mean) * (x - mean);
  const half = (tCritical(level, n - 1) * Math.sqrt(ss / (n - 1))) / Math.sqrt(n);
  return { mean, lo: mean - half, hi: mean + half, n };
}

/** Paired difference a − b, replication by replication; pairs with a non-finite side are skipped. */
export function pairedDiff(a: readonly number[], b: readonly number[], level = 0.95): PairedDiff & { readonly n: number } {
  if (a.length !== b.length) throw new RangeError(`paired samples differ in length (${a.length} vs ${b.length})`);
  const diffs: number[] = [];
  for (let i = 0; i < a.length; i++) {
    if (Number.isFinite(a[i]) && Number.isFinite(b[i])) diffs.push(a[i] - b[i]);
  }
  const ci = meanCi(diffs, level);
  const significant = ci.n >= 2 && (ci.lo > 0 || ci.hi < 0);
  return { mean: ci.mean, lo: ci.lo, hi: ci.hi, significant, n: ci.n };
}
