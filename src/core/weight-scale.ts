/**
 * Relative weights (traffic mixes, mixture components, histogram bins, deployment weights)
 * may be any finite non-negative numbers, 1e308 included, and the sum of two such weights
 * overflows to Infinity: normalising by that sum once crashed runs or sent every draw to one
 * side. Callers multiply each weight by `weightScale(max)` before summing.
 *
 * The scale is a power of two, so multiplying by it is exact for every weight that stays a
 * normal number: ratios, sums and comparisons are the ones of the unscaled weights. Weights
 * whose largest lies within 2^±256 are left alone (scale 1), so ordinary scenarios draw
 * bit-identically; beyond that the largest lands in [1, 2) and a sum of n scaled weights is
 * below 2n. (Weights more than ~2^1000 below the largest may round to 0: never drawn, as
 * their share was below 1e-300 anyway.)
 */
const UNSCALED_EXPONENT = 256;
/** Keeps the scale itself finite when the largest weight is subnormal (2^-1074 at least). */
const MAX_SCALE_EXPONENT = 1000;

export function weightScale(maxWeight: number): number {
  if (!(maxWeight > 0 && Number.isFinite(maxWeight))) return 1;
  const exponent = Math.floor(Math.log2(maxWeight));
  if (Math.abs(exponent) <= UNSCALED_EXPONENT) return 1;
  return 2 ** Math.min(MAX_SCALE_EXPONENT, -exponent);
}

/** The weights multiplied by `weightScale` of their largest (a new array; the input is unchanged). */
export function scaledWeights(weights: readonly number[]): number[] {
  let max = 0;
  for (const w of weights) if (w > max) max = w;
  const scale = weightScale(max);
  return scale === 1 ? weights.slice() : weights.map((w) => w * scale);
}
