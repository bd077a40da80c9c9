import type { DistributionSpec } from '../sim/distributions/spec.js';

/** A distribution family fitted to a sample by maximum likelihood. */
export type FamilyName = 'lognormal' | 'gamma' | 'weibull' | 'exponential';

export interface FittedDistribution {
  readonly family: FamilyName;
  /** The MLE parameters, named as in the scenario spec (mu/sigma, shape/scale, mean). */
  readonly params: Readonly<Record<string, number>>;
  /** Log-likelihood of the sample at the MLE (for AIC). */
  readonly logLikelihood: number;
  /** Number of free parameters (for AIC). */
  readonly paramCount: number;
  cdf(x: number): number;
  quantile(p: number): number;
  /** The scenario distribution with these exact parameters. */
  readonly spec: DistributionSpec;
}

/** The sample cannot be fitted by this family (too few points, non-positive values, no spread). */
export class FitError extends Error {
  override readonly name = 'FitError';
}

/** Checks a sample for the positive-support families and returns Σ ln x. */
export function requirePositiveSample(family: FamilyName, xs: readonly number[], minN = 2): number {
  if (xs.length < minN) throw new FitError(`${family}: needs at least ${minN} observations, got ${xs.length}`);
  let sumLog = 0;
  for (const x of xs) {
    if (!(x > 0) || !Number.isFinite(x)) throw new FitError(`${family}: every observation must be finite and > 0 (got ${x})`);
    sumLog += Math.log(x);
  }
  return sumLog;
}

export function mean(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

/** Finds p ↦ x with cdf(x) = p by bracketing then bisection (for families without a closed-form quantile). */
export function invertCdf(cdf: (x: number) => number, p: number, guess: number): number {
  if (p <= 0) return 0;
  if (p >= 1) return Infinity;
  let lo = 0;
  let hi = Math.max(guess, Number.MIN_VALUE);
  while (cdf(hi) < p) {
    lo = hi;
    hi *= 2;
    if (!Number.isFinite(hi)) return Infinity;
  }
  for (let i = 0; i < 200 && hi - lo > 1e-15 * hi; i++) {
    const mid = 0.5 * (lo + hi);
    if (cdf(mid) < p) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}
