import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Candidate } from '../../types.js';
import { makeCandidates } from '../test-fixtures.js';
import { SmoothWeightedPicker } from './smooth-weighted-picker.js';

const byWeight = (c: Candidate) => c.deployment.weight;

describe('SmoothWeightedPicker', () => {
  it('produces nginx’s interleaved sequence for weights 5, 1, 1 (a a b a c a a)', () => {
    const candidates = makeCandidates(3, (i) => ({ weight: [5, 1, 1][i] }));
    const picker = new SmoothWeightedPicker();
    const sequence = Array.from({ length: 14 }, () => picker.pick(candidates, byWeight)!.deployment.id);
    const a = 'p0/m';
    const b = 'p1/m';
    const c = 'p2/m';
    expect(sequence).toEqual([a, a, b, a, c, a, a, a, a, b, a, c, a, a]);
  });

  it('returns undefined for an empty list', () => {
    expect(new SmoothWeightedPicker().pick([], byWeight)).toBeUndefined();
  });

  it('property: every full cycle has exact counts and every prefix is within ±1 of its share', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 10 }), { minLength: 1, maxLength: 8 }), (weights) => {
        const candidates = makeCandidates(weights.length, (i) => ({ weight: weights[i] }));
        const picker = new SmoothWeightedPicker();
        const total = weights.reduce((s, w) => s + w, 0);
        const counts = new Array<number>(weights.length).fill(0);
        const cycles = 3;
        for (let k = 1; k <= total * cycles; k++) {
          const picked = picker.pick(candidates, byWeight)!;
          counts[candidates.indexOf(picked)]++;
          for (let i = 0; i < weights.length; i++) {
            const ideal = (weights[i] * k) / total;
            if (Math.abs(counts[i] - ideal) > 1 + 1e-9) return false;
          }
          if (k % total === 0) {
            const cycle = k / total;
            if (!counts.every((count, i) => count === weights[i] * cycle)) return false;
          }
        }
        return true;
      }),
      { numRuns: 300, seed: 42 },
    );
  });

  it('keeps proportions for the remaining candidates when one leaves the set', () => {
    const [a, b, c] = makeCandidates(3, (i) => ({ weight: [3, 2, 1][i] }));
    const picker = new SmoothWeightedPicker();
    for (let i = 0; i < 4; i++) picker.pick([a, b, c], byWeight);
    const counts = new Map<string, number>();
    for (let i = 0; i < 400; i++) {
      const id = picker.pick([a, c], byWeight)!.deployment.id;
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    // 3:1 between a and c, within the ±1 smooth-WRR bound plus the carried-over state (< 2).
    expect(Math.abs(counts.get(a.deployment.id)! - 300)).toBeLessThanOrEqual(2);
    expect(Math.abs(counts.get(c.deployment.id)! - 100)).toBeLessThanOrEqual(2);
  });
});
