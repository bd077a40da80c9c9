import { FitError, requirePositiveSample, type FittedDistribution } from './fitted-distribution.js';

/**
 * Weibull MLE. With c = ln x − mean(ln x), the shape k solves
 *   h(k) = Σ c e^{kc} / Σ e^{kc} − 1/k = 0,
 * (the profile-likelihood equation, centred so x^k never overflows). h is strictly
 * increasing — h'(k) = Var_w(c) + 1/k² with weights ∝ e^{kc} — from −∞ to max c > 0, so the
 * root is unique: Newton steps, falling back to bisection inside a maintained bracket.
 * Then ln λ = mean(ln x) + (1/k) ln mean(e^{kc}).
 */
function weightedMoments(c: readonly number[], k: number): { mean: number; variance: number; logMeanExp: number } {
  let max = -Infinity;
  for (const v of c) max = Math.max(max, k * v);
  let w = 0, s1 = 0, s2 = 0;
  for (const v of c) {
    const e = Math.exp(k * v - max);
    w += e;
    s1 += e * v;
    s2 += e * v * v;
  }
  const m = s1 / w;
  return { mean: m, variance: Math.max(0, s2 / w - m * m), logMeanExp: max + Math.log(w / c.length) };
}

function solveWeibullShape(centredLogs: readonly number[]): number {
  const h = (k: number) => weightedMoments(centredLogs, k).mean - 1 / k;
  let lo = 1e-3, hi = 1;
  while (h(lo) > 0) lo /= 2;
  while (h(hi) < 0) {
    hi *= 2;
    if (hi > 1e6) throw new FitError('weibull: the shape diverges (observations nearly equal)');
  }
  let k = 0.5 * (lo + hi);
  for (let i = 0; i < 200; i++) {
    const { mean, variance } = weightedMoments(centredLogs, k);
    const f = mean - 1 / k;
    if (f > 0) hi = k;
    else lo = k;
    let next = k - f / (variance + 1 / (k * k));
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    if (Math.abs(next - k) <= 1e-14 * k || hi - lo <= 1e-14 * hi) return next;
    k = next;
  }
  return k;
}

export function fitWeibull(xs: readonly number[]): FittedDistribution {
  const sumLog = requirePositiveSample('weibull', xs);
  const n = xs.length;
  const meanLog = sumLog / n;
  const c = xs.map((x) => Math.log(x) - meanLog);
  if (c.every((v) => Math.abs(v) < 1e-12)) throw new FitError('weibull: all observations are equal');
  const shape = solveWeibullShape(c);
  const logScale = meanLog + weightedMoments(c, shape).logMeanExp / shape;
  const scale = Math.exp(logScale);
  // At the MLE, Σ (x/λ)^k = n, so ℓ = n ln k − n k ln λ + (k − 1) Σ ln x − n.
  const logLikelihood = n * Math.log(shape) - n * shape * logScale + (shape - 1) * sumLog - n;
  return {
    family: 'weibull',
    params: { shape, scale },
    logLikelihood,
    paramCount: 2,
    cdf: (x) => (x <= 0 ? 0 : -Math.expm1(-Math.pow(x / scale, shape))),
    quantile: (p) => scale * Math.pow(-Math.log1p(-p), 1 / shape),
    spec: { kind: 'weibull', shape, scale },
  };
}
