import type { Rng } from '../../core/ports.js';
import { DistributionError, formatParam, type Distribution } from './distribution.js';
import { WeightedChoice } from './weighted-choice.js';
import { scaledWeights } from '../../core/weight-scale.js';

export interface MixtureComponent {
  weight: number;
  dist: Distribution;
}

/**
 * Draws a component by weight (weights normalised, zero weights dropped), then samples it.
 * Uniforms: two for the choice (alias table) plus the chosen component's. Moments by the
 * law of total variance; Infinity if any component with positive weight has them infinite.
 */
export class MixtureDistribution implements Distribution {
  readonly mean: number;
  readonly variance: number;
  readonly components: readonly MixtureComponent[];
  private readonly chooser: WeightedChoice;

  constructor(components: readonly MixtureComponent[]) {
    for (const c of components) {
      if (!(Number.isFinite(c.weight) && c.weight >= 0)) throw new DistributionError(`mixture: weights must be finite and >= 0, got ${c.weight}`);
    }
    const kept = components.filter((c) => c.weight > 0);
    if (kept.length === 0) throw new DistributionError('mixture: weights must not all be 0');
    // Huge weights (1e308) would overflow the total: scaled exactly by a power of two first.
    const weights = scaledWeights(kept.map((c) => c.weight));
    const total = weights.reduce((s, w) => s + w, 0);
    this.components = kept.map((c, i) => ({ weight: weights[i] / total, dist: c.dist }));
    this.chooser = new WeightedChoice(this.components.map((c) => c.weight));

    let mean = 0;
    for (const c of this.components) mean += c.weight * c.dist.mean;
    let variance = 0;
    if (!Number.isFinite(mean)) variance = Infinity;
    else for (const c of this.components) variance += c.weight * (c.dist.variance + (c.dist.mean - mean) ** 2);
    this.mean = mean;
    this.variance = variance;
  }

  sample(rng: Rng): number {
    return this.components[this.chooser.sample(rng)].dist.sample(rng);
  }

  describe(): string {
    return `mixture(${this.components.map((c) => `${formatParam(c.weight)}×${c.dist.describe()}`).join(', ')})`;
  }
}
