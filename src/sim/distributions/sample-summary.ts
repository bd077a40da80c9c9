import type { Rng } from '../../core/ports.js';
import type { Distribution } from './distribution.js';

/** Empirical moments of a sample, for checking samplers against their analytic moments. */
export interface SampleMoments {
  n: number;
  mean: number;
  /** Unbiased (n − 1) sample variance. */
  variance: number;
  /** Fourth central sample moment (divides by n). */
  fourthCentral: number;
}

export function drawSamples(d: Distribution, rng: Rng, n: number): Float64Array {
  const xs = new Float64Array(n);
  for (let i = 0; i < n; i++) xs[i] = d.sample(rng);
  return xs;
}

/** Two-pass moments (stable for large means). */
export function sampleMoments(xs: ArrayLike<number>): SampleMoments {
  const n = xs.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += xs[i];
  const mean = sum / n;
  let m2 = 0;
  let m4 = 0;
  for (let i = 0; i < n; i++) {
    const d2 = (xs[i] - mean) * (xs[i] - mean);
    m2 += d2;
    m4 += d2 * d2;
  }
  return { n, mean, variance: n > 1 ? m2 / (n - 1) : 0, fourthCentral: m4 / n };
}

/** Fraction of values <= x. */
export function fractionAtMost(xs: ArrayLike<number>, x: number): number {
  let c = 0;
  for (let i = 0; i < xs.length; i++) if (xs[i] <= x) c++;
  return c / xs.length;
}

/** Mean, variance and fourth central moment from the raw moments E[X], E[X²], E[X³], E[X⁴]. */
export function centralFromRaw(m1: number, m2: number, m3: number, m4: number): { mean: number; variance: number; fourthCentral: number } {
  return {
    mean: m1,
    variance: m2 - m1 * m1,
    fourthCentral: m4 - 4 * m3 * m1 + 6 * m2 * m1 * m1 - 3 * m1 ** 4,
  };
}

/** Half-width of a z-sigma interval for a sample mean of n draws with the given variance. */
export function meanHalfWidth(variance: number, n: number, z: number): number {
  return z * Math.sqrt(variance / n);
}

/**
 * Half-width of a z-sigma interval for the sample variance: Var(s²) ≈ (μ₄ − σ⁴)/n, valid
 * when the fourth central moment μ₄ is finite.
 */
export function varianceHalfWidth(variance: number, fourthCentral: number, n: number, z: number): number {
  return z * Math.sqrt((fourthCentral - variance * variance) / n);
}

/** Half-width of a z-sigma binomial interval for an observed proportion with true value p. */
export function proportionHalfWidth(p: number, n: number, z: number): number {
  return z * Math.sqrt((p * (1 - p)) / n);
}
