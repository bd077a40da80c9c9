import type { Rng } from '../../core/ports.js';
import { formatParam, requireNonNegative, requireProbability, type Distribution } from './distribution.js';

/**
 * factor × X: brownouts and per-model latency factors. Same uniform consumption as the
 * inner distribution. Exists as a class so nested scalings collapse into one.
 */
export class ScaledDistribution implements Distribution {
  readonly mean: number;
  readonly variance: number;
  readonly quantile?: (p: number) => number;

  constructor(readonly inner: Distribution, readonly factor: number) {
    requireNonNegative('scale', 'factor', factor);
    // 0 × Infinity is NaN; a zero factor is the point mass at 0 whatever the inner tail.
    this.mean = factor === 0 ? 0 : inner.mean * factor;
    this.variance = factor === 0 ? 0 : inner.variance * factor * factor;
    const innerQuantile = inner.quantile;
    if (innerQuantile !== undefined) {
      this.quantile = (p: number) => {
        requireProbability(p);
        return factor === 0 ? 0 : innerQuantile.call(inner, p) * factor;
      };
    }
  }

  sample(rng: Rng): number {
    const x = this.inner.sample(rng);
    return this.factor === 0 ? 0 : x * this.factor;
  }

  describe(): string {
    return `${formatParam(this.factor)} × ${this.inner.describe()}`;
  }
}

/** A distribution whose samples are those of `d` times `factor` (>= 0); factor 1 returns `d`. */
export function scaleDistribution(d: Distribution, factor: number): Distribution {
  requireNonNegative('scale', 'factor', factor);
  if (factor === 1) return d;
  if (d instanceof ScaledDistribution) return scaleDistribution(d.inner, d.factor * factor);
  return new ScaledDistribution(d, factor);
}
