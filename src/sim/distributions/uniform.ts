import type { Rng } from '../../core/ports.js';
import { DistributionError, formatParam, requireNonNegative, requireProbability, type Distribution } from './distribution.js';

/** Uniform on [min, max). One uniform per sample, monotone. */
export class UniformDistribution implements Distribution {
  readonly mean: number;
  readonly variance: number;

  constructor(readonly min: number, readonly max: number) {
    requireNonNegative('uniform', 'min', min);
    requireNonNegative('uniform', 'max', max);
    if (max < min) throw new DistributionError(`uniform: max (${max}) must be >= min (${min})`);
    this.mean = (min + max) / 2;
    this.variance = ((max - min) * (max - min)) / 12;
  }

  sample(rng: Rng): number {
    return this.min + (this.max - this.min) * rng.next();
  }

  quantile(p: number): number {
    requireProbability(p);
    return this.min + (this.max - this.min) * p;
  }

  describe(): string {
    return `uniform(${formatParam(this.min)}, ${formatParam(this.max)})`;
  }
}
