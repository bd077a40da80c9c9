import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HealthTimelineEntry } from '../metrics/run-summary.js';
import { exclusionIntervals } from './health-intervals.js';

const e = (atS: number, deploymentId: string, source: string, excluded: boolean): HealthTimelineEntry => ({ atS, deploymentId, source, excluded });

describe('exclusionIntervals', () => {
  it('pairs exclusions with readmissions per deployment and source', () => {
    const got = exclusionIntervals([
      e(600.6, 'alpha/large', 'breaker', true),
      e(603.2, 'alpha/small', 'breaker', true),
      e(630.6, 'alpha/large', 'breaker', false),
      e(631.0, 'alpha/large', 'outlier', true),
      e(633.2, 'alpha/small', 'breaker', false),
      e(700, 'alpha/large', 'outlier', false),
    ], 1800);
    expect(got).toEqual([
      { deploymentId: 'alpha/large', source: 'breaker', startS: 600.6, endS: 630.6, openAtEnd: false },
      { deploymentId: 'alpha/large', source: 'outlier', startS: 631.0, endS: 700, openAtEnd: false },
      { deploymentId: 'alpha/small', source: 'breaker', startS: 603.2, endS: 633.2, openAtEnd: false },
    ]);
  });

  it('keeps the earliest start on repeated exclusions, ignores stray readmissions, closes open intervals at the horizon', () => {
    const got = exclusionIntervals([
      e(5, 'd', 'cooldown', false),
      e(10, 'd', 'cooldown', true),
      e(20, 'd', 'cooldown', true),
      e(30, 'd', 'cooldown', false),
      e(30, 'd', 'cooldown', false),
      e(90, 'd', 'cooldown', true),
    ], 100);
    expect(got).toEqual([
      { deploymentId: 'd', source: 'cooldown', startS: 10, endS: 30, openAtEnd: false },
      { deploymentId: 'd', source: 'cooldown', startS: 90, endS: 100, openAtEnd: true },
    ]);
  });

  it('agrees with a point-in-time reference model on random timelines (order of input irrelevant)', () => {
    const entry = fc.record({
      atS: fc.integer({ min: 0, max: 100 }),
      deploymentId: fc.constantFrom('a', 'b'),
      source: fc.constantFrom('breaker', 'outlier'),
      excluded: fc.boolean(),
    });
    fc.assert(fc.property(fc.array(entry, { maxLength: 40 }), fc.integer({ min: 0, max: 1000 }), (raw, shuffleSeed) => {
      // Recorded order: by time, ties in array order. The function must not depend on input order beyond that.
      const recorded = raw.map((x, i) => ({ x, i })).sort((p, q) => p.x.atS - q.x.atS || p.i - q.i).map((p) => p.x);
      // Same-time entries keep their order (it is meaningful); distinct times arrive scrambled.
      const byTime = new Map<number, typeof recorded>();
      for (const x of recorded) byTime.set(x.atS, [...(byTime.get(x.atS) ?? []), x]);
      const shuffled = [...byTime.entries()]
        .sort(([a], [b]) => ((a * 7919 + shuffleSeed) % 1009) - ((b * 7919 + shuffleSeed) % 1009) || a - b)
        .flatMap(([, xs]) => xs);
      const intervals = exclusionIntervals(shuffled, 100);
      // Reference: at time t + 0.5, a key is excluded iff its last transition at or before t says so.
      for (const dep of ['a', 'b']) {
        for (const source of ['breaker', 'outlier']) {
          for (let t = 0; t < 100; t++) {
            const last = recorded.filter((x) => x.deploymentId === dep && x.source === source && x.atS <= t).at(-1);
            const model = last?.excluded ?? false;
            const covered = intervals.some((iv) => iv.deploymentId === dep && iv.source === source && iv.startS <= t + 0.5 && t + 0.5 < iv.endS);
            expect(covered).toBe(model);
          }
        }
      }
      for (const iv of intervals) {
        expect(iv.endS).toBeGreaterThanOrEqual(iv.startS);
        expect(iv.endS).toBeLessThanOrEqual(100);
      }
    }), { numRuns: 150 });
  });
});
