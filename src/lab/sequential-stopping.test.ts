import { describe, expect, it } from 'vitest';
import { pairVerdict, settledNow, type RankingDimension } from './sequential-stopping.js';

type M = 'up' | 'cost';
const DIMS: readonly RankingDimension<M>[] = [
  { metric: 'up', better: 'higher', zone: { absolute: 0.001 } },
  { metric: 'cost', better: 'lower', zone: { relative: 0.01 } },
];
const v = (up: number[], cost: number[]) => ({ up, cost });

describe('pairVerdict', () => {
  it('separates when the paired 95% interval excludes 0 (t(0.975, 2) = 4.303)', () => {
    // diffs 0.010, 0.012, 0.014: mean 0.012, sd 0.002, half-width 4.303 × 0.002 / √3 = 0.00497 < 0.012
    expect(pairVerdict(v([0.99, 0.992, 0.994], [1, 1, 1]), v([0.98, 0.98, 0.98], [1, 1, 1]), 3, DIMS)).toBe('separated');
    // diffs 0.010, −0.008, 0.014: the interval contains 0 and is wider than the zone
    expect(pairVerdict(v([0.99, 0.972, 0.994], [1, 1, 1]), v([0.98, 0.98, 0.98], [1, 1, 1]), 3, DIMS)).toBe('open');
  });

  it('goes on to the next metric when the first is identical, or tied within its zone', () => {
    expect(pairVerdict(v([1, 1], [2, 2.2]), v([1, 1], [3, 3.1]), 2, DIMS)).toBe('separated'); // cost diffs −1, −0.9: 12.71 × 0.0707 / √2 = 0.64 < 0.95
    // uptime diffs 0.0002, 0.0001, 0.0003: half-width 4.303 × 0.0001 / √3 = 0.00025 < 0.001, yet the interval excludes 0: separated
    expect(pairVerdict(v([0.9992, 0.9991, 0.9993], [1, 1, 1]), v([0.999, 0.999, 0.999], [2, 2, 2]), 3, DIMS)).toBe('separated');
    // uptime diffs 0.0002, −0.0001, 0.0001: interval contains 0, half-width 0.00038 < 0.001 → tied; cost identical → tied
    expect(pairVerdict(v([0.9992, 0.9989, 0.9991], [2, 2, 2]), v([0.999, 0.999, 0.999], [2, 2, 2]), 3, DIMS)).toBe('tied');
  });

  it('uses only the first k replications, and needs two to judge a difference', () => {
    const a = v([0.99, 0.9, 0.99], [1, 1, 1]);
    const b = v([0.98, 0.98, 0.98], [1, 1, 1]);
    expect(pairVerdict(a, b, 1, DIMS)).toBe('open');
    expect(pairVerdict(a, b, 3, DIMS)).toBe('open');
    expect(pairVerdict(v([1], [1]), v([1], [1]), 1, DIMS)).toBe('tied');
  });

  it('is symmetric', () => {
    const a = v([0.99, 0.972, 0.994], [1, 2, 3]), b = v([0.98, 0.98, 0.98], [1, 1, 1]);
    for (const k of [1, 2, 3]) expect(pairVerdict(a, b, k, DIMS)).toBe(pairVerdict(b, a, k, DIMS));
  });
});

describe('settledNow', () => {
  it('settles a strategy once its order against every other one is settled, never below the floor', () => {
    const a = v([1, 1, 1], [1, 1.1, 1.2]);
    const b = v([1, 1, 1], [2, 2.1, 2.2]);
    const c = v([1, 1, 1], [2.05, 2.0, 2.3]); // b vs c is open
    expect(settledNow([a, b, c], [3, 3, 3], [true, true, true], 2, DIMS)).toEqual([true, false, false]);
    expect(settledNow([a, b, c], [3, 3, 3], [true, true, true], 4, DIMS)).toEqual([false, false, false]);
    expect(settledNow([a, b, c], [3, 3, 3], [false, true, true], 2, DIMS)).toEqual([false, false, false]);
  });
});
