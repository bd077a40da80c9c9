import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { HedgeBudget, hedgeDelayMs } from './hedge-budget.js';
import { hedgingSchema } from '../../config/router-schema.js';

describe('HedgeBudget', () => {
  it('allows hedges up to the ratio of requests seen', () => {
    const h = new HedgeBudget(0.1);
    expect(h.tryHedge()).toBe(false);
    for (let i = 0; i < 9; i++) h.requestStarted();
    expect(h.tryHedge()).toBe(false);
    h.requestStarted();
    expect(h.tryHedge()).toBe(true);
    expect(h.tryHedge()).toBe(false);
    expect(h.hedgesIssued).toBe(1);
    expect(h.hedgesDenied).toBe(3);
    expect(() => new HedgeBudget(1.5)).toThrow(RangeError);
  });

  it('property: hedges/requests never exceed the ratio, and denials only happen at the limit', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.array(fc.boolean(), { maxLength: 1_000, size: 'max' }),
        (ratio, ops) => {
          const h = new HedgeBudget(ratio);
          for (const isRequest of ops) {
            if (isRequest) h.requestStarted();
            else if (!h.tryHedge()) expect((h.hedgesIssued + 1) / h.requestsStarted).toBeGreaterThan(ratio - 1e-12);
            expect(h.hedgesIssued).toBeLessThanOrEqual(ratio * h.requestsStarted);
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
