import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { HedgeBudget, hedgeDelayMs } from './hedge-budget.js';
import { hedgingSchema } from '../../config/router-schema.js';

describe('HedgeBudget', () => {
  it('allows hedges up to the ratio of requests seen', () => {
    const h = new HedgeBudget(0.1, 60_000);
    expect(h.tryHedge(0)).toBe(false);
    for (let i = 0; i < 9; i++) h.requestStarted(i);
    expect(h.tryHedge(9)).toBe(false);
    h.requestStarted(10);
    expect(h.tryHedge(10)).toBe(true);
    expect(h.tryHedge(10)).toBe(false);
    expect(h.hedgesIssued).toBe(1);
    expect(h.hedgesDenied).toBe(3);
    expect(() => new HedgeBudget(1.5, 60_000)).toThrow(RangeError);
  });

  it('counts over a sliding window: a quiet day banks nothing for a burst', () => {
    const h = new HedgeBudget(0.1, 60_000);
    // A day of traffic that never hedged...
    for (let t = 0; t < 86_400_000; t += 1_000) h.requestStarted(t);
    // ...then a minute of 100 requests: at most 10 hedges, not 8,640.
    const burstAtMs = 90_000_000;
    for (let i = 0; i < 100; i++) h.requestStarted(burstAtMs + i);
    let granted = 0;
    for (let i = 0; i < 1_000; i++) if (h.tryHedge(burstAtMs + 100)) granted++;
    expect(granted).toBe(10);
    expect(h.inWindow(burstAtMs + 100)).toEqual({ requests: 100, hedges: 10 });
    // The window forgets: a minute later the same 100 requests' hedges are gone too.
    expect(h.inWindow(burstAtMs + 60_100)).toEqual({ requests: 0, hedges: 0 });
  });

  it('property: a granted hedge keeps the window within the ratio, and denials only happen at the limit', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 400 })), { maxLength: 600, size: 'max' }),
        (ratio, ops) => {
          const h = new HedgeBudget(ratio, 1_000);
          let nowMs = 0;
          for (const [isRequest, stepMs] of ops) {
            nowMs += stepMs;
            if (isRequest) {
              h.requestStarted(nowMs);
              continue;
            }
            const granted = h.tryHedge(nowMs);
            const w = h.inWindow(nowMs);
            if (granted) expect(w.hedges).toBeLessThanOrEqual(ratio * w.requests + 1e-9);
            else expect(w.hedges + 1).toBeGreaterThan(ratio * w.requests - 1e-12);
          }
        },
      ),
      { numRuns: 120 },
    );
  });
});

describe('hedgeDelayMs', () => {
  const p95 = { latencyQuantileMs: (q: number) => (q === 0.95 ? 812 : NaN) };
  it('uses the fixed delay when set (it wins over a percentile)', () => {
    expect(hedgeDelayMs(hedgingSchema.parse({ delayMs: 250 }), p95)).toBe(250);
    expect(hedgeDelayMs(hedgingSchema.parse({ delayMs: 250, percentile: 95 }), p95)).toBe(250);
  });
  it('uses the percentile of recent latency, undefined without data', () => {
    expect(hedgeDelayMs(hedgingSchema.parse({ percentile: 95 }), p95)).toBe(812);
    expect(hedgeDelayMs(hedgingSchema.parse({ percentile: 99 }), p95)).toBeUndefined();
    expect(hedgeDelayMs(hedgingSchema.parse({ percentile: 95 }), { latencyQuantileMs: () => NaN })).toBeUndefined();
  });
  it('is undefined when hedging is off or neither trigger is configured', () => {
    expect(hedgeDelayMs(false, p95)).toBeUndefined();
    expect(hedgeDelayMs(hedgingSchema.parse({}), p95)).toBeUndefined();
  });
});
