import { describe, expect, it } from 'vitest';
import { makeCandidates, makeContext, makeRequest } from './test-fixtures.js';
import { WeightedRoundRobinStrategy } from './weighted-round-robin.js';

const req = makeRequest();

describe('weighted-round-robin strategy', () => {
  it('interleaves weights 3, 2, 1 as a b a c b a (nginx smooth WRR)', () => {
    const strategy = new WeightedRoundRobinStrategy({ weights: {} });
    const candidates = makeCandidates(3, (i) => ({ weight: [3, 2, 1][i] }));
    const ids = Array.from({ length: 12 }, () => strategy.pick(req, candidates, makeContext())!.deployment.id.slice(0, 2));
    expect(ids).toEqual(['p0', 'p1', 'p0', 'p2', 'p1', 'p0', 'p0', 'p1', 'p0', 'p2', 'p1', 'p0']);
  });

  it('params.weights override deployment.weight by deployment id, then provider id', () => {
    const candidates = makeCandidates(3); // all weight 1
    const strategy = new WeightedRoundRobinStrategy({ weights: { p0: 5, 'p0/m': 2, p2: 3 } });
    const counts = new Map<string, number>();
    for (let i = 0; i < 60; i++) {
      const id = strategy.pick(req, candidates, makeContext())!.deployment.id;
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    // Weights 2 (deployment id wins over provider 5), 1 (default), 3 (provider id): 10 cycles of 6.
    expect(Object.fromEntries(counts)).toEqual({ 'p0/m': 20, 'p1/m': 10, 'p2/m': 30 });
  });

  it('explain shows current smooth weights without advancing', () => {
    const strategy = new WeightedRoundRobinStrategy({ weights: {} });
    const candidates = makeCandidates(2, (i) => ({ weight: [2, 1][i] }));
    strategy.pick(req, candidates, makeContext()); // p0: 2 − 3 = −1, p1: 1
    expect(strategy.explain(req, candidates)).toEqual({ 'p0/m': -1, 'p1/m': 1 });
    expect(strategy.explain(req, candidates)).toEqual({ 'p0/m': -1, 'p1/m': 1 });
    expect(strategy.pick(req, candidates, makeContext())!.deployment.id).toBe('p1/m'); // p0: −1+2 = 1, p1: 1+1 = 2
  });
});
