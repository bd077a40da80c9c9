import { describe, expect, it } from 'vitest';
import { PriorityStrategy } from './priority.js';
import { makeCandidate, makeContext, makeDeployment, makeRequest, withinBinomial } from './test-fixtures.js';

const req = makeRequest();
const a = makeCandidate(makeDeployment('a/m', { priority: 0, weight: 1 }));
const b = makeCandidate(makeDeployment('b/m', { priority: 0, weight: 3 }));
const c = makeCandidate(makeDeployment('c/m', { priority: 1, weight: 1 }));
const d = makeCandidate(makeDeployment('d/m', { priority: 2, weight: 1 }));
const all = [c, a, d, b]; // order must not matter

describe('priority strategy', () => {
  it('uses only the lowest level, weighted random within it (5-sigma)', () => {
    const strategy = new PriorityStrategy({ weights: {} });
    const ctx = makeContext({}, 'priority');
    const n = 20_000;
    let toB = 0;
    for (let i = 0; i < n; i++) {
      const picked = strategy.pick(req, all, ctx);
      expect(picked === a || picked === b).toBe(true);
      if (picked === b) toB++;
    }
    expect(withinBinomial(toB, n, 3 / 4)).toBe(true);
  });

  it('fails over through the level, then to the next level', () => {
    const strategy = new PriorityStrategy({ weights: {} });
    for (let i = 0; i < 50; i++) {
      expect(strategy.pick(req, all, makeContext({ tried: new Set(['a/m']) }, i))).toBe(b);
      expect(strategy.pick(req, all, makeContext({ tried: new Set(['a/m', 'b/m']) }, i))).toBe(c);
      expect(strategy.pick(req, all, makeContext({ tried: new Set(['a/m', 'b/m', 'c/m']) }, i))).toBe(d);
    }
  });

  it('spills to the next level when a level is excluded, and restarts at the top when all were tried', () => {
    const strategy = new PriorityStrategy({ weights: {} });
    expect(strategy.pick(req, [c, d], makeContext())).toBe(c);
    const everyone = new Set(['a/m', 'b/m', 'c/m', 'd/m']);
    const picked = strategy.pick(req, all, makeContext({ tried: everyone }));
    expect(picked === a || picked === b).toBe(true);
    expect(strategy.pick(req, [], makeContext())).toBeUndefined();
  });

  it('explains with the priority levels', () => {
    expect(new PriorityStrategy({ weights: {} }).explain(req, all)).toEqual({ 'c/m': 1, 'a/m': 0, 'd/m': 2, 'b/m': 0 });
  });
});
