import type { Rng } from '../../../core/ports.js';
import { firstAbove } from '../../../core/sorted-search.js';
import type { Candidate } from '../../types.js';
import type { CandidateWeight } from './picker-types.js';
import { PoolRepeat } from './pool-repeat.js';
import { pickWeightedRandom } from './random-picker.js';

/**
 * `pickWeightedRandom` for static weights, by binary search over the cumulative weights of the
 * router's pool: the router hands out one never-mutated pool array per health state, so seen
 * twice it gets its prefix sums (O(N) once) and every later draw costs O(log N) instead of a
 * scan. The same draw picks the same candidate: the scan walks `remaining = u × total` down by
 * each weight until it falls below one, the search finds the first prefix sum above u × total,
 * and both sums run left to right. (With weights that are not integers the two can differ by
 * an ulp at a boundary, a chance of ~1e-16 per draw.) Other lists — a retry's pool, weights
 * that are negative, non-finite or overflow the total — take the scan.
 */
export class WeightedDraw {
  private list: readonly Candidate[] | undefined;
  private readonly repeat = new PoolRepeat();
  /** Prefix sums of the weights in list order, and the total. */
  private sums = new Float64Array(0);
  private total = 0;
  /** Index of the last positive weight (the scan's answer when rounding leaves u × total at the very top). */
  private lastPositive = -1;

  constructor(private readonly weightOf: CandidateWeight) {}

  pick(candidates: readonly Candidate[], rng: Rng): Candidate | undefined {
    if (candidates !== this.list && !this.index(candidates)) return pickWeightedRandom(candidates, rng, this.weightOf);
    const k = firstAbove(this.sums, rng.next() * this.total);
    return candidates[k < this.sums.length ? k : this.lastPositive];
  }

  /** Indexes `candidates` on second sight, when its weights allow; whether it did. */
  private index(candidates: readonly Candidate[]): boolean {
    if (!this.repeat.secondTime(candidates)) return false;
    const sums = new Float64Array(candidates.length);
    let total = 0;
    let lastPositive = -1;
    for (let i = 0; i < candidates.length; i++) {
      const w = this.weightOf(candidates[i]);
      if (!(w >= 0) || w === Infinity) return false;
      if (w > 0) lastPositive = i;
      total += w;
      sums[i] = total;
    }
    if (!(total > 0) || total === Infinity) return false;
    this.list = candidates;
    this.sums = sums;
    this.total = total;
    this.lastPositive = lastPositive;
    return true;
  }
}
