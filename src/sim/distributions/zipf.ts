import { firstAbove } from '../../core/sorted-search.js';
import type { Rng } from '../../core/ports.js';
import { DistributionError } from './distribution.js';

/** Largest supported n: the CDF table costs 8 bytes per rank. */
export const MAX_ZIPF_N = 50_000_000;

/**
 * Zipf over ranks 0..n−1 with exponent s: P(rank k) ∝ (k + 1)^−s; s = 0 is uniform.
 * Inverse CDF by binary search over a precomputed Float64Array (8n bytes, O(log n) per
 * sample): exactly one uniform per sample and monotone in it, so rank 0 stays the hottest
 * key under common random numbers. n = 1e6 builds in a few milliseconds.
 */
export class ZipfSampler {
  private readonly cdf: Float64Array | undefined;
  private readonly norm: number;

  constructor(readonly n: number, readonly s: number) {
    if (!(Number.isInteger(n) && n >= 1 && n <= MAX_ZIPF_N)) throw new DistributionError(`ZipfSampler: n must be an integer in [1, ${MAX_ZIPF_N}], got ${n}`);
    if (!(Number.isFinite(s) && s >= 0)) throw new DistributionError(`ZipfSampler: s must be finite and >= 0, got ${s}`);
    if (s === 0) {
      this.cdf = undefined;
      this.norm = n;
      return;
    }
    const cdf = new Float64Array(n);
    // Kahan summation: for n = 1e6 the naive running sum drifts in the tail ranks' increments.
    let sum = 0;
    let comp = 0;
    for (let k = 0; k < n; k++) {
      const y = Math.pow(k + 1, -s) - comp;
      const t = sum + y;
      comp = t - sum - y;
      sum = t;
      cdf[k] = sum;
    }
    for (let k = 0; k < n; k++) cdf[k] /= sum;
    cdf[n - 1] = 1;
    this.cdf = cdf;
    this.norm = sum;
  }

  /** A rank in 0..n−1 (0 is the most popular). */
  sample(rng: Rng): number {
    const u = rng.next();
    const cdf = this.cdf;
    if (cdf === undefined) return Math.min(this.n - 1, Math.floor(u * this.n));
    // Smallest k with u < cdf[k]; cdf[n − 1] = 1 > u guarantees one exists (rounding aside: then n − 1).
    return firstAbove(cdf, u, this.n - 1);
  }

  /** The exact probability of a rank. */
  probability(rank: number): number {
    if (!(Number.isInteger(rank) && rank >= 0 && rank < this.n)) return 0;
    return this.s === 0 ? 1 / this.n : Math.pow(rank + 1, -this.s) / this.norm;
  }
}
