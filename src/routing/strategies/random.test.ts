import { describe, expect, it } from 'vitest';
import { RandomStrategy } from './random.js';
import { makeCandidates, makeContext, makeRequest, withinBinomial } from './test-fixtures.js';
import { WeightedRandomStrategy } from './weighted-random.js';

const req = makeRequest();

describe('random strategy', () => {
  it('is uniform (5-sigma) and reproducible from the seed', () => {
    const candidates = makeCandidates(4);
    const ctx = makeContext({}, 'random');
    const counts = new Array<number>(4).fill(0);
    const n = 40_000;
    const strategy = new RandomStrategy();
    for (let i = 0; i < n; i++) counts[candidates.indexOf(strategy.pick(req, candidates, ctx)!)]++;
    counts.forEach((count) => expect(withinBinomial(count, n, 1 / 4)).toBe(true));
    const replay = (seed: string) => {
      const c = makeContext({}, seed);
      return Array.from({ length: 20 }, () => strategy.pick(req, candidates, c)!.deployment.id);
    };
    expect(replay('s')).toEqual(replay('s'));
    expect(replay('s')).not.toEqual(replay('t'));
  });

  it('never picks a tried deployment while another is left', () => {
    const candidates = makeCandidates(3);
    const ctx = makeContext({ tried: new Set(['p0/m', 'p2/m']) });
    for (let i = 0; i < 100; i++) expect(new RandomStrategy().pick(req, candidates, ctx)!.deployment.id).toBe('p1/m');
  });
});

describe('weighted-random strategy', () => {
  it('picks ∝ deployment.weight within a 5-sigma binomial bound over 100k picks', () => {
    const weights = [5, 1, 3, 1];
    const candidates = makeCandidates(4, (i) => ({ weight: weights[i] }));
    const ctx = makeContext({}, 'weighted-random');
    const strategy = new WeightedRandomStrategy({ weights: {} });
    const counts = new Array<number>(4).fill(0);
    const n = 100_000;
    for (let i = 0; i < n; i++) counts[candidates.indexOf(strategy.pick(req, candidates, ctx)!)]++;
    weights.forEach((w, i) => expect(withinBinomial(counts[i], n, w / 10)).toBe(true));
    expect(strategy.explain(req, candidates)).toEqual({ 'p0/m': 0.5, 'p1/m': 0.1, 'p2/m': 0.3, 'p3/m': 0.1 });
  });

  it('honours params.weights overrides', () => {
    const candidates = makeCandidates(2);
    const strategy = new WeightedRandomStrategy({ weights: { 'p1/m': 3 } });
    expect(strategy.explain(req, candidates)).toEqual({ 'p0/m': 0.25, 'p1/m': 0.75 });
    const ctx = makeContext({}, 'override');
    const n = 20_000;
    let second = 0;
    for (let i = 0; i < n; i++) if (strategy.pick(req, candidates, ctx) === candidates[1]) second++;
    expect(withinBinomial(second, n, 0.75)).toBe(true);
  });
});
