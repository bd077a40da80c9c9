import type { DistributionSpec } from '../sim/distributions/spec.js';
import { fitExponential } from './fit-exponential.js';
import { fitGamma } from './fit-gamma.js';
import { fitLognormal } from './fit-lognormal.js';
import { fitWeibull } from './fit-weibull.js';
import { FitError, type FamilyName, type FittedDistribution } from './fitted-distribution.js';
import { ksTestSorted, type KsResult } from './ks-test.js';
import { empiricalSpecFromSorted, summarizeSorted, type SampleSummary } from './sample-quantiles.js';

/**
 * Fits every candidate family to one sample, scores each with the KS statistic (and AIC),
 * and recommends the one with the smallest KS distance — or the empirical distribution when
 * even the best parametric fit is rejected at `rejectBelowP`.
 */

/** Fewer usable values than this and a metric is not fitted (`fit latency`, `fit outages`). */
export const MIN_FIT_SAMPLES = 3;

/** One maximum-likelihood fitter per family (also used to bootstrap parameter intervals). */
export const FITTERS: Readonly<Record<FamilyName, (xs: readonly number[]) => FittedDistribution>> = {
  lognormal: fitLognormal,
  gamma: fitGamma,
  weibull: fitWeibull,
  exponential: fitExponential,
};

export interface CandidateResult {
  readonly family: FamilyName;
  readonly fit?: FittedDistribution;
  readonly ks?: KsResult;
  /** Akaike information criterion, 2p − 2ℓ (lower is better). */
  readonly aic?: number;
  /** Why the family could not be fitted. */
  readonly error?: string;
}

export interface SampleFit {
  readonly summary: SampleSummary;
  /** Fitted candidates by increasing KS distance, then the failed ones. */
  readonly candidates: readonly CandidateResult[];
  readonly best?: CandidateResult;
  readonly recommended: 'parametric' | 'empirical';
  /** The distribution to put in a scenario (the best fit, or the empirical one). */
  readonly spec: DistributionSpec;
  readonly empirical: DistributionSpec;
  /** The fitted sample in ascending order (for Q–Q charts); not part of the JSON output. */
  readonly sorted: readonly number[];
}

export interface FitOptions {
  readonly families?: readonly FamilyName[];
  /** Recommend the empirical distribution when the best fit's KS p-value is below this. */
  readonly rejectBelowP?: number;
  readonly empiricalPoints?: number;
}

export function fitSample(xs: readonly number[], opts: FitOptions = {}): SampleFit {
  if (xs.length === 0) throw new FitError('no observations to fit');
  const families = opts.families ?? ['lognormal', 'gamma', 'weibull'];
  // Sorted once for the KS test (every family), the summary, the empirical spec and Q–Q charts.
  const sorted = [...xs].sort((a, b) => a - b);
  const candidates: CandidateResult[] = families.map((family) => {
    try {
      const fit = FITTERS[family](xs);
      return { family, fit, ks: ksTestSorted(sorted, fit.cdf), aic: 2 * fit.paramCount - 2 * fit.logLikelihood };
    } catch (e) {
      if (e instanceof FitError) return { family, error: e.message };
      throw e;
    }
  });
  candidates.sort((a, b) => (a.ks?.d ?? Infinity) - (b.ks?.d ?? Infinity));
  const best = candidates[0].ks !== undefined ? candidates[0] : undefined;
  const empirical = empiricalSpecFromSorted(sorted, opts.empiricalPoints);
  const parametric = best !== undefined && best.ks!.pValue >= (opts.rejectBelowP ?? 0.01);
  return {
    summary: summarizeSorted(sorted),
    candidates,
    best,
    recommended: parametric ? 'parametric' : 'empirical',
    spec: parametric ? best.fit!.spec : empirical,
    empirical,
    sorted,
  };
}
