import type { Rng } from '../../core/ports.js';
import { formatParam, requirePositive, requireProbability, type Distribution } from './distribution.js';

/**
 * Pareto type I: scale x_m (the minimum), shape α; P(X > x) = (x_m / x)^α for x >= x_m.
 * Mean is Infinity for α <= 1, variance Infinity for α <= 2. Inverse CDF: one uniform per
 * sample, monotone.
 */
export class ParetoDistribution implements Distribution {
  readonly mean: number;
  readonly variance: number;

  constructor(readonly shape: number, readonly scale: number) {
    requirePositive('pareto', 'shape', shape);
    requirePositive('pareto', 'scale', scale);
    const a = shape;
    this.mean = a > 1 ? (a * scale) / (a - 1) : Infinity;
    this.variance = a > 2 ? (scale * scale * a) / ((a - 1) * (a - 1) * (a - 2)) : Infinity;
  }

  sample(rng: Rng): number {
    // 1 − u in (0, 1], so the result is finite.
    return this.scale * Math.pow(1 - rng.next(), -1 / this.shape);
  }

  quantile(p: number): number {
    requireProbability(p);
    return this.scale * Math.pow(1 - p, -1 / this.shape);
  }

  describe(): string {
    return `pareto(shape=${formatParam(this.shape)}, scale=${formatParam(this.scale)})`;
  }
}
