import type { Rng } from '../../core/ports.js';
import { scaledWeights } from '../../core/weight-scale.js';
import { DistributionError, formatParam, requireNonNegative, requireProbability, type Distribution } from './distribution.js';

/**
 * Resamples observed values uniformly (the empirical distribution of `samples`). One uniform
 * per sample, monotone: it indexes the sorted copy. `variance` is the population variance of
 * the samples (the variance of what `sample` returns).
 */
export class EmpiricalDistribution implements Distribution {
  readonly mean: number;
  readonly variance: number;
  private readonly sorted: Float64Array;

  constructor(samples: readonly number[]) {
    if (samples.length === 0) throw new DistributionError('empirical: samples must not be empty');
    for (const x of samples) requireNonNegative('empirical', 'sample', x);
    this.sorted = Float64Array.from(samples).sort();
    const n = samples.length;
    let sum = 0;
    for (const x of samples) sum += x;
    const mean = sum / n;
    let ss = 0;
    for (const x of samples) ss += (x - mean) * (x - mean);
    this.mean = mean;
    this.variance = ss / n;
  }

  sample(rng: Rng): number {
    const n = this.sorted.length;
    return this.sorted[Math.min(n - 1, Math.floor(rng.next() * n))];
  }

  /** Generalised inverse of the empirical CDF: the smallest sample x with F(x) >= p. */
  quantile(p: number): number {
    requireProbability(p);
    const n = this.sorted.length;
    return this.sorted[Math.max(0, Math.ceil(p * n) - 1)];
  }

  describe(): string {
    return `empirical(${this.sorted.length} samples, mean=${formatParam(this.mean)})`;
  }
}

export interface HistogramBin {
  lo: number;
  hi: number;
  weight: number;
}

/**
 * Picks a bin with probability proportional to its weight, then a uniform point in [lo, hi).
 * Implemented as the inverse CDF of that piecewise-uniform density (bins sorted by lo), so
 * it takes one uniform per sample. Zero-weight bins are dropped. `quantile` exists only when
 * the bins do not overlap (otherwise the inverse CDF is not piecewise per bin).
 */
export class HistogramDistribution implements Distribution {
  readonly mean: number;
  readonly variance: number;
  readonly quantile?: (p: number) => number;
  private readonly lo: Float64Array;
  private readonly width: Float64Array;
  /** cumulative[i] = P(bin <= i); the last entry is exactly 1. */
  private readonly cumulative: Float64Array;

  constructor(bins: readonly HistogramBin[]) {
    for (const b of bins) {
      requireNonNegative('histogram', 'lo', b.lo);
      requireNonNegative('histogram', 'hi', b.hi);
      requireNonNegative('histogram', 'weight', b.weight);
      if (b.hi < b.lo) throw new DistributionError(`histogram: bin hi (${b.hi}) must be >= lo (${b.lo})`);
    }
    const kept = bins.filter((b) => b.weight > 0).sort((x, y) => x.lo - y.lo || x.hi - y.hi);
    if (kept.length === 0) throw new DistributionError('histogram: weights must not all be 0');
    const n = kept.length;
    // Huge weights (1e308) would overflow the total: scaled exactly by a power of two first.
    const weights = scaledWeights(kept.map((b) => b.weight));
    let total = 0;
    for (const w of weights) total += w;
    this.lo = Float64Array.from(kept, (b) => b.lo);
    this.width = Float64Array.from(kept, (b) => b.hi - b.lo);
    this.cumulative = new Float64Array(n);
    let acc = 0;
    let mean = 0;
    for (let i = 0; i < n; i++) {
      const w = weights[i] / total;
      acc += w;
      this.cumulative[i] = acc;
      mean += w * (kept[i].lo + kept[i].hi) / 2;
    }
    this.cumulative[n - 1] = 1;
    // Law of total variance: within-bin (width²/12) plus between-bin (midpoint spread).
    let variance = 0;
    kept.forEach((b, i) => {
      const mid = (b.lo + b.hi) / 2;
      variance += (weights[i] / total) * ((b.hi - b.lo) ** 2 / 12 + (mid - mean) ** 2);
    });
    this.mean = mean;
    this.variance = variance;
    let disjoint = true;
    for (let i = 1; i < n; i++) if (kept[i].lo < kept[i - 1].hi) disjoint = false;
    if (disjoint) {
      this.quantile = (p: number) => {
        requireProbability(p);
        return this.atCumulative(p, true);
      };
    }
  }

  sample(rng: Rng): number {
    return this.atCumulative(rng.next(), false);
  }

  describe(): string {
    return `histogram(${this.lo.length} bins, mean=${formatParam(this.mean)})`;
  }

  /**
   * The point where the cumulative mass reaches u. `atBinEnd` resolves u exactly on a bin
   * boundary to the end of the earlier bin (the generalised inverse inf{x : F(x) >= u}, what
   * `quantile` promises); sampling resolves it to the start of the next (measure zero).
   */
  private atCumulative(u: number, atBinEnd: boolean): number {
    const cum = this.cumulative;
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (u < cum[mid] || (atBinEnd && u === cum[mid])) hi = mid;
      else lo = mid + 1;
    }
    const start = lo === 0 ? 0 : cum[lo - 1];
    const mass = cum[lo] - start;
    const within = mass > 0 ? Math.min(1, Math.max(0, (u - start) / mass)) : 0;
    return this.lo[lo] + within * this.width[lo];
  }
}
