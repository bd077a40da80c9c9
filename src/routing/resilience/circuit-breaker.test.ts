import { afterEach, describe, expect, it, vi } from 'vitest';
import { CircuitBreakers } from './circuit-breaker.js';
import { breakerSchema, type BreakerConfig } from '../../config/router-schema.js';
import type { RouterEvent } from '../events.js';
import type { Scheduler } from '../../core/ports.js';
import { SimScheduler } from '../../sim/sim-scheduler.js';
import { RealScheduler } from '../../core/real-scheduler.js';

const cfg = (over: Partial<BreakerConfig>): BreakerConfig => breakerSchema.parse(over);

function harness(config: BreakerConfig) {
  const clock = { t: 0, now() { return this.t; } };
  const events: RouterEvent[] = [];
  const b = new CircuitBreakers(clock, config, (e) => events.push(e));
  return { clock, events, b };
}

const transitions = (events: RouterEvent[]) =>
  events.flatMap((e) => (e.type === 'breaker.transitioned' ? [`${e.from}>${e.to}@${e.atMs}`] : []));

describe('CircuitBreakers: examples', () => {
  it('opens after exactly consecutiveFailures failures, a success in between resets the run', () => {
    const { b, events } = harness(cfg({ consecutiveFailures: 3, minRequests: 1000 }));
    b.onFailure('a', 0);
    b.onFailure('a', 1);
    b.onSuccess('a', 2);
    b.onFailure('a', 3);
    b.onFailure('a', 4);
    expect(b.state('a', 4)).toBe('closed');
    b.onFailure('a', 5);
    expect(b.state('a', 5)).toBe('open');
    expect(b.tryAcquire('a', 6)).toBe(false);
    expect(transitions(events)).toEqual(['closed>open@5']);
    expect(events.filter((e) => e.type === 'health.changed')).toMatchObject([
      { atMs: 5, deploymentId: 'a', source: 'breaker', excluded: true },
    ]);
  });

  it('half-open after openMs, admits at most halfOpenProbes, closes on a probe success', () => {
    const { b, events } = harness(cfg({ consecutiveFailures: 1, openMs: 1_000, halfOpenProbes: 2 }));
    b.onFailure('a', 0);
    expect(b.isExcluded('a', 999)).toBe(true);
    expect(b.tryAcquire('a', 999)).toBe(false);
    expect(b.state('a', 1_000)).toBe('half-open');
    expect(b.isExcluded('a', 1_000)).toBe(false);
    expect(b.tryAcquire('a', 1_200)).toBe(true);
    expect(b.tryAcquire('a', 1_200)).toBe(true);
    expect(b.tryAcquire('a', 1_200)).toBe(false);
    expect(b.isExcluded('a', 1_200)).toBe(true);
    b.onRelease('a', 1_300);
    expect(b.isExcluded('a', 1_300)).toBe(false);
    b.onSuccess('a', 1_400);
    expect(b.state('a', 1_400)).toBe('closed');
    // The open → half-open change carries the time it took effect, not the time it was seen.
    expect(transitions(events)).toEqual(['closed>open@0', 'open>half-open@1000', 'half-open>closed@1400']);
    expect(events.filter((e) => e.type === 'health.changed').map((e) => (e.type === 'health.changed' ? [e.atMs, e.excluded] : []))).toEqual([
      [0, true],
      [1_000, false],
      [1_200, true],
      [1_300, false],
    ]);
  });

  it('re-opens with a backed-off open period on probe failure, capped, and resets after closing', () => {
    const { b } = harness(cfg({ consecutiveFailures: 1, openMs: 100, openBackoffFactor: 3, maxOpenMs: 1_000 }));
    let t = 0;
    b.onFailure('a', t);
    const periods: number[] = [];
    for (let i = 0; i < 5; i++) {
      t = b.openUntilMs('a')!;
      expect(b.tryAcquire('a', t)).toBe(true);
      b.onFailure('a', t);
      periods.push(b.openPeriodMs('a')!);
    }
    expect(periods).toEqual([300, 900, 1_000, 1_000, 1_000]);
    t = b.openUntilMs('a')!;
    expect(b.tryAcquire('a', t)).toBe(true);
    b.onSuccess('a', t);
    b.onFailure('a', t + 1);
    expect(b.openPeriodMs('a')).toBe(100);
    expect(b.openUntilMs('a')).toBe(t + 101);
  });

  it('opens on failure rate over the window once minRequests outcomes are in it', () => {
    const { b } = harness(cfg({ consecutiveFailures: 100, failureRateThreshold: 0.5, minRequests: 4, windowMs: 1_000 }));
    b.onFailure('a', 0);
    b.onSuccess('a', 1);
    b.onFailure('a', 2);
    expect(b.state('a', 2)).toBe('closed'); // 3 outcomes < minRequests
    b.onSuccess('a', 3);
    expect(b.state('a', 3)).toBe('closed'); // success never trips
    b.onFailure('a', 4); // 3/5 failed
    expect(b.state('a', 4)).toBe('open');
  });

  it('the failure-rate window keeps the NEWEST samples (old successes must not mask new failures)', () => {
    const { b } = harness(cfg({ consecutiveFailures: 100, failureRateThreshold: 0.5, minRequests: 4, windowMs: 1_000 }));
    for (let i = 0; i < 50; i++) b.onSuccess('a', i);
    for (let i = 0; i < 3; i++) b.onFailure('a', 2_000 + i);
    expect(b.state('a', 2_003)).toBe('closed');
    b.onFailure('a', 2_003); // window holds only the 4 new failures → 100%
    expect(b.state('a', 2_003)).toBe('open');
  });

  it('ignores stale verdicts: while open, and in half-open with no probe in flight', () => {
    const { b, events } = harness(cfg({ consecutiveFailures: 1, openMs: 100 }));
    b.onFailure('a', 0);
    b.onSuccess('a', 50); // straggler while open
    expect(b.state('a', 50)).toBe('open');
    b.onSuccess('a', 150); // half-open but nobody acquired a probe slot
    expect(b.state('a', 150)).toBe('half-open');
    b.onFailure('a', 160);
    expect(b.state('a', 160)).toBe('half-open');
    expect(transitions(events)).toEqual(['closed>open@0', 'open>half-open@100']);
  });

  it('keeps deployments independent and unknown ones closed', () => {
    const { b } = harness(cfg({ consecutiveFailures: 1 }));
    b.onFailure('a', 0);
    expect(b.isExcluded('a', 1)).toBe(true);
    expect(b.isExcluded('b', 1)).toBe(false);
    expect(b.state('zzz', 1)).toBe('closed');
    expect(b.tryAcquire('b', 1)).toBe(true);
  });

  it('flush announces expired open periods; the Clock supplies the default time', () => {
    const { b, events, clock } = harness(cfg({ consecutiveFailures: 1, openMs: 100 }));
    b.onFailure('a');
    clock.t = 250;
    b.flush();
    expect(transitions(events)).toEqual(['closed>open@0', 'open>half-open@100']);
    expect(b.tryAcquire('a')).toBe(true);
    expect(b.state('a')).toBe('half-open');
  });
});

