/**
 * The first index in [0, end) whose value exceeds `x` in an ascending array, or `end` when none
 * does: the count of values ≤ x. A draw u lands in bucket firstAbove(cumulative, u).
 */
export function firstAbove(sorted: ArrayLike<number>, x: number, end = sorted.length): number {
  let lo = 0;
  let hi = end;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (x < sorted[mid]) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
