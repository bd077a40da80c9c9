import fc from 'fast-check';
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { createRng } from './rng.js';

describe('SeededRng', () => {
  it("draws exactly seedrandom's alea(seed).double() sequence, for any seed", () => {
    fc.assert(
      fc.property(fc.string(), (seed) => {
        const ours = createRng(seed);
        const reference = seedrandom.alea(seed);
        for (let i = 0; i < 200; i++) expect(ours.next()).toBe(reference.double());
      }),
      { numRuns: 200 },
    );
  });

  it('forks by label: a child depends on the parent seed and the label only', () => {
    const parent = createRng(42);
    parent.next(); // the parent's position must not matter
    const a = parent.fork('router').next();
    expect(createRng(42).fork('router').next()).toBe(a);
    expect(createRng(42).fork('world').next()).not.toBe(a);
    expect(a).toBe(seedrandom.alea('42/router').double());
  });

  it('int(n) is uniform over 0..n-1', () => {
    const rng = createRng('int');
    const counts = [0, 0, 0];
    for (let i = 0; i < 30_000; i++) counts[rng.int(3)]++;
    // Each count ~ Binomial(30000, 1/3): sd ≈ 81.6; 5 sd ≈ 408 (per-count false alarm ~6e-7).
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(408);
  });
});
