/**
 * Axis domains for means with confidence intervals. One very wide interval (few replications,
 * a flaky strategy) must not squash every point into a corner: the domain always shows all
 * means with some room, and extends towards the interval bounds only by a limited reach.
 * Interval bars beyond it are clipped at the plot edge, which still reads as "very wide".
 */
import type { Bounds } from './ci-bounds.js';
import { maxOf, minOf } from '../../core/bulk-array.js';

/** How far past the outermost means intervals may stretch the axis, as a multiple of their spread. */
const REACH = 0.75;
/** Room around the outermost means so markers do not sit on the frame. */
const PAD = 0.08;

export function robustDomain(points: readonly Bounds[], clampUnit = false): [number, number] {
  if (points.length === 0) return [0, 1];
  const means = points.map((p) => p.mean);
  const mLo = minOf(means);
  const mHi = maxOf(means);
  // With a single point (or identical means) use 5% of its magnitude as the scale.
  const scale = mHi > mLo ? mHi - mLo : Math.max(Math.abs(mHi) * 0.05, 1e-6);
  let lo = Math.max(minOf(points.map((p) => p.lo)), mLo - REACH * scale);
  let hi = Math.min(maxOf(points.map((p) => p.hi)), mHi + REACH * scale);
  lo = Math.min(lo, mLo - PAD * scale);
  hi = Math.max(hi, mHi + PAD * scale);
  if (clampUnit) {
    lo = Math.max(0, lo);
    hi = Math.min(1, hi);
  }
  return [lo, hi];
}
