import { describe, expect, it } from 'vitest';
import type { AttemptOutcome } from '../types.js';
import { AdaptiveStrategy, adaptiveParamsSchema, type AdaptiveParams } from './adaptive.js';
import { makeCandidates, makeContext, makeRequest, withinBinomial } from './test-fixtures.js';

const req = makeRequest();
const outcome = (kind: AttemptOutcome['kind'], latencyMs: number): AttemptOutcome => ({
  kind,
  latencyMs,
  inputTokens: 0,
  outputTokens: 0,
  costUsd: 0,
});
const create = (params: Partial<AdaptiveParams> = {}) => new AdaptiveStrategy(adaptiveParamsSchema.parse(params));

describe('adaptive strategy', () => {
  it('moves the weight toward successRate / (1 + mean latency s) on every outcome', () => {
    const strategy = create();
    expect(strategy.weightFor('a')).toBe(1);
    strategy.observe('a', outcome('success', 1_000)); // target 1 / 2 = 0.5 → 1 + 0.1 (0.5 − 1)
    expect(strategy.weightFor('a')).toBeCloseTo(0.95, 12);
    strategy.observe('a', outcome('server-error', 3_000)); // target 0.5 / 3 → 0.95 + 0.1 (1/6 − 0.95)
    expect(strategy.weightFor('a')).toBeCloseTo(0.95 + 0.1 * (1 / 6 - 0.95), 12);
  });

  it('keeps only the newest windowSize outcomes', () => {
    const strategy = create({ windowSize: 2 });
    strategy.observe('a', outcome('success', 1_000));
    strategy.observe('a', outcome('timeout', 3_000));
    const before = strategy.weightFor('a');
    strategy.observe('a', outcome('success', 1_000)); // window: timeout 3 s, success 1 s → 0.5 / 3
    expect(strategy.weightFor('a')).toBeCloseTo(before + 0.1 * (0.5 / 3 - before), 12);
  });

  it('floors the weight so a failing deployment keeps being sampled', () => {
    const strategy = create();
    for (let i = 0; i < 200; i++) strategy.observe('a', outcome('server-error', 100));
    expect(strategy.weightFor('a')).toBe(0.1);
  });

  it('ignores cancelled attempts (hedge losers are not evidence)', () => {
    const strategy = create();
    strategy.observe('a', outcome('cancelled', 50_000));
    expect(strategy.weightFor('a')).toBe(1);
  });

  it('routes ∝ learned weights with smooth WRR: weights 1 and 0.1 give 1000 : 100 over 1100 picks (±1)', () => {
    const strategy = create();
    const [good, bad] = makeCandidates(2);
    for (let i = 0; i < 100; i++) {
      strategy.observe(good.deployment.id, outcome('success', 0)); // target 1: weight stays 1
      strategy.observe(bad.deployment.id, outcome('server-error', 0)); // target 0: floor 0.1
    }
    expect(strategy.explain(req, [good, bad])).toEqual({ 'p0/m': 1, 'p1/m': 0.1 });
    let toBad = 0;
    for (let i = 0; i < 1_100; i++) if (strategy.pick(req, [good, bad], makeContext()) === bad) toBad++;
    expect(Math.abs(toBad - 100)).toBeLessThanOrEqual(1);
  });

  it('with picker weighted-random, frequencies follow the weights (5-sigma)', () => {
    const strategy = create({ picker: 'weighted-random' });
    const [good, bad] = makeCandidates(2);
    for (let i = 0; i < 100; i++) strategy.observe(bad.deployment.id, outcome('server-error', 0));
    const ctx = makeContext({}, 'adaptive-random');
    const n = 22_000;
    let toBad = 0;
    for (let i = 0; i < n; i++) if (strategy.pick(req, [good, bad], ctx) === bad) toBad++;
    expect(withinBinomial(toBad, n, 0.1 / 1.1)).toBe(true);
  });

  it('starts as plain round robin', () => {
    const strategy = create();
    const candidates = makeCandidates(3);
    const ids = Array.from({ length: 3 }, () => strategy.pick(req, candidates, makeContext())!.deployment.id);
    expect(ids).toEqual(['p0/m', 'p1/m', 'p2/m']);
  });
});
