import { describe, expect, it } from 'vitest';
import { createRng } from '../core/rng.js';
import { ExponentialDistribution } from '../sim/distributions/exponential.js';
import { GammaDistribution } from '../sim/distributions/gamma.js';
import { LognormalDistribution } from '../sim/distributions/lognormal.js';
import { WeibullDistribution } from '../sim/distributions/weibull.js';
import { drawSamples } from '../sim/distributions/sample-summary.js';
import { logGamma } from '../sim/distributions/special-functions.js';
import { fitExponential } from './fit-exponential.js';
import { fitGamma, solveGammaShape } from './fit-gamma.js';
import { fitLognormal } from './fit-lognormal.js';
import { fitWeibull } from './fit-weibull.js';
import { FitError } from './fitted-distribution.js';
import { digamma, trigamma } from './polygamma.js';

/**
 * MLEs recover known parameters from synthetic samples within 5 asymptotic standard errors
 * (inverse Fisher information), and the reported maximum is a maximum of the likelihood.
 */
const N = 4000;
const Z = 5;

function sample(d: { sample: (r: never) => number }, seed: string): number[] {
  return [...drawSamples(d as never, createRng(seed), N)];
}

const llGamma = (xs: number[], k: number, t: number) => xs.reduce((s, x) => s + (k - 1) * Math.log(x) - x / t - k * Math.log(t) - logGamma(k), 0);
const llWeibull = (xs: number[], k: number, l: number) => xs.reduce((s, x) => s + Math.log(k / l) + (k - 1) * Math.log(x / l) - Math.pow(x / l, k), 0);
const llLognormal = (xs: number[], mu: number, s: number) => xs.reduce((a, x) => a - Math.log(x * s * Math.sqrt(2 * Math.PI)) - (Math.log(x) - mu) ** 2 / (2 * s * s), 0);

/** The log-likelihood drops when either parameter moves 0.1% away from the MLE. */
function expectLocalMax(ll: (a: number, b: number) => number, a: number, b: number, reported: number): void {
  const at = ll(a, b);
  expect(reported).toBeCloseTo(at, 6);
  for (const f of [0.999, 1.001]) {
    expect(ll(a * f, b)).toBeLessThan(at);
    expect(ll(a, b * f)).toBeLessThan(at);
  }
}

describe('lognormal MLE', () => {
  it('recovers mu and sigma', () => {
    const xs = sample(new LognormalDistribution(5.5, 0.4), 'ln');
    const f = fitLognormal(xs);
    expect(Math.abs(f.params.mu - 5.5)).toBeLessThan(Z * 0.4 / Math.sqrt(N));
    expect(Math.abs(f.params.sigma - 0.4)).toBeLessThan(Z * 0.4 / Math.sqrt(2 * N));
    expectLocalMax((m, s) => llLognormal(xs, m, s), f.params.mu, f.params.sigma, f.logLikelihood);
  });
});

describe('gamma MLE (Newton on ln k − ψ(k) = s)', () => {
  for (const [shape, scale] of [[3, 50], [0.6, 2], [40, 0.01]]) {
    it(`recovers shape ${shape}, scale ${scale}`, () => {
      const xs = sample(new GammaDistribution(shape, scale), `g${shape}`);
      const f = fitGamma(xs);
      // Asymptotic covariance: Var k̂ = k / (n(kψ'(k) − 1)), Var θ̂ = θ²ψ'(k) / (n(kψ'(k) − 1)).
      const det = N * (shape * trigamma(shape) - 1);
      expect(Math.abs(f.params.shape - shape)).toBeLessThan(Z * Math.sqrt(shape / det));
      expect(Math.abs(f.params.scale - scale)).toBeLessThan(Z * Math.sqrt((scale * scale * trigamma(shape)) / det));
      expectLocalMax((k, t) => llGamma(xs, k, t), f.params.shape, f.params.scale, f.logLikelihood);
    });
  }

  it('the shape solver inverts ln k − ψ(k) over nine decades', () => {
    // The oracle s = ln k − ψ(k) ≈ 1/(2k) loses ~k·ln k·1e-16 relative to cancellation: 6e-9 at k = 1e6.
    for (const k of [1e-3, 0.05, 0.7, 1, 3.3, 50, 1e4, 1e6]) {
      expect(solveGammaShape(Math.log(k) - digamma(k)) / k).toBeCloseTo(1, 7);
    }
  });

  it('refuses constant samples', () => {
    expect(() => fitGamma([2, 2, 2])).toThrow(FitError);
  });
});

describe('weibull MLE (profile equation, Newton + bisection)', () => {
  for (const [shape, scale] of [[1.8, 300], [0.5, 3600], [12, 1]]) {
    it(`recovers shape ${shape}, scale ${scale}`, () => {
      const xs = sample(new WeibullDistribution(shape, scale), `w${shape}`);
      const f = fitWeibull(xs);
      // Asymptotic: Var k̂ = 6k²/(π² n), Var λ̂ = λ²(1 + 6(1 − γ)²/π²)/(k² n).
      const g = 0.5772156649015329;
      expect(Math.abs(f.params.shape - shape)).toBeLessThan(Z * shape * Math.sqrt(6 / (Math.PI ** 2 * N)));
      expect(Math.abs(f.params.scale - scale)).toBeLessThan(Z * (scale / shape) * Math.sqrt((1 + (6 * (1 - g) ** 2) / Math.PI ** 2) / N));
      expectLocalMax((k, l) => llWeibull(xs, k, l), f.params.shape, f.params.scale, f.logLikelihood);
    });
  }

  it('handles values spanning many orders of magnitude without overflow', () => {
    const f = fitWeibull([1e-6, 1, 1e3, 1e6, 1e9]);
    expect(Number.isFinite(f.params.shape) && Number.isFinite(f.params.scale)).toBe(true);
  });
});

describe('exponential MLE', () => {
  it('recovers the mean', () => {
    const xs = sample(new ExponentialDistribution(3600), 'e');
    const f = fitExponential(xs);
    expect(Math.abs(f.params.mean - 3600)).toBeLessThan(Z * 3600 / Math.sqrt(N));
    expect(f.quantile(f.cdf(1234))).toBeCloseTo(1234, 8);
  });
});

describe('CDFs and quantiles of the fits invert each other', () => {
  it('for every family', () => {
    const xs = sample(new GammaDistribution(2, 100), 'inv');
    for (const fit of [fitLognormal(xs), fitGamma(xs), fitWeibull(xs)]) {
      for (const p of [0.001, 0.1, 0.5, 0.9, 0.999]) expect(fit.cdf(fit.quantile(p))).toBeCloseTo(p, 9);
    }
  });
});
