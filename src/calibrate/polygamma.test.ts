import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { logGamma, normalCdf } from '../sim/distributions/special-functions.js';
import { regularizedGammaP } from './incomplete-gamma.js';
import { digamma, trigamma } from './polygamma.js';

const EULER_GAMMA = 0.5772156649015329;

describe('digamma and trigamma', () => {
  it('match closed forms', () => {
    expect(digamma(1)).toBeCloseTo(-EULER_GAMMA, 14);
    expect(digamma(0.5)).toBeCloseTo(-EULER_GAMMA - 2 * Math.LN2, 14);
    expect(digamma(10)).toBeCloseTo(2.251752589066721, 14);
    expect(digamma(1e-3)).toBeCloseTo(-1000.5755719318103, 9); // ψ(x) ≈ −1/x − γ + (π²/6) x
    expect(trigamma(1)).toBeCloseTo(Math.PI ** 2 / 6, 14);
    expect(trigamma(0.5)).toBeCloseTo(Math.PI ** 2 / 2, 13);
    expect(trigamma(2)).toBeCloseTo(Math.PI ** 2 / 6 - 1, 14);
  });

  it('ψ is the derivative of ln Γ and ψ\' that of ψ (central differences against the Lanczos log-gamma)', () => {
    fc.assert(fc.property(fc.double({ min: 0.05, max: 500, noNaN: true }), (x) => {
      const h = 1e-4 * x; // a relative step keeps the truncation error small near 0
      const dLogGamma = (logGamma(x + h) - logGamma(x - h)) / (2 * h);
      const dDigamma = (digamma(x + h) - digamma(x - h)) / (2 * h);
      return Math.abs(dLogGamma - digamma(x)) < 1e-6 * Math.max(1, Math.abs(digamma(x)))
        && Math.abs(dDigamma - trigamma(x)) < 1e-5 * Math.max(1, trigamma(x));
    }));
  });

  it('satisfy the recurrences ψ(x+1) = ψ(x) + 1/x and ψ\'(x+1) = ψ\'(x) − 1/x² across the asymptotic switch', () => {
    for (const x of [0.3, 2.5, 9.2, 9.9999, 10, 10.5, 123.4]) {
      expect(digamma(x + 1) - digamma(x)).toBeCloseTo(1 / x, 12);
      expect(trigamma(x) - trigamma(x + 1)).toBeCloseTo(1 / (x * x), 12);
    }
  });
});

describe('regularized incomplete gamma P(a, x)', () => {
  it('a = 1 is the exponential CDF and a = 1/2 the half-normal, on both sides of x = a + 1', () => {
    for (const x of [0.01, 0.5, 1.9, 2.1, 7, 30]) {
      expect(regularizedGammaP(1, x)).toBeCloseTo(-Math.expm1(-x), 14);
      expect(regularizedGammaP(0.5, x)).toBeCloseTo(2 * normalCdf(Math.sqrt(2 * x)) - 1, 13);
    }
  });

  it('integer a is a Poisson tail: P(a, x) = 1 − e^{−x} Σ_{k<a} x^k/k!', () => {
    for (const a of [2, 5, 20]) {
      for (const x of [0.5, a - 0.5, a + 1.5, 3 * a]) {
        let term = 1, sum = 1;
        for (let k = 1; k < a; k++) {
          term *= x / k;
          sum += term;
        }
        expect(regularizedGammaP(a, x)).toBeCloseTo(1 - Math.exp(-x) * sum, 12);
      }
    }
  });

  it('edges', () => {
    expect(regularizedGammaP(3, 0)).toBe(0);
    expect(regularizedGammaP(3, Infinity)).toBe(1);
    expect(regularizedGammaP(0, 1)).toBeNaN();
  });
});
