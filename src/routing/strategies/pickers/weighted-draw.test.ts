import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../../core/rng.js';
import type { Candidate } from '../../types.js';
import { makeCandidate, makeDeployment } from '../test-fixtures.js';
import { pickWeightedRandom } from './random-picker.js';
import { WeightedDraw } from './weighted-draw.js';

const weightOf = (c: Candidate) => c.deployment.weight;
const pool = (weights: readonly number[]) => weights.map((w, i) => makeCandidate(makeDeployment(`p${i}/m`, { weight: w })));

describe('WeightedDraw', () => {
  it('property: the same rng draws pick what the scan picks, for integer, fractional, zero and tiny weights, over the pool and other lists (500 runs)', () => {
    const weight = fc.oneof(fc.integer({ min: 0, max: 5 }), fc.double({ min: 0, max: 10, noNaN: true }), fc.constantFrom(0.1, 0.2, 0.3, 1e-300));
    fc.assert(
      fc.property(fc.array(weight, { minLength: 1, maxLength: 20 }), fc.array(fc.constantFrom('pool', 'pool', 'other'), { minLength: 1, maxLength: 60 }), fc.integer(), (weights, lists, seed) => {
        const all = pool(weights);
        const other = all.slice(1);
        const draw = new WeightedDraw(weightOf);
        const a = createRng(String(seed));
        const b = createRng(String(seed));
        for (const which of lists) {
          const list = which === 'pool' ? all : other;
          if (draw.pick(list, a) !== pickWeightedRandom(list, b, weightOf)) return false;
        }
        return true;
      }),
      { numRuns: 500 },
    );
  });

  it('keeps the proportions: 20,000 draws over weights 1 : 2 : 7 within 99.9% binomial intervals', () => {
    const all = pool([1, 2, 7]);
    const draw = new WeightedDraw(weightOf);
    const rng = createRng('proportions');
    const counts = [0, 0, 0];
    const n = 20_000;
    for (let k = 0; k < n; k++) counts[all.indexOf(draw.pick(all, rng)!)]++;
    [0.1, 0.2, 0.7].forEach((p, i) => expect(Math.abs(counts[i] / n - p)).toBeLessThan(3.29 * Math.sqrt((p * (1 - p)) / n)));
  });
});
