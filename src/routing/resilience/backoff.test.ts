import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { backoffDelayMs, retryDelayMs } from './backoff.js';
import { SeededRng } from '../../core/rng.js';
import type { Rng } from '../../core/ports.js';

class CountingRng implements Rng {
  draws = 0;
  constructor(private readonly inner: Rng) {}
  get seed() {
    return this.inner.seed;
  }
  next() {
    this.draws++;
    return this.inner.next();
  }
  int(n: number) {
    return Math.floor(this.next() * n);
  }
  fork(label: string) {
    return this.inner.fork(label);
  }
}

describe('backoffDelayMs (full jitter)', () => {
  it('is whole ms in [1, min(cap, base × 2^(n−1))) (0 for ceilings ≤ 1 ms) and consumes exactly one draw', () => {
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: 1, max: 2_000 }), fc.integer({ min: 0, max: 1_000 }), fc.integer({ min: 0, max: 100_000 }), (seed, n, base, cap) => {
        const rng = new CountingRng(new SeededRng(seed));
        const d = backoffDelayMs(n, rng, base, cap);
        const ceiling = Math.min(cap, base * 2 ** (n - 1));
        expect(rng.draws).toBe(1);
        expect(Number.isInteger(d)).toBe(true);
        if (ceiling > 1) {
          expect(d).toBeGreaterThanOrEqual(1);
          expect(d).toBeLessThan(ceiling);
        } else expect(d).toBe(0);
      }),
      { numRuns: 500 },
    );
  });

  it('is uniform over the ceiling: mean and lower-quartile share within 5 standard errors', () => {
    const rng = new SeededRng('backoff-uniformity');
    const N = 20_000;
    for (const [n, ceiling] of [
      [1, 100],
      [3, 400],
      [10, 5_000],
    ] as const) {
      let sum = 0;
      let belowQuarter = 0;
      for (let i = 0; i < N; i++) {
        const d = backoffDelayMs(n, rng, 100, 5_000);
        sum += d;
        if (d < ceiling / 4) belowQuarter++;
      }
      const seMean = ceiling / Math.sqrt(12 * N);
      expect(Math.abs(sum / N - ceiling / 2)).toBeLessThan(5 * seMean);
      const seShare = Math.sqrt((0.25 * 0.75) / N);
      expect(Math.abs(belowQuarter / N - 0.25)).toBeLessThan(5 * seShare);
    }
  });

  it('rejects a 0-based or fractional retry number', () => {
    const rng = new SeededRng('x');
    expect(() => backoffDelayMs(0, rng, 100, 1_000)).toThrow(RangeError);
    expect(() => backoffDelayMs(1.5, rng, 100, 1_000)).toThrow(RangeError);
  });

  it('retryDelayMs never retries sooner than Retry-After, and otherwise equals the jittered backoff', () => {
    const cfg = { baseBackoffMs: 100, maxBackoffMs: 5_000 };
    for (let n = 1; n <= 8; n++) {
      const jittered = backoffDelayMs(n, new SeededRng(`r${n}`), 100, 5_000);
      expect(retryDelayMs(n, new SeededRng(`r${n}`), cfg)).toBe(jittered);
      expect(retryDelayMs(n, new SeededRng(`r${n}`), cfg, 7_000)).toBe(7_000);
      expect(retryDelayMs(n, new SeededRng(`r${n}`), cfg, 1)).toBe(Math.max(1, jittered));
    }
  });
});
