import { describe, expect, it } from 'vitest';
import { createRng } from '../../../core/rng.js';
import type { Candidate } from '../../types.js';
import { makeCandidates, withinBinomial } from '../test-fixtures.js';
import { pickUniform, pickWeightedRandom } from './random-picker.js';

const byWeight = (c: Candidate) => c.deployment.weight;

describe('pickUniform', () => {
  it('is uniform over the accepted candidates only (5-sigma binomial bounds)', () => {
    const candidates = makeCandidates(5);
    const rng = createRng('uniform');
    const counts = new Array<number>(5).fill(0);
    const n = 50_000;
    const accept = (c: Candidate) => c !== candidates[2];
    for (let i = 0; i < n; i++) counts[candidates.indexOf(pickUniform(candidates, rng, accept)!)]++;
    expect(counts[2]).toBe(0);
    for (const i of [0, 1, 3, 4]) expect(withinBinomial(counts[i], n, 1 / 4)).toBe(true);
  });

  it('returns undefined when nothing is acceptable', () => {
    expect(pickUniform([], createRng(1))).toBeUndefined();
    expect(pickUniform(makeCandidates(2), createRng(1), () => false)).toBeUndefined();
  });
});

describe('pickWeightedRandom', () => {
  it('picks ∝ weight within a 5-sigma binomial bound over 100k picks', () => {
    const weights = [1, 2, 3, 4, 0.5];
    const total = weights.reduce((s, w) => s + w, 0);
    const candidates = makeCandidates(weights.length, (i) => ({ weight: weights[i] }));
    const rng = createRng('weighted');
    const counts = new Array<number>(weights.length).fill(0);
    const n = 100_000;
    for (let i = 0; i < n; i++) counts[candidates.indexOf(pickWeightedRandom(candidates, rng, byWeight)!)]++;
    weights.forEach((w, i) => expect(withinBinomial(counts[i], n, w / total)).toBe(true));
  });

  it('maps the rng draw onto cumulative weights exactly', () => {
    const candidates = makeCandidates(3, (i) => ({ weight: [1, 2, 1][i] }));
    const fixed = (u: number) => ({ next: () => u, int: () => 0, fork: () => fixed(u), seed: 'fixed' });
    expect(pickWeightedRandom(candidates, fixed(0), byWeight)).toBe(candidates[0]);
    expect(pickWeightedRandom(candidates, fixed(0.2499), byWeight)).toBe(candidates[0]);
    expect(pickWeightedRandom(candidates, fixed(0.25), byWeight)).toBe(candidates[1]);
    expect(pickWeightedRandom(candidates, fixed(0.7499), byWeight)).toBe(candidates[1]);
    expect(pickWeightedRandom(candidates, fixed(0.75), byWeight)).toBe(candidates[2]);
    expect(pickWeightedRandom(candidates, fixed(0.999999), byWeight)).toBe(candidates[2]);
  });

  it('never picks a zero-weight candidate while another has weight, and is uniform when all are 0', () => {
    const candidates = makeCandidates(3, (i) => ({ weight: [0, 1, 0][i] }));
    const rng = createRng('zero');
    for (let i = 0; i < 1000; i++) expect(pickWeightedRandom(candidates, rng, byWeight)).toBe(candidates[1]);
    const zeros = () => 0;
    const seen = new Set<Candidate | undefined>();
    for (let i = 0; i < 200; i++) seen.add(pickWeightedRandom(candidates, rng, zeros));
    expect(seen.size).toBe(3);
  });
});
