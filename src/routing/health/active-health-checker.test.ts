import { afterEach, describe, expect, it, vi } from 'vitest';
import { ActiveHealthChecker } from './active-health-checker.js';
import type { RouterEvent } from '../events.js';
import type { Scheduler } from '../../core/ports.js';
import { SimScheduler } from '../../sim/sim-scheduler.js';
import { RealScheduler } from '../../core/real-scheduler.js';
import { SeededRng } from '../../core/rng.js';
import { cfg, flips, setup } from './active-health-checker.fixture.js';


describe('ActiveHealthChecker: examples', () => {
  it('flips unhealthy after EXACTLY unhealthyThreshold failures and back after EXACTLY healthyThreshold successes', () => {
    for (const [down, up] of [[1, 1], [2, 3], [4, 2]] as const) {
      const { scheduler, probes, events, checker } = setup(cfg({ intervalMs: 100, timeoutMs: 50, unhealthyThreshold: down, healthyThreshold: up }), ['x']);
      checker.start();
      scheduler.run(0);
      for (let i = 1; i <= down; i++) {
        expect(checker.isHealthy('x')).toBe(true);
        probes.answer('x', false);
        scheduler.run(scheduler.now() + 100);
      }
      expect(checker.isHealthy('x')).toBe(false);
      expect(checker.isExcluded('x', scheduler.now())).toBe(true);
      for (let i = 1; i <= up; i++) {
        expect(checker.isHealthy('x')).toBe(false);
        probes.answer('x', true);
        scheduler.run(scheduler.now() + 100);
      }
      expect(checker.isHealthy('x')).toBe(true);
      expect(flips(events, 'x').map(([, ex]) => ex)).toEqual([true, false]);
      expect(events[0]).toMatchObject({ type: 'health.changed', source: 'active-check', deploymentId: 'x' });
    }
  });

  it('a success while unhealthy-counting resets the failure run (no flip on interleaved failures)', () => {
    const { scheduler, probes, checker } = setup(cfg({ intervalMs: 100, timeoutMs: 50, unhealthyThreshold: 2 }), ['x']);
    checker.start();
    scheduler.run(0);
    for (let i = 0; i < 10; i++) {
      probes.answer('x', i % 2 === 0);
      scheduler.run(scheduler.now() + 100);
    }
    expect(checker.isHealthy('x')).toBe(true);
  });

  it('a probe with no answer within timeoutMs fails, is cancelled, and its late answer is ignored', () => {
    const { scheduler, probes, events, checker } = setup(cfg({ intervalMs: 1_000, timeoutMs: 200, unhealthyThreshold: 1, healthyThreshold: 1 }), ['x']);
    checker.start();
    scheduler.run(199);
    expect(checker.isHealthy('x')).toBe(true);
    scheduler.run(200);
    expect(checker.isHealthy('x')).toBe(false);
    expect(probes.calls[0].cancelled).toBe(true);
    probes.answer('x', true); // late
    expect(checker.isHealthy('x')).toBe(false);
    expect(events).toHaveLength(1);
    // Next probe goes out intervalMs after the verdict (at 200), not after the send.
    scheduler.run(1_199);
    expect(checker.probesSent).toBe(1);
    scheduler.run(1_200);
    expect(checker.probesSent).toBe(2);
    expect(probes.calls[1].sentAtMs).toBe(1_200);
  });

  it('handles a probe that answers synchronously', () => {
    const scheduler = new SimScheduler();
    const events: RouterEvent[] = [];
    let cancels = 0;
    const checker = new ActiveHealthChecker(
      scheduler,
      new SeededRng('s'),
      ['x'],
      (_id, onDone) => {
        onDone(false);
        return () => void cancels++;
      },
      cfg({ intervalMs: 100, timeoutMs: 50, unhealthyThreshold: 3 }),
      (e) => events.push(e),
    );
    checker.start();
    scheduler.run(200);
    expect(checker.probesSent).toBe(3);
    expect(flips(events, 'x')).toEqual([[200, true]]);
    checker.stop();
    expect(cancels).toBe(0); // never cancels a probe that already answered
    expect(scheduler.pending).toBeLessThanOrEqual(3); // only cancelled leftovers
    scheduler.run(10_000);
    expect(checker.probesSent).toBe(3);
  });

  it('stop cancels timers and in-flight probes; start resumes', () => {
    const { scheduler, probes, checker } = setup(cfg({ intervalMs: 100, timeoutMs: 50 }), ['x']);
    checker.start();
    scheduler.run(0);
    checker.stop();
    expect(probes.calls[0].cancelled).toBe(true);
    probes.answer('x', false);
    expect(checker.consecutiveFailures('x')).toBe(0);
    scheduler.run(1_000);
    expect(checker.probesSent).toBe(1);
    checker.start();
    scheduler.run(1_000);
    expect(checker.probesSent).toBe(2);
  });

  it('all deployments start healthy; unknown ids are never excluded', () => {
    const { checker } = setup(cfg({}), ['x', 'y']);
    expect(checker.isHealthy('x') && checker.isHealthy('y')).toBe(true);
    expect(checker.isExcluded('nope', 0)).toBe(false);
  });

  it('jitter: first offsets in [0, interval×jf], gaps in [interval, interval×(1+jf)], whole ms; per-deployment streams', () => {
    const config = cfg({ intervalMs: 1_000, timeoutMs: 10, jitterFraction: 0.5 });
    const run = (ids: string[]) => {
      const { scheduler, probes, checker } = setup(config, ids, 'seed-1');
      checker.start();
      scheduler.run(30_000); // every probe times out (nobody answers)
      return probes;
    };
    const probes = run(['x', 'y']);
    for (const id of ['x', 'y']) {
      const times = probes.calls.filter((c) => c.id === id).map((c) => c.sentAtMs);
      expect(times.length).toBeGreaterThan(15);
      expect(times[0]).toBeGreaterThanOrEqual(0);
      expect(times[0]).toBeLessThanOrEqual(500);
      for (let i = 1; i < times.length; i++) {
        expect(Number.isInteger(times[i])).toBe(true);
        const gap = times[i] - times[i - 1] - 10; // minus the timeout before the verdict
        expect(gap).toBeGreaterThanOrEqual(1_000);
        expect(gap).toBeLessThanOrEqual(1_500);
      }
      const distinctGaps = new Set(times.slice(1).map((t, i) => t - times[i]));
      expect(distinctGaps.size).toBeGreaterThan(5); // jitter actually varies
    }
    // Adding a deployment does not move another deployment's probes (forked streams).
    const alone = run(['y']).calls.map((c) => c.sentAtMs);
    expect(alone).toEqual(probes.calls.filter((c) => c.id === 'y').map((c) => c.sentAtMs));
  });
});

