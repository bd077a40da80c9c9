import { describe, expect, it } from 'vitest';
import { PerformanceStrategy, performanceParamsSchema } from './performance.js';
import { makeCandidate, makeContext, makeDeployment, makeRequest } from './test-fixtures.js';

const defaults = performanceParamsSchema.parse({});
const req = makeRequest();
const withWindow = (id: string, successRate: number, meanLatencyMs: number, bonus = 0) =>
  makeCandidate(makeDeployment(id, { performanceBonus: bonus }), {
    windowCount: 50,
    windowSuccessRate: successRate,
    windowMeanLatencyMs: meanLatencyMs,
  });

describe('performance strategy', () => {
  it('scores 0.6 × success + 0.4 × (1 − min(latency, 10 s)/10 s) + bonus', () => {
    const a = withWindow('a/m', 1, 2_000); // 0.6 + 0.32 = 0.92
    const b = withWindow('b/m', 0.8, 1_000); // 0.48 + 0.36 = 0.84
    const slow = withWindow('c/m', 1, 25_000); // latency term capped at 0: 0.6
    const unknown = makeCandidate(makeDeployment('d/m')); // prior 0.5
    const scores = new PerformanceStrategy(defaults).explain(req, [a, b, slow, unknown]);
    expect(scores['a/m']).toBeCloseTo(0.92, 12);
    expect(scores['b/m']).toBeCloseTo(0.84, 12);
    expect(scores['c/m']).toBeCloseTo(0.6, 12);
    expect(scores['d/m']).toBe(0.5);
    expect(new PerformanceStrategy(defaults).pick(req, [b, slow, a, unknown], makeContext())).toBe(a);
  });

  it('adds performanceBonus, also to the prior of a deployment without data', () => {
    const a = withWindow('a/m', 1, 2_000); // 0.92
    const boosted = withWindow('b/m', 0.8, 1_000, 0.1); // 0.94
    const newcomer = makeCandidate(makeDeployment('c/m', { performanceBonus: 0.5 })); // 1.0
    const strategy = new PerformanceStrategy(defaults);
    expect(strategy.pick(req, [a, boosted], makeContext())).toBe(boosted);
    expect(strategy.pick(req, [a, boosted, newcomer], makeContext())).toBe(newcomer);
  });

  it('uses configurable weights, cap and prior', () => {
    const a = withWindow('a/m', 0.5, 1_000);
    const b = withWindow('b/m', 1, 4_000);
    const latencyOnly = new PerformanceStrategy({ wSuccess: 0, wLatency: 1, capMs: 5_000, priorScore: 0, explorationRate: 0 });
    expect(latencyOnly.explain(req, [a, b])).toEqual({ 'a/m': 0.8, 'b/m': expect.closeTo(0.2, 12) });
    expect(latencyOnly.pick(req, [b, a], makeContext())).toBe(a);
    const optimistic = new PerformanceStrategy({ ...defaults, priorScore: 1 });
    const unknown = makeCandidate(makeDeployment('u/m'));
    expect(optimistic.pick(req, [a, b, unknown], makeContext())).toBe(unknown);
  });

  it('breaks ties by deployment order and skips tried deployments', () => {
    const a = withWindow('a/m', 0.9, 500);
    const b = withWindow('b/m', 0.9, 500);
    const strategy = new PerformanceStrategy(defaults);
    expect(strategy.pick(req, [a, b], makeContext())).toBe(a);
    expect(strategy.pick(req, [b, a], makeContext())).toBe(b);
    expect(strategy.pick(req, [a, b], makeContext({ tried: new Set(['a/m']) }))).toBe(b);
  });
});
