import { logGamma } from '../sim/distributions/special-functions.js';

/**
 * Regularized lower incomplete gamma P(a, x) = γ(a, x)/Γ(a), the gamma CDF at x/θ: the power
 * series for x < a + 1, Lentz's continued fraction for Q = 1 − P otherwise (Numerical Recipes
 * §6.2), each converging fast on its side.
 */
const EPS = 1e-15;
const TINY = 1e-300;
const MAX_ITER = 10_000;

function series(a: number, x: number): number {
  let ap = a;
  let sum = 1 / a;
  let term = sum;
  for (let i = 0; i < MAX_ITER; i++) {
    ap += 1;
    term *= x / ap;
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * EPS) break;
  }
  return sum * Math.exp(-x + a * Math.log(x) - logGamma(a));
}

function continuedFraction(a: number, x: number): number {
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_ITER; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  return Math.exp(-x + a * Math.log(x) - logGamma(a)) * h;
}

export function regularizedGammaP(a: number, x: number): number {
  if (!(a > 0) || Number.isNaN(x)) return NaN;
  if (x <= 0) return 0;
  if (x === Infinity) return 1;
  return x < a + 1 ? series(a, x) : 1 - continuedFraction(a, x);
}
