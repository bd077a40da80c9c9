import type { Rng } from '../../core/ports.js';

/**
 * A probability distribution over non-negative reals (latencies, token counts, gaps).
 *
 * Uniform consumption: every family documents how many `rng.next()` calls one `sample`
 * makes. Inverse-CDF families use exactly one and are monotone in it, which keeps common
 * random numbers aligned across strategies; rejection samplers (gamma) use a variable count.
 */
export interface Distribution {
  sample(rng: Rng): number;
  readonly mean: number;
  /** Infinity when not finite. */
  readonly variance: number;
  /** Inverse CDF for p in [0, 1], where it has a closed form. */
  quantile?(p: number): number;
  describe(): string;
}

/** A distribution built from parameters it cannot represent (negative scale, empty samples...). */
export class DistributionError extends Error {
  override readonly name = 'DistributionError';
}

/** Short, stable rendering of a parameter for `describe()`. */
export function formatParam(x: number): string {
  return Number.isFinite(x) ? String(Number(x.toPrecision(6))) : String(x);
}

export function requireFinite(family: string, name: string, x: number): void {
  if (!Number.isFinite(x)) throw new DistributionError(`${family}: ${name} must be finite, got ${x}`);
}

export function requireNonNegative(family: string, name: string, x: number): void {
  if (!(Number.isFinite(x) && x >= 0)) throw new DistributionError(`${family}: ${name} must be finite and >= 0, got ${x}`);
}

export function requirePositive(family: string, name: string, x: number): void {
  if (!(Number.isFinite(x) && x > 0)) throw new DistributionError(`${family}: ${name} must be finite and > 0, got ${x}`);
}

export function requireProbability(p: number): void {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`quantile: p must be in [0, 1], got ${p}`);
}

/**
 * A uniform in the open interval (0, 1) from one `rng.next()` (which may return 0): 0 is
 * replaced by 2^-53 so inverse CDFs with an infinite left end stay finite.
 */
export function openUniform(rng: Rng): number {
  const u = rng.next();
  return u > 0 ? u : 1.1102230246251565e-16;
}
