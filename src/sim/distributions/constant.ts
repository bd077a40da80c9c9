import type { Rng } from '../../core/ports.js';
import { formatParam, requireNonNegative, requireProbability, type Distribution } from './distribution.js';

/** A point mass. Consumes no uniforms. */
export class ConstantDistribution implements Distribution {
  readonly mean: number;
  readonly variance = 0;

  constructor(readonly value: number) {
    requireNonNegative('constant', 'value', value);
    this.mean = value;
  }

  sample(_rng: Rng): number {
    return this.value;
  }

  quantile(p: number): number {
    requireProbability(p);
    return this.value;
  }

  describe(): string {
    return `constant(${formatParam(this.value)})`;
  }
}
