import type { Rng } from '../../../core/ports.js';
import { weightScale } from '../../../core/weight-scale.js';
import type { Candidate } from '../../types.js';
import type { CandidateFilter, CandidateWeight } from './picker-types.js';

/** Uniformly random candidate (among those `accept` allows), one rng draw, no allocation. */
export function pickUniform(
  candidates: readonly Candidate[],
  rng: Rng,
  accept?: CandidateFilter,
): Candidate | undefined {
  if (accept === undefined) {
    return candidates.length === 0 ? undefined : candidates[rng.int(candidates.length)];
  }
  let count = 0;
  for (const c of candidates) if (accept(c)) count++;
  if (count === 0) return undefined;
  let target = rng.int(count);
  for (const c of candidates) {
    if (!accept(c)) continue;
    if (target === 0) return c;
    target--;
  }
  return undefined;
}

/**
 * Random candidate with probability ∝ weight (LiteLLM simple-shuffle): a linear scan over the
 * cumulative weights, one rng draw. Falls back to uniform when all weights are 0.
 */
export function pickWeightedRandom(
  candidates: readonly Candidate[],
  rng: Rng,
  weightOf: CandidateWeight,
  accept?: CandidateFilter,
): Candidate | undefined {
  let total = 0;
  for (const c of candidates) if (accept === undefined || accept(c)) total += weightOf(c);
  // Huge weights (two of 1e308) overflow the total; then all are scaled exactly by a power of
  // two (core/weight-scale). Only then: ordinary weights keep this one pass.
  let scale = 1;
  if (total === Infinity) {
    let max = 0;
    for (const c of candidates) if (accept === undefined || accept(c)) max = Math.max(max, weightOf(c));
    scale = weightScale(max);
    total = 0;
    for (const c of candidates) if (accept === undefined || accept(c)) total += weightOf(c) * scale;
  }
  if (!(total > 0)) return pickUniform(candidates, rng, accept);
  let remaining = rng.next() * total;
  let last: Candidate | undefined;
  for (const c of candidates) {
    if (accept !== undefined && !accept(c)) continue;
    const weight = weightOf(c) * scale;
    if (weight <= 0) continue;
    if (remaining < weight) return c;
    remaining -= weight;
    last = c;
  }
  return last; // Only reached through floating-point rounding at the very top of the range.
}
