import { describe, expect, it } from 'vitest';
import { concurrencyLimitSchema } from '../../config/admission-schema.js';
import { LIMIT_ALGORITHMS } from './limit-algorithms.js';

const ok = (latencyMs: number, inFlight: number) => ({ dropped: false, latencyMs, inFlight });
const drop = (inFlight: number) => ({ dropped: true, latencyMs: NaN, inFlight });

describe('limit algorithms', () => {
  it('static never moves', () => {
    const a = LIMIT_ALGORITHMS.static(concurrencyLimitSchema.parse({ algorithm: 'static' }));
    expect([a.update(7, ok(100, 7)), a.update(7, drop(7))]).toEqual([7, 7]);
  });

  it('aimd: +1 on a success when at least half used, unchanged below half, x backoffRatio on a drop or a slow success', () => {
    const a = LIMIT_ALGORITHMS.aimd(concurrencyLimitSchema.parse({ algorithm: 'aimd', backoffRatio: 0.5, latencyThresholdMs: 1_000 }));
    expect(a.update(10, ok(100, 5))).toBe(11);
    expect(a.update(10, ok(100, 4))).toBe(10);
    expect(a.update(10, drop(10))).toBe(5);
    expect(a.update(10, ok(1_001, 10))).toBe(5);
    expect(a.update(10, ok(1_000, 10))).toBe(11);
  });

  it('gradient: steady latency grows the limit by sqrt(limit) x smoothing; doubled latency with tolerance 1 shrinks it by half x smoothing', () => {
    const c = concurrencyLimitSchema.parse({ algorithm: 'gradient', tolerance: 1, smoothing: 0.5, shortWindow: 1, longWindow: 1_000_000 });
    const a = LIMIT_ALGORITHMS.gradient(c);
    // First sample: short = long = 100 -> gradient 1: 16 x 0.5 + (16 + 4) x 0.5 = 18.
    expect(a.update(16, ok(100, 16))).toBe(18);
    // short window 1: short = 200, long ~ 100.0002 -> gradient ~0.5: 16 x 0.5 + (16 x 0.5 + 4) x 0.5 = 14.
    expect(a.update(16, ok(200, 16))).toBeCloseTo(14, 3);
    // Under-used: unchanged. A drop: x backoffRatio (0.9).
    expect(a.update(16, ok(100, 7))).toBe(16);
    expect(a.update(16, drop(16))).toBeCloseTo(14.4, 10);
  });
});