// ---------------------------------------------------------------------------------------------

function checkerScript(scheduler: Scheduler): RouterEvent[] {
  const events: RouterEvent[] = [];
  let n = 0;
  // Deterministic fake provider: answers after 1..40 ms, fails in bursts, sometimes hangs.
  const probe = (id: string, onDone: (ok: boolean) => void) => {
    const k = n++;
    const phase = Math.floor(k / 12) % 3; // healthy, failing, hanging
    if (phase === 2 && id !== 'c') return () => {};
    return scheduler.schedule(1 + ((k * 7) % 40), () => onDone(phase === 0));
  };
  const checker = new ActiveHealthChecker(
    scheduler,
    new SeededRng('equivalence'),
    ['a', 'b', 'c'],
    probe,
    cfg({ intervalMs: 500, timeoutMs: 100, unhealthyThreshold: 2, healthyThreshold: 2, jitterFraction: 0.3 }),
    (e) => events.push(e),
  );
  checker.start();
  scheduler.schedule(20_000, () => checker.stop());
  return events;
}

describe('ActiveHealthChecker: simulator vs wall-clock scheduler', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('emit identical event sequences', () => {
    const sim = new SimScheduler();
    const simEvents = checkerScript(sim);
    sim.run(30_000);

    vi.useFakeTimers();
    const real = new RealScheduler();
    const realEvents = checkerScript(real);
    vi.advanceTimersByTime(30_000);

    expect(simEvents.length).toBeGreaterThan(6);
    expect(realEvents).toEqual(simEvents);
  });
});
