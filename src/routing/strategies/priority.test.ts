import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Candidate } from '../types.js';
import { pickWeightedRandom } from './pickers/random-picker.js';
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

describe('priority strategy, kept per pool', () => {
  it('property: picks what the filtered scan picks for the same draws, over the pool, retries and new pools (300 runs)', () => {
    const weight = fc.oneof(fc.integer({ min: 0, max: 4 }), fc.double({ min: 0, max: 5, noNaN: true }));
    fc.assert(
      fc.property(
        fc.array(fc.record({ priority: fc.integer({ min: 0, max: 2 }), weight }), { minLength: 1, maxLength: 10 }),
        fc.array(fc.constantFrom('pool', 'pool', 'retry', 'health'), { minLength: 1, maxLength: 50 }),
        fc.integer(),
        (specs, steps, seed) => {
          const every = specs.map((s, i) => makeCandidate(makeDeployment(`p${i}/m`, s)));
          let pool = every;
          const strategy = new PriorityStrategy({ weights: {} });
          const weightOf = (c: Candidate) => c.deployment.weight;
          const rngA = makeContext({}, seed).rng;
          const rngB = makeContext({}, seed).rng;
          for (const step of steps) {
            if (step === 'health') pool = every.filter((_, i) => (i + steps.length) % 3 !== 0 || pool.length < every.length);
            const tried = new Set(step === 'retry' && pool.length > 0 ? [pool[0].deployment.id] : []);
            const got = strategy.pick(req, pool, { ...makeContext({ tried }), rng: rngA });
            // What the strategy did before it kept anything: the lowest untried level, weighted random within it.
            const untried = pool.filter((c) => !tried.has(c.deployment.id));
            const candidates = untried.length > 0 ? untried : pool;
            const level = Math.min(...candidates.map((c) => c.deployment.priority));
            const want = pickWeightedRandom(candidates, rngB, weightOf, (c) => c.deployment.priority === level);
            if (got !== want) return false;
          }
          return true;
        },
      ),
      { numRuns: 300 },
    );
  });
});
