import type { Rng } from '../../core/ports.js';
import { formatParam, requirePositive, requireProbability, type Distribution } from './distribution.js';
import { logGamma } from './special-functions.js';

/**
 * Weibull(shape k, scale λ): P(X > x) = exp(−(x/λ)^k). Inverse CDF: one uniform per sample,
 * monotone. Moments λ^n Γ(1 + n/k), computed in log space so tiny shapes give Infinity, not NaN.
 */
export class WeibullDistribution implements Distribution {
  readonly mean: number;
  readonly variance: number;

  constructor(readonly shape: number, readonly scale: number) {
    requirePositive('weibull', 'shape', shape);
    requirePositive('weibull', 'scale', scale);
    const g1 = logGamma(1 + 1 / shape);
    const g2 = logGamma(1 + 2 / shape);
    this.mean = scale * Math.exp(g1);
    // Var = λ²(Γ₂ − Γ₁²) = λ²Γ₂(1 − e^{2g₁ − g₂}); the bracket via expm1 avoids cancellation for large k.
    this.variance = scale * scale * Math.exp(g2) * -Math.expm1(2 * g1 - g2);
    if (!Number.isFinite(this.variance)) this.variance = Infinity;
  }

  sample(rng: Rng): number {
    return this.scale * Math.pow(-Math.log1p(-rng.next()), 1 / this.shape);
  }

  quantile(p: number): number {
    requireProbability(p);
    return this.scale * Math.pow(-Math.log1p(-p), 1 / this.shape);
  }

  describe(): string {
    return `weibull(shape=${formatParam(this.shape)}, scale=${formatParam(this.scale)})`;
  }
}
