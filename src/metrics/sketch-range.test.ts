import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { metricsSchema } from '../config/scenario-schema.js';
import { bucketsToCover, QuantileSketch, quantileRank } from './quantile-sketch.js';
import type { RouteRequest, RouteResult } from '../routing/types.js';
import { LATENCY_RANGE_RATIO, RunMetrics } from './run-metrics.js';

/**
 * The latency sketches of a run hold the scenario's stated relative error over the whole range
 * at both extremes the schema allows (quantileRelativeError 0.0001 and 0.1). Before, 2048
 * buckets at α = 0.0001 covered a ratio of only 1.5: a true p50 of 300 ms next to 20 s timeouts
 * came out as 19,920 ms.
 */
const FP_SLACK = 1e-12;
const EXTREMES = [0.0001, 0.1];
const accepts = (alpha: number) => metricsSchema.safeParse({ quantileRelativeError: alpha }).success;

function runSketch(alpha: number): QuantileSketch {
  const metrics = new RunMetrics(metricsSchema.parse({ quantileRelativeError: alpha }), 60_000, new Map());
  return metrics.e2e;
}

describe('latency sketch over the whole range at the schema extremes', () => {
  it('these are the extremes the schema allows', () => {
    expect(EXTREMES.map(accepts)).toEqual([true, true]);
    expect([EXTREMES[0] * 0.999, EXTREMES[1] * 1.001].map(accepts)).toEqual([false, false]);
  });

  for (const alpha of EXTREMES) {
    it(`α = ${alpha}: a 300 ms median beside 20 s timeouts is reported within α`, () => {
      const s = runSketch(alpha);
      for (let i = 0; i < 600; i++) s.add(300 + (i % 7));
      for (let i = 0; i < 400; i++) s.add(20_000 + i);
      const truth = [...Array(600).keys()].map((i) => 300 + (i % 7)).concat([...Array(400).keys()].map((i) => 20_000 + i)).sort((a, b) => a - b);
      for (const q of [0.01, 0.25, 0.5, 0.59, 0.61, 0.9, 0.99]) {
        const x = truth[quantileRank(q, truth.length)];
        expect(Math.abs(s.quantile(q) - x), `q ${q}`).toBeLessThanOrEqual(alpha * x * (1 + FP_SLACK));
      }
    });

    it(`α = ${alpha}: property: every quantile within α for values spanning 1e-3..1e9 ms (a ratio of 1e12)`, () => {
      const logUniform = fc.double({ min: -3, max: 9, noNaN: true }).map((e) => 10 ** e);
      fc.assert(
        fc.property(fc.array(logUniform, { minLength: 1, maxLength: 300 }), fc.constantFrom(0.001, 0.1, 0.5, 0.9, 0.99, 0.999), (xs, q) => {
          const s = runSketch(alpha);
          for (const x of xs) s.add(x);
          const sorted = [...xs].sort((a, b) => a - b);
          const x = sorted[quantileRank(q, sorted.length)];
          expect(Math.abs(s.quantile(q) - x)).toBeLessThanOrEqual(alpha * x * (1 + FP_SLACK) + 1e-300);
        }),
        { numRuns: 60 },
      );
    });
  }

  it('sizes the buckets from α: the default stays 2048, α = 0.0001 gets enough for the range', () => {
    expect(bucketsToCover(0.01, LATENCY_RANGE_RATIO)).toBe(2048);
    const b = bucketsToCover(0.0001, LATENCY_RANGE_RATIO);
    const gamma = (1 + 0.0001) / (1 - 0.0001);
    expect(gamma ** (b - 1)).toBeGreaterThan(LATENCY_RANGE_RATIO);
    expect(runSketch(0.0001).maxBuckets).toBe(b);
  });
});

describe('per-tenant latency quantiles hold the same error bound', () => {
  it('α = 0.0001: a tenant whose p50 is 300 ms beside 20 s answers is reported within α', () => {
    const alpha = 0.0001;
    const metrics = new RunMetrics(metricsSchema.parse({ quantileRelativeError: alpha }), 60_000, new Map());
    const req = { tenant: 'a' } as RouteRequest;
    const latencies = [...Array(600).fill(300), ...Array(400).fill(20_000)];
    for (const latencyMs of latencies) metrics.tenants.onResult(req, { ok: true, latencyMs, costUsd: 0 } as RouteResult);
    const p50 = metrics.tenants.summary()!.perTenant[0].latencyMs.p50;
    expect(Math.abs(p50 - 300)).toBeLessThanOrEqual(alpha * 300 * (1 + FP_SLACK));
  });
});
