import { normalCdf, normalQuantile } from '../sim/distributions/special-functions.js';
import { FitError, requirePositiveSample, type FittedDistribution } from './fitted-distribution.js';

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/** Lognormal MLE in closed form: μ = mean of ln x, σ² = mean of (ln x − μ)² (the n-divisor MLE). */
export function fitLognormal(xs: readonly number[]): FittedDistribution {
  const sumLog = requirePositiveSample('lognormal', xs);
  const n = xs.length;
  const mu = sumLog / n;
  let ss = 0;
  for (const x of xs) ss += (Math.log(x) - mu) ** 2;
  const sigma = Math.sqrt(ss / n);
  if (!(sigma > 0)) throw new FitError('lognormal: all observations are equal (sigma = 0)');
  const logLikelihood = -sumLog - n * Math.log(sigma) - n * HALF_LOG_2PI - ss / (2 * sigma * sigma);
  return {
    family: 'lognormal',
    params: { mu, sigma },
    logLikelihood,
    paramCount: 2,
    cdf: (x) => (x <= 0 ? 0 : normalCdf((Math.log(x) - mu) / sigma)),
    quantile: (p) => Math.exp(mu + sigma * normalQuantile(p)),
    spec: { kind: 'lognormal', mu, sigma },
  };
}
