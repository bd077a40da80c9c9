import type { Rng } from '../../core/ports.js';
import { formatParam, openUniform, requirePositive, type Distribution } from './distribution.js';
import { normalQuantile } from './special-functions.js';

/**
 * Gamma(shape k, scale θ): mean kθ, variance kθ². Marsaglia–Tsang squeeze/rejection
 * ("A simple method for generating gamma variables", 2000); shape < 1 through
 * Gamma(k) = Gamma(k + 1)·U^{1/k}. Uniform consumption is variable (rejection): two per
 * attempt (one for the normal via Φ⁻¹, one for the acceptance test), acceptance > 95% for
 * k >= 1, plus one more when k < 1. No cached state. No closed-form quantile.
 */
export class GammaDistribution implements Distribution {
  readonly mean: number;
  readonly variance: number;
  private readonly d: number;
  private readonly c: number;
  private readonly boosted: boolean;

  constructor(readonly shape: number, readonly scale: number) {
    requirePositive('gamma', 'shape', shape);
    requirePositive('gamma', 'scale', scale);
    this.mean = shape * scale;
    this.variance = shape * scale * scale;
    this.boosted = shape < 1;
    const k = this.boosted ? shape + 1 : shape;
    this.d = k - 1 / 3;
    this.c = 1 / Math.sqrt(9 * this.d);
  }

  sample(rng: Rng): number {
    const g = this.sampleUnitScale(rng);
    if (!this.boosted) return g * this.scale;
    // In log space: U^{1/k} underflows for tiny k although the product is representable.
    return Math.exp(Math.log(g) + Math.log(openUniform(rng)) / this.shape) * this.scale;
  }

  describe(): string {
    return `gamma(shape=${formatParam(this.shape)}, scale=${formatParam(this.scale)})`;
  }

  /** Gamma(d + 1/3, 1) by Marsaglia–Tsang. */
  private sampleUnitScale(rng: Rng): number {
    const { c, d } = this;
    for (;;) {
      const x = normalQuantile(openUniform(rng));
      const t = 1 + c * x;
      const u = rng.next();
      if (t <= 0) continue;
      const v = t * t * t;
      const x2 = x * x;
      if (u < 1 - 0.0331 * x2 * x2) return d * v;
      if (Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return d * v;
    }
  }
}
