import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SeededRng } from '../../core/rng.js';
import type { Rng } from '../../core/ports.js';
import { DistributionError } from './distribution.js';
import { proportionHalfWidth } from './sample-summary.js';
import { WeightedChoice } from './weighted-choice.js';

const Z = 4.5;

/** P(i) implied by the alias table: (prob[i] + Σ_{j: alias[j] = i} (1 − prob[j])) / n. */
function impliedProbabilities(wc: WeightedChoice): number[] {
  const prob = wc['prob'];
  const alias = wc['alias'];
  const p = new Array<number>(wc.size).fill(0);
  for (let j = 0; j < wc.size; j++) {
    p[j] += prob[j] / wc.size;
    p[alias[j]] += (1 - prob[j]) / wc.size;
  }
  return p;
}

describe('WeightedChoice (Vose alias table)', () => {
  it('frequencies match weights within binomial intervals; zero weights never drawn', () => {
    const weights = [5, 0, 1, 3, 0.5, 10, 0];
    const total = weights.reduce((a, b) => a + b, 0);
    const wc = new WeightedChoice(weights);
    const rng = new SeededRng('alias');
    const n = 200_000;
    const counts = new Array<number>(weights.length).fill(0);
    for (let i = 0; i < n; i++) counts[wc.sample(rng)]++;
    for (let i = 0; i < weights.length; i++) {
      const p = weights[i] / total;
      expect(wc.probability(i)).toBe(p);
      if (p === 0) expect(counts[i]).toBe(0);
      else expect(Math.abs(counts[i] / n - p)).toBeLessThanOrEqual(proportionHalfWidth(p, n, Z));
    }
  });

  it('the table encodes exactly the normalised weights, and zero weights get no mass (property)', () => {
    const weight = fc.oneof(fc.constant(0), fc.double({ min: 1e-6, max: 1e6, noNaN: true }));
    fc.assert(
      fc.property(fc.array(weight, { minLength: 1, maxLength: 60 }).filter((w) => w.some((x) => x > 0)), (weights) => {
        const wc = new WeightedChoice(weights);
        const total = weights.reduce((a, b) => a + b, 0);
        const implied = impliedProbabilities(wc);
        for (let i = 0; i < weights.length; i++) {
          expect(Math.abs(implied[i] - weights[i] / total)).toBeLessThanOrEqual(1e-12);
          if (weights[i] === 0) expect(implied[i]).toBe(0);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('draws exactly two uniforms per sample and is deterministic per seed', () => {
    const wc = new WeightedChoice([1, 2, 3]);
    let calls = 0;
    const base = new SeededRng('c');
    const counting: Rng = { next: () => (calls++, base.next()), int: (k) => (calls++, base.int(k)), fork: (l) => base.fork(l), seed: 'c' };
    for (let i = 0; i < 100; i++) wc.sample(counting);
    expect(calls).toBe(200);
    const seq = (seed: string) => Array.from({ length: 200 }, ((r) => () => wc.sample(r))(new SeededRng(seed)));
    expect(seq('s')).toEqual(seq('s'));
  });

  it('a single weight always returns 0', () => {
    const wc = new WeightedChoice([0.3]);
    const rng = new SeededRng('one');
    for (let i = 0; i < 100; i++) expect(wc.sample(rng)).toBe(0);
  });

  it('rejects empty, negative, non-finite and all-zero weights', () => {
    expect(() => new WeightedChoice([])).toThrow(DistributionError);
    expect(() => new WeightedChoice([1, -1])).toThrow(DistributionError);
    expect(() => new WeightedChoice([1, NaN])).toThrow(DistributionError);
    expect(() => new WeightedChoice([1, Infinity])).toThrow(DistributionError);
    expect(() => new WeightedChoice([0, 0])).toThrow(DistributionError);
  });
});
