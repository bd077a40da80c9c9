/** Chart-side helpers for CI fields: finite bounds, clamped where the metric cannot leave [0, 1]. */
import type { MetricCi } from '../../lab/compare-summary.js';
import { isFiniteNumber } from '../format.js';

export interface Bounds {
  readonly mean: number;
  readonly lo: number;
  readonly hi: number;
}

/** Undefined when the mean is missing; a missing interval collapses onto the mean. */
export function ciBounds(ci: MetricCi | undefined, clampUnit = false): Bounds | undefined {
  if (!ci || !isFiniteNumber(ci.mean)) return undefined;
  const clamp = (x: number) => (clampUnit ? Math.min(1, Math.max(0, x)) : x);
  const lo = isFiniteNumber(ci.lo) ? ci.lo : ci.mean;
  const hi = isFiniteNumber(ci.hi) ? ci.hi : ci.mean;
  return { mean: ci.mean, lo: clamp(lo), hi: clamp(hi) };
}
