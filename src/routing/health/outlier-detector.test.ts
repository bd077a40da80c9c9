import { afterEach, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { OutlierDetector, UnknownDeploymentError } from './outlier-detector.js';
import { outlierSchema, type OutlierConfig } from '../../config/router-schema.js';
import type { RouterEvent } from '../events.js';
import type { Scheduler } from '../../core/ports.js';
import type { AttemptOutcomeKind } from '../types.js';
import { SimScheduler } from '../../sim/sim-scheduler.js';
import { RealScheduler } from '../../core/real-scheduler.js';

const cfg = (over: Partial<OutlierConfig>): OutlierConfig => outlierSchema.parse(over);
const ids = (n: number) => Array.from({ length: n }, (_, i) => `d${i}`);

function setup(config: OutlierConfig, deploymentIds = ids(1)) {
  const scheduler = new SimScheduler();
  const events: RouterEvent[] = [];
  const od = new OutlierDetector(scheduler, deploymentIds, config, (e) => events.push(e));
  od.start();
  const fail = (id: string, n: number, kind: AttemptOutcomeKind = 'server-error') => {
    for (let i = 0; i < n; i++) od.onOutcome(id, kind, scheduler.now());
  };
  return { scheduler, events, od, fail };
}

describe('OutlierDetector', () => {
  it('ejects after EXACTLY consecutive5xx 5xx-like errors, at once', () => {
    for (const n of [1, 3, 5]) {
      const { od, fail, events, scheduler } = setup(cfg({ consecutive5xx: n }));
      scheduler.run(1_234);
      fail('d0', n - 1);
      expect(od.isExcluded('d0', 1_234)).toBe(false);
      fail('d0', 1, 'timeout');
      expect(od.isExcluded('d0', 1_234)).toBe(true);
      expect(events).toMatchObject([{ type: 'health.changed', atMs: 1_234, deploymentId: 'd0', source: 'outlier', excluded: true }]);
    }
  });

  it('success resets the run; rate-limited, context-exceeded and cancelled neither count nor reset', () => {
    const { od, fail } = setup(cfg({ consecutive5xx: 3 }));
    fail('d0', 2, 'overloaded');
    fail('d0', 1, 'success');
    fail('d0', 2, 'connection-error');
    expect(od.isEjected('d0')).toBe(false);
    for (const k of ['rate-limited', 'context-exceeded', 'cancelled'] as const) fail('d0', 5, k);
    expect(od.consecutive5xx('d0')).toBe(2);
    expect(od.isEjected('d0')).toBe(false);
    fail('d0', 1, 'server-error');
    expect(od.isEjected('d0')).toBe(true);
  });

  it('ejection time grows 30 s, 60 s, 90 s … capped at 300 s; un-ejection lands on the first sweep after it', () => {
    const { od, fail, events, scheduler } = setup(cfg({ consecutive5xx: 5 }), ids(2));
    const durations: number[] = [];
    scheduler.run(1_000);
    for (let i = 0; i < 13; i++) {
      const ejectedAt = scheduler.now();
      fail('d0', 5);
      expect(od.isEjected('d0')).toBe(true);
      durations.push(od.ejectionMs('d0'));
      const due = ejectedAt + od.ejectionMs('d0');
      const firstSweepAfter = Math.ceil(due / 10_000) * 10_000;
      scheduler.run(firstSweepAfter - 1);
      expect(od.isEjected('d0')).toBe(true);
      scheduler.run(firstSweepAfter);
      expect(od.isEjected('d0')).toBe(false);
      expect(events.at(-1)).toMatchObject({ atMs: firstSweepAfter, excluded: false, source: 'outlier' });
      scheduler.run(firstSweepAfter + 3); // re-fail before the next sweep can decay the multiplier
    }
    expect(durations).toEqual([30, 60, 90, 120, 150, 180, 210, 240, 270, 300, 300, 300, 300].map((s) => s * 1_000));
  });

  it('caps a non-multiple ejection time at maxEjectionMs and stops growing the multiplier there', () => {
    const { od, fail, scheduler } = setup(cfg({ consecutive5xx: 1, baseEjectionMs: 40_000, maxEjectionMs: 100_000, sweepIntervalMs: 1_000 }));
    const got: number[] = [];
    for (let i = 0; i < 5; i++) {
      fail('d0', 1);
      got.push(od.ejectionMs('d0'));
      scheduler.run(scheduler.now() + od.ejectionMs('d0'));
    }
    expect(got).toEqual([40_000, 80_000, 100_000, 100_000, 100_000]);
    expect(od.ejectionMultiplier('d0')).toBe(3);
  });

  it('each sweep decrements the multiplier of a non-ejected deployment, never below 0', () => {
    const { od, fail, scheduler } = setup(cfg({ consecutive5xx: 1 }), ids(2));
    for (let i = 0; i < 3; i++) {
      fail('d0', 1);
      scheduler.run(scheduler.now() + od.ejectionMs('d0') + 10_000 - 1); // the sweep that un-ejects
      expect(od.isEjected('d0')).toBe(false);
    }
    expect(od.ejectionMultiplier('d0')).toBe(3); // the un-ejecting sweep does not decrement
    scheduler.run(scheduler.now() + 20_000); // two more sweeps
    expect(od.ejectionMultiplier('d0')).toBe(1);
    fail('d0', 1);
    expect(od.ejectionMs('d0')).toBe(60_000);
    scheduler.run(scheduler.now() + 1_000_000);
    expect(od.ejectionMultiplier('d0')).toBe(0);
    expect(od.ejectionMultiplier('d1')).toBe(0);
  });

  it('respects maxEjectionPercent but always allows ejecting one', () => {
    const a = setup(cfg({ consecutive5xx: 2, maxEjectionPercent: 10 }), ids(5));
    a.fail('d0', 2);
    a.fail('d1', 2);
    expect([a.od.isEjected('d0'), a.od.isEjected('d1')]).toEqual([true, false]);
    expect(a.od.ejectionsRefused).toBe(1);
    expect(a.od.consecutive5xx('d1')).toBe(0); // reset after the attempt, as Envoy does

    const zero = setup(cfg({ consecutive5xx: 1, maxEjectionPercent: 0 }), ids(3));
    zero.fail('d2', 1);
    expect(zero.od.ejectedDeployments).toBe(1);

    const b = setup(cfg({ consecutive5xx: 1, maxEjectionPercent: 30 }), ids(10));
    for (const id of ids(10)) b.fail(id, 1);
    expect(b.od.ejectedDeployments).toBe(3);
    expect(b.od.ejectionsRefused).toBe(7);
  });

  it('property: ejected count never exceeds max(1, floor(percent × n)) under random outcomes', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 0, max: 100 }),
        fc.array(fc.tuple(fc.nat(), fc.constantFrom<AttemptOutcomeKind>('success', 'server-error', 'timeout', 'rate-limited'), fc.integer({ min: 0, max: 5_000 })), {
          maxLength: 400,
          size: 'max',
        }),
        (n, pct, steps) => {
          const { od, scheduler } = setup(cfg({ consecutive5xx: 2, maxEjectionPercent: pct, sweepIntervalMs: 1_000, baseEjectionMs: 3_000 }), ids(n));
          const limit = Math.max(1, Math.floor((pct * n) / 100 + 1e-9));
          for (const [k, kind, dt] of steps) {
            scheduler.run(scheduler.now() + dt);
            od.onOutcome(`d${k % n}`, kind, scheduler.now());
            const ejected = ids(n).filter((id) => od.isEjected(id)).length;
            expect(ejected).toBe(od.ejectedDeployments);
            expect(ejected).toBeLessThanOrEqual(limit);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('a run while ejected neither extends the ejection nor re-ejects', () => {
    const { od, fail, events } = setup(cfg({ consecutive5xx: 2 }));
    fail('d0', 2);
    fail('d0', 10);
    expect(od.ejectionMs('d0')).toBe(30_000);
    expect(events).toHaveLength(1);
  });

  it('stop halts sweeps; unknown ids throw a typed error', () => {
    const { od, fail, scheduler } = setup(cfg({ consecutive5xx: 1 }));
    fail('d0', 1);
    od.stop();
    scheduler.run(1_000_000);
    expect(od.isEjected('d0')).toBe(true);
    od.sweep(scheduler.now()); // a router without timers can sweep by hand
    expect(od.isEjected('d0')).toBe(false);
    expect(() => od.onOutcome('ghost', 'server-error', 0)).toThrow(UnknownDeploymentError);
    expect(od.isExcluded('ghost', 0)).toBe(false);
  });
});

function outlierScript(scheduler: Scheduler): RouterEvent[] {
  const events: RouterEvent[] = [];
  const od = new OutlierDetector(scheduler, ids(4), cfg({ consecutive5xx: 3, sweepIntervalMs: 700, baseEjectionMs: 1_000, maxEjectionMs: 2_500, maxEjectionPercent: 50 }), (e) =>
    events.push(e),
  );
  od.start();
  const kinds: AttemptOutcomeKind[] = ['server-error', 'timeout', 'success', 'overloaded', 'rate-limited'];
  for (let k = 0; k < 400; k++) {
    scheduler.schedule(25 * k + (k % 7), () => {
      const id = `d${(k * 5) % 4}`;
      const kind = id === 'd3' ? 'success' : kinds[(k * k) % (id === 'd0' ? 2 : 5)];
      od.onOutcome(id, kind, scheduler.now());
    });
  }
  scheduler.schedule(15_000, () => od.stop());
  return events;
}

describe('OutlierDetector: simulator vs wall-clock scheduler', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('emit identical event sequences (ejections and sweep un-ejections)', () => {
    const sim = new SimScheduler();
    const simEvents = outlierScript(sim);
    sim.run(20_000);

    vi.useFakeTimers();
    const real = new RealScheduler();
    const realEvents = outlierScript(real);
    vi.advanceTimersByTime(20_000);

    expect(simEvents.filter((e) => e.type === 'health.changed' && !e.excluded).length).toBeGreaterThan(3);
    expect(realEvents).toEqual(simEvents);
  });
});
