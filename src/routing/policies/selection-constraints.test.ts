import { describe, expect, it } from 'vitest';
import { selectionSchema } from '../../config/budget-policies-schema.js';
import type { RemovedCandidate, RouterSlot } from '../candidate-partition.js';
import { makeCandidate, makeDeployment, makeRequest } from '../strategies/test-fixtures.js';
import type { AttemptOutcome } from '../types.js';
import { SelectionConstraints } from './selection-constraints.js';

const req = makeRequest({ inputTokens: 1_000, expectedOutputTokens: 100 });
const slots = (prices: [number, number][], latencies: number[] = []) =>
  prices.map(([i, o], k) => makeCandidate(makeDeployment(`p${k}/m`, { inputUsdPerMTok: i, outputUsdPerMTok: o }), { ewmaLatencyMs: latencies[k] ?? NaN })) as unknown as RouterSlot[];
const ids = (pool: RouterSlot[]) => pool.map((s) => s.deployment.id);
const success = (outputTokens: number, latencyMs: number, ttftMs?: number): AttemptOutcome => ({ kind: 'success', latencyMs, ttftMs, inputTokens: 10, outputTokens, costUsd: 0 });

describe('SelectionConstraints', () => {
  it('leaves out deployments whose expected price for the request is above the ceiling (at the ceiling stays), and says why', () => {
    // 1,000 prompt tokens, no output expected: $1/MTok costs exactly the double 0.001.
    const c = new SelectionConstraints(selectionSchema.parse({ maxPriceUsdPerRequest: 0.001 }));
    const pool = slots([[1, 2], [2, 2], [0.5, 1]]);
    const removed: RemovedCandidate[] = [];
    expect(ids(c.apply(pool, makeRequest({ inputTokens: 1_000, expectedOutputTokens: 0 }), removed))).toEqual(['p0/m', 'p2/m']);
    expect(removed).toEqual([{ id: 'p1/m', by: ['max-price'] }]);
  });

  it('returns the same array when nothing is left out (the partition caches it)', () => {
    const c = new SelectionConstraints(selectionSchema.parse({ maxPriceUsdPerRequest: 1 }));
    const pool = slots([[1, 2], [2, 2]]);
    expect(c.apply(pool, req, undefined)).toBe(pool);
  });

  it('sort keeps only the best by price, ties kept for the strategy', () => {
    const c = new SelectionConstraints(selectionSchema.parse({ sort: 'price' }));
    expect(ids(c.apply(slots([[2, 2], [1, 2], [3, 1], [1, 2]]), req, undefined))).toEqual(['p1/m', 'p3/m']);
  });

  it('sort by latency prefers the lowest EWMA, unmeasured first (so it gets measured)', () => {
    const c = new SelectionConstraints(selectionSchema.parse({ sort: 'latency' }));
    expect(ids(c.apply(slots([[1, 1], [1, 1], [1, 1]], [300, 200, 500]), req, undefined))).toEqual(['p1/m']);
    expect(ids(c.apply(slots([[1, 1], [1, 1]], [300, NaN]), req, undefined))).toEqual(['p1/m']);
  });

  it('the throughput floor applies at the percentile once minThroughputSamples successes were measured', () => {
    const c = new SelectionConstraints(selectionSchema.parse({ minThroughputTokensPerS: 50, throughputPercentile: 10, minThroughputSamples: 10 }));
    const pool = slots([[1, 1], [1, 1]]);
    // p0: 100 tokens in 1 s after a 500 ms TTFT -> 200 tok/s; 9 samples: not yet measured enough.
    for (let i = 0; i < 9; i++) c.observe('p0/m', success(100, 1_500, 500));
    // p1: ten samples, 40..130 tok/s (100 tokens over 2,500..769 ms).
    const tps = [40, 45, 60, 70, 80, 90, 100, 110, 120, 130];
    for (const t of tps) c.observe('p1/m', success(100, (100 * 1_000) / t));
    const removed: RemovedCandidate[] = [];
    // Nearest rank ⌈0.1 · 10⌉ = 1st of the sorted ten: 40 tok/s < 50 -> left out; p0 (9 samples) passes.
    expect(ids(c.apply(pool, req, removed))).toEqual(['p0/m']);
    expect(removed).toEqual([{ id: 'p1/m', by: ['min-throughput'] }]);
    // Failures and empty answers teach nothing.
    c.observe('p0/m', { ...success(0, 100), kind: 'server-error' });
    c.observe('p0/m', success(0, 100));
    expect(ids(c.apply(pool, req, undefined))).toEqual(['p0/m']);
    c.observe('p0/m', success(10, 1_000));
    c.observe('p0/m', success(10, 1_000)); // 11 samples [10, 10, 200 x 9]: nearest rank ⌈0.1 · 11⌉ = 2nd -> 10 tok/s
    expect(ids(c.apply(pool, req, undefined))).toEqual([]);
  });

  it('sort by throughput keeps the fastest measured, and unmeasured ones before any measured', () => {
    const c = new SelectionConstraints(selectionSchema.parse({ sort: 'throughput', minThroughputSamples: 1 }));
    c.observe('p0/m', success(100, 1_000));
    c.observe('p1/m', success(100, 500));
    expect(ids(c.apply(slots([[1, 1], [1, 1]]), req, undefined))).toEqual(['p1/m']);
    expect(ids(c.apply(slots([[1, 1], [1, 1], [1, 1]]), req, undefined))).toEqual(['p2/m']);
  });
});

describe('SelectionConstraints per-token ceilings', () => {
  it('leave out deployments priced above max input / output USD per MTok (cost multiplier included; at the ceiling stays)', () => {
    const c = new SelectionConstraints(selectionSchema.parse({ maxInputUsdPerMTok: 1, maxOutputUsdPerMTok: 2 }));
    const pool = [
      makeDeployment('p0/m', { inputUsdPerMTok: 1, outputUsdPerMTok: 2 }),
      makeDeployment('p1/m', { inputUsdPerMTok: 1.5, outputUsdPerMTok: 1 }),
      makeDeployment('p2/m', { inputUsdPerMTok: 0.5, outputUsdPerMTok: 3 }),
      makeDeployment('p3/m', { inputUsdPerMTok: 0.6, outputUsdPerMTok: 1, costMultiplier: 2 }),
    ].map((d) => makeCandidate(d)) as unknown as RouterSlot[];
    const removed: RemovedCandidate[] = [];
    expect(ids(c.apply(pool, req, removed))).toEqual(['p0/m']);
    expect(removed).toEqual([{ id: 'p1/m', by: ['max-input-price'] }, { id: 'p3/m', by: ['max-input-price'] }, { id: 'p2/m', by: ['max-output-price'] }]);
  });
});
