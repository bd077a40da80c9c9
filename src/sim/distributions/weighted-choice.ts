import type { Rng } from '../../core/ports.js';
import { scaledWeights } from '../../core/weight-scale.js';
import { DistributionError } from './distribution.js';

/**
 * Draws index i with probability weights[i] / Σ weights in O(1) by Vose's alias method
 * ("A linear algorithm for generating random numbers with a given distribution", 1991).
 * Exactly two uniforms per sample (column, then coin): a fixed count keeps streams aligned,
 * and a separate coin does not depend on the low bits of the column draw. Zero weights are
 * allowed and never drawn.
 */
export class WeightedChoice {
  readonly size: number;
  private readonly prob: Float64Array;
  private readonly alias: Int32Array;
  private readonly probabilities: Float64Array;

  constructor(givenWeights: readonly number[]) {
    const n = givenWeights.length;
    if (n === 0) throw new DistributionError('WeightedChoice: weights must not be empty');
    for (const w of givenWeights) {
      if (!(Number.isFinite(w) && w >= 0)) throw new DistributionError(`WeightedChoice: weights must be finite and >= 0, got ${w}`);
    }
    // Huge weights (1e308) would overflow the total: scaled exactly by a power of two first.
    const weights = scaledWeights(givenWeights);
    let total = 0;
    for (const w of weights) total += w;
    if (!(total > 0) || !Number.isFinite(total)) throw new DistributionError(`WeightedChoice: weights must sum to a finite value > 0, got ${total}`);
    this.size = n;
    this.prob = new Float64Array(n);
    this.alias = new Int32Array(n);
    this.probabilities = new Float64Array(n);

    // Scaled so the average column holds exactly 1.
    const scaled = new Float64Array(n);
    const small = new Int32Array(n);
    const large = new Int32Array(n);
    let ns = 0;
    let nl = 0;
    for (let i = 0; i < n; i++) {
      this.probabilities[i] = weights[i] / total;
      scaled[i] = (weights[i] * n) / total;
      if (scaled[i] < 1) small[ns++] = i;
      else large[nl++] = i;
    }
    while (ns > 0 && nl > 0) {
      const s = small[--ns];
      const l = large[--nl];
      this.prob[s] = scaled[s];
      this.alias[s] = l;
      scaled[l] = scaled[l] + scaled[s] - 1;
      if (scaled[l] < 1) small[ns++] = l;
      else large[nl++] = l;
    }
    // Leftovers hold ~1 up to rounding. A zero-weight index cannot be left over (the unprocessed
    // columns always hold mass equal to their count), but if rounding ever said otherwise it
    // must still never be drawn: send its whole column to the heaviest index.
    let heaviest = 0;
    for (let i = 1; i < n; i++) if (weights[i] > weights[heaviest]) heaviest = i;
    while (nl > 0) {
      const l = large[--nl];
      this.prob[l] = 1;
      this.alias[l] = l;
    }
    while (ns > 0) {
      const s = small[--ns];
      this.prob[s] = this.probabilities[s] > 0 ? 1 : 0;
      this.alias[s] = this.probabilities[s] > 0 ? s : heaviest;
    }
  }

  sample(rng: Rng): number {
    const i = rng.int(this.size);
    return rng.next() < this.prob[i] ? i : this.alias[i];
  }

  /** The exact probability of index i (weights normalised). */
  probability(i: number): number {
    return this.probabilities[i] ?? 0;
  }
}
