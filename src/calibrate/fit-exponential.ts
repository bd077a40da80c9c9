import { FitError, mean, type FittedDistribution } from './fitted-distribution.js';

/** Exponential MLE: the mean. Zero gaps are allowed (back-to-back incidents), negative ones are not. */
export function fitExponential(xs: readonly number[]): FittedDistribution {
  if (xs.length < 1) throw new FitError('exponential: needs at least 1 observation');
  for (const x of xs) if (!(x >= 0) || !Number.isFinite(x)) throw new FitError(`exponential: every observation must be finite and >= 0 (got ${x})`);
  const m = mean(xs);
  if (!(m > 0)) throw new FitError('exponential: all observations are 0');
  const n = xs.length;
  return {
    family: 'exponential',
    params: { mean: m },
    logLikelihood: -n * Math.log(m) - n,
    paramCount: 1,
    cdf: (x) => (x <= 0 ? 0 : -Math.expm1(-x / m)),
    quantile: (p) => -m * Math.log1p(-p),
    spec: { kind: 'exponential', mean: m },
  };
}

