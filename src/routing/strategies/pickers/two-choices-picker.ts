import type { Rng } from '../../../core/ports.js';
import type { Candidate, RouteRequest } from '../../types.js';
import type { LoadMetric } from './picker-types.js';

/**
 * Power of two choices (Mitzenmacher; Envoy least-request, Finagle P2C): sample two DISTINCT
 * candidates uniformly, keep the one with the lower load; a tie is a fair coin flip.
 */
export function pickTwoChoices(
  candidates: readonly Candidate[],
  req: RouteRequest,
  rng: Rng,
  loadOf: LoadMetric,
): Candidate | undefined {
  const n = candidates.length;
  if (n <= 1) return candidates[0];
  // Inline draw of two distinct indices (sampleTwoDistinct without the tuple allocation).
  const first = rng.int(n);
  let second = rng.int(n - 1);
  if (second >= first) second++;
  const a = candidates[first];
  const b = candidates[second];
  const loadA = loadOf(a, req);
  const loadB = loadOf(b, req);
  if (loadA < loadB) return a;
  if (loadB < loadA) return b;
  return rng.next() < 0.5 ? a : b;
}

/** Two distinct indices in [0, n), uniform over ordered pairs; n must be ≥ 2. */
export function sampleTwoDistinct(n: number, rng: Rng): [number, number] {
  const first = rng.int(n);
  let second = rng.int(n - 1);
  if (second >= first) second++;
  return [first, second];
}
