/**
 * Array helpers that work at any length. `target.push(...items)` and `Math.max(...values)`
 * pass every element as a call argument, and V8 overflows the stack somewhere past ~100k of
 * them (a `fit latency` of 135k CSV rows did). test/spread-guard.test.ts keeps such calls out
 * of src/; use these instead.
 */

/** Appends every item to `target` (in order) and returns it. */
export function appendAll<T>(target: T[], items: Iterable<T>): T[] {
  for (const item of items) target.push(item);
  return target;
}

/** `Math.max` over any number of values: −Infinity for none, NaN if any value is NaN. */
export function maxOf(values: Iterable<number>): number {
  let max = -Infinity;
  for (const v of values) max = Math.max(max, v);
  return max;
}

/** `Math.min` over any number of values: Infinity for none, NaN if any value is NaN. */
export function minOf(values: Iterable<number>): number {
  let min = Infinity;
  for (const v of values) min = Math.min(min, v);
  return min;
}
