import { describe, expect, it } from 'vitest';
import { metricsSchema } from '../config/scenario-schema.js';
import type { RouteRequest, RouteResult } from '../routing/types.js';
import { quantileRank } from './quantile-sketch.js';
import { RunMetrics } from './run-metrics.js';

const req = (id: number, arrivalMs: number) => ({ id, arrivalMs, qualityTier: 'low' }) as unknown as RouteRequest;
const ok = (id: number, latencyMs: number) =>
  ({ requestId: id, ok: true, attempts: 1, retries: 0, failovers: 0, hedges: 0, costUsd: 0, latencyMs, inputTokens: 0, outputTokens: 0, panic: false }) as RouteResult;

describe('time series: per-bucket latency quantiles', () => {
  it('gives each bucket the p50 and p99 of its own successful requests (to 1%), NaN for an empty one', () => {
    const m = new RunMetrics(metricsSchema.parse({ bucketS: 10, quantileRelativeError: 0.0001 }), 30_000, new Map());
    // Bucket 0: latencies 100..299 ms; bucket 1: empty; bucket 2: 5,000..5,099 ms.
    const first = [...Array(200).keys()].map((i) => 100 + i);
    const third = [...Array(100).keys()].map((i) => 5000 + i);
    first.forEach((l, i) => m.onResult(req(i, i * 10), ok(i, l), i * 10 + l));
    third.forEach((l, i) => m.onResult(req(1000 + i, 20_000 + i * 10), ok(1000 + i, l), 20_000 + i * 10 + l));
    const [b0, b1, b2] = m.timeseries();
    const exact = (xs: number[], q: number) => xs[quantileRank(q, xs.length)];
    for (const [b, xs] of [[b0, first], [b2, third]] as const) {
      expect(Math.abs(b.latencyP50Ms - exact(xs, 0.5))).toBeLessThanOrEqual(0.01 * exact(xs, 0.5));
      expect(Math.abs(b.latencyP99Ms - exact(xs, 0.99))).toBeLessThanOrEqual(0.01 * exact(xs, 0.99));
    }
    expect(b1.latencyP50Ms).toBeNaN();
    expect(b1.latencyP99Ms).toBeNaN();
  });
});
