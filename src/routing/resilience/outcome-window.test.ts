import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { OutcomeWindow } from './outcome-window.js';

describe('OutcomeWindow', () => {
  it('evicts by age: a sample is in the window while now - at < windowMs', () => {
    const w = new OutcomeWindow(1_000);
    w.record(0, true);
    w.record(500, false);
    expect(w.count(999)).toBe(2);
    expect(w.count(1_000)).toBe(1);
    expect(w.failureCount(1_000)).toBe(0);
    expect(w.count(1_500)).toBe(0);
    expect(w.failureRate(1_500)).toBeNaN();
  });

  it('keeps the NEWEST samples when full (the "keeps the oldest" gateway bug would fail this)', () => {
    const w = new OutcomeWindow(1_000_000, 4);
    for (let t = 0; t < 4; t++) w.record(t, false); // old successes
    for (let t = 4; t < 8; t++) w.record(t, true); // new failures
    expect(w.count(8)).toBe(4);
    expect(w.failureRate(8)).toBe(1);
    expect(w.sampleTimes(8)).toEqual([4, 5, 6, 7]);
  });

  it('clamps timestamps that go backwards to the newest seen', () => {
    const w = new OutcomeWindow(100);
    w.record(50, true);
    w.record(10, false);
    expect(w.sampleTimes(50)).toEqual([50, 50]);
  });

  it('rejects nonsense sizes', () => {
    expect(() => new OutcomeWindow(0)).toThrow(RangeError);
    expect(() => new OutcomeWindow(10, 0)).toThrow(RangeError);
  });

  it('matches a naive "filter the whole history" model under random use', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 500 }),
        fc.option(fc.integer({ min: 1, max: 30 }), { nil: undefined }),
        fc.array(fc.record({ dtMs: fc.integer({ min: 0, max: 200 }), failed: fc.boolean(), query: fc.boolean() }), { maxLength: 3_000, size: 'max' }),
        (windowMs, maxSamples, steps) => {
          const w = new OutcomeWindow(windowMs, maxSamples ?? Infinity);
          const cap = maxSamples ?? Infinity;
          let kept: { t: number; failed: boolean }[] = []; // naive model: filter and shift
          let t = 0;
          for (const s of steps) {
            t += s.dtMs;
            kept = kept.filter((h) => t - h.t < windowMs);
            if (s.query) {
              expect(w.count(t)).toBe(kept.length);
              expect(w.failureCount(t)).toBe(kept.filter((h) => h.failed).length);
              expect(w.sampleTimes(t)).toEqual(kept.map((h) => h.t));
            } else {
              while (kept.length >= cap) kept.shift(); // room is made by dropping the OLDEST
              kept.push({ t, failed: s.failed });
              w.record(t, s.failed);
            }
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});