// ---------------------------------------------------------------------------------------------
// Same inputs on the simulator and on wall-clock timers (faked) → the same events.

function breakerScript(scheduler: Scheduler): RouterEvent[] {
  const events: RouterEvent[] = [];
  const b = new CircuitBreakers(scheduler, cfg({ consecutiveFailures: 2, openMs: 300, halfOpenProbes: 1 }), (e) => events.push(e));
  const at = (ms: number, fn: () => void) => scheduler.schedule(ms, fn);
  at(10, () => b.onFailure('a', scheduler.now()));
  at(20, () => b.onFailure('a', scheduler.now()));
  at(200, () => b.tryAcquire('a', scheduler.now()));
  at(350, () => b.tryAcquire('a') && b.onFailure('a'));
  at(1_000, () => b.flush());
  at(1_010, () => b.tryAcquire('b') && b.onFailure('b'));
  at(1_100, () => b.tryAcquire('a'));
  at(1_150, () => b.onRelease('a'));
  at(1_200, () => b.tryAcquire('a') && b.onSuccess('a'));
  return events;
}

describe('CircuitBreakers: simulator vs wall-clock scheduler', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('emit identical event sequences', () => {
    const sim = new SimScheduler();
    const simEvents = breakerScript(sim);
    sim.run(5_000);

    vi.useFakeTimers();
    const real = new RealScheduler();
    const realEvents = breakerScript(real);
    vi.advanceTimersByTime(5_000);

    expect(simEvents.length).toBeGreaterThan(5);
    expect(realEvents).toEqual(simEvents);
    expect(transitions(simEvents)).toEqual([
      'closed>open@20',
      'open>half-open@320',
      'half-open>open@350',
      'open>half-open@950',
      'half-open>closed@1200',
    ]);
  });
});
