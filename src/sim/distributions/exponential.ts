import type { Rng } from '../../core/ports.js';
import { formatParam, requirePositive, requireProbability, type Distribution } from './distribution.js';

/** Exponential with the given mean, by inverse CDF: one uniform per sample, monotone. */
export class ExponentialDistribution implements Distribution {
  readonly variance: number;

  constructor(readonly mean: number) {
    requirePositive('exponential', 'mean', mean);
    this.variance = mean * mean;
  }

  sample(rng: Rng): number {
    // u in [0, 1) so 1 − u in (0, 1]: log1p keeps precision for small u and never hits log(0).
    return -this.mean * Math.log1p(-rng.next());
  }

  quantile(p: number): number {
    requireProbability(p);
    return -this.mean * Math.log1p(-p);
  }

  describe(): string {
    return `exponential(mean=${formatParam(this.mean)})`;
  }
}
