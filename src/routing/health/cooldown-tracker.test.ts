import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CooldownTracker } from './cooldown-tracker.js';
import { cooldownSchema, type CooldownConfig } from '../../config/router-schema.js';
import type { RouterEvent } from '../events.js';
import type { AttemptOutcome, AttemptOutcomeKind } from '../types.js';
import { SimScheduler } from '../../sim/sim-scheduler.js';

const cfg = (over: Partial<CooldownConfig>): CooldownConfig => cooldownSchema.parse(over);
const out = (kind: AttemptOutcomeKind, retryAfterMs?: number): AttemptOutcome => ({
  kind,
  latencyMs: 10,
  inputTokens: 1,
  outputTokens: 1,
  costUsd: 0,
  ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
});

function setup(config: CooldownConfig, withScheduler = false) {
  const events: RouterEvent[] = [];
  const scheduler = withScheduler ? new SimScheduler() : undefined;
  const tracker = new CooldownTracker(config, (e) => events.push(e), scheduler);
  return { events, tracker, scheduler };
}

const health = (events: RouterEvent[]) =>
  events.flatMap((e) => (e.type === 'health.changed' ? [[e.deploymentId, e.atMs, e.excluded] as const] : []));

describe('CooldownTracker', () => {
  it('cools down on MORE than allowedFailsPerMinute failures, for cooldownMs', () => {
    const { tracker, events } = setup(cfg({ allowedFailsPerMinute: 3, cooldownMs: 60_000 }));
    for (let t = 0; t < 3; t++) tracker.onOutcome('a', out('server-error'), t * 1_000);
    expect(tracker.isExcluded('a', 2_000)).toBe(false);
    tracker.onOutcome('a', out('timeout'), 3_000);
    expect(tracker.isExcluded('a', 3_000)).toBe(true);
    expect(tracker.cooldownUntilMs('a')).toBe(63_000);
    expect(tracker.isExcluded('a', 62_999)).toBe(true);
    expect(tracker.isExcluded('a', 63_000)).toBe(false);
    expect(health(events)).toEqual([['a', 3_000, true]]);
    expect(events[0]).toMatchObject({ source: 'cooldown' });
  });

  it('counts failures in a sliding 60 s window: old failures age out', () => {
    const { tracker } = setup(cfg({ allowedFailsPerMinute: 3 }));
    for (const t of [0, 10, 20]) tracker.onOutcome('a', out('server-error'), t);
    tracker.onOutcome('a', out('server-error'), 60_000); // the one at 0 has left the window
    expect(tracker.failuresInWindow('a', 60_000)).toBe(3);
    expect(tracker.isExcluded('a', 60_000)).toBe(false);
    tracker.onOutcome('a', out('server-error'), 60_005); // 10, 20, 60 000, 60 005
    expect(tracker.isExcluded('a', 60_005)).toBe(true);
  });

  it('failure-rate mode uses the NEWEST minute of outcomes (old successes must not dilute)', () => {
    const { tracker } = setup(cfg({ allowedFailsPerMinute: 1_000, failureRateThreshold: 0.5, minRequests: 5 }));
    for (let i = 0; i < 200; i++) tracker.onOutcome('a', out('success'), i);
    for (let i = 0; i < 4; i++) tracker.onOutcome('a', out('overloaded'), 70_000 + i);
    expect(tracker.isExcluded('a', 70_004)).toBe(false); // 4 outcomes < minRequests
    tracker.onOutcome('a', out('overloaded'), 70_004);
    expect(tracker.isExcluded('a', 70_004)).toBe(true);
  });

  it('failure-rate mode needs minRequests and a rate at least the threshold', () => {
    const { tracker } = setup(cfg({ allowedFailsPerMinute: 1_000, failureRateThreshold: 0.5, minRequests: 4 }));
    tracker.onOutcome('a', out('success'), 0);
    tracker.onOutcome('a', out('success'), 1);
    tracker.onOutcome('a', out('server-error'), 2);
    tracker.onOutcome('a', out('success'), 3);
    expect(tracker.isExcluded('a', 3)).toBe(false);
    tracker.onOutcome('a', out('server-error'), 4); // 2/5 = 40%
    expect(tracker.isExcluded('a', 4)).toBe(false);
    tracker.onOutcome('a', out('server-error'), 5); // 3/6 = 50%
    expect(tracker.isExcluded('a', 5)).toBe(true);
  });

  it('honours Retry-After as a cooldown of at least that long, unless switched off', () => {
    const on = setup(cfg({ allowedFailsPerMinute: 3, cooldownMs: 60_000 }));
    on.tracker.onOutcome('a', out('rate-limited', 90_000), 1_000);
    expect(on.tracker.cooldownUntilMs('a')).toBe(91_000);
    // Crossing the threshold with a shorter Retry-After still cools down for cooldownMs.
    for (let t = 0; t < 4; t++) on.tracker.onOutcome('b', out('rate-limited', 5_000), t);
    expect(on.tracker.cooldownUntilMs('b')).toBe(60_003);

    const off = setup(cfg({ allowedFailsPerMinute: 3, honourRetryAfter: false }));
    off.tracker.onOutcome('a', out('rate-limited', 90_000), 1_000);
    expect(off.tracker.isExcluded('a', 1_000)).toBe(false);
  });

  it('re-arming never shortens: a later, shorter cooldown keeps the longer deadline (real gateway bug)', () => {
    const { tracker, events } = setup(cfg({ allowedFailsPerMinute: 0, cooldownMs: 60_000 }));
    tracker.onOutcome('a', out('rate-limited', 120_000), 0);
    tracker.onOutcome('a', out('server-error'), 10_000); // would re-arm until 70 000
    expect(tracker.cooldownUntilMs('a')).toBe(120_000);
    expect(tracker.isExcluded('a', 100_000)).toBe(true);
    tracker.onOutcome('a', out('server-error'), 90_000); // extends to 150 000
    expect(tracker.cooldownUntilMs('a')).toBe(150_000);
    expect(health(events)).toEqual([['a', 0, true]]); // extensions do not re-announce
  });

  it('ignores cancelled outcomes; context-exceeded is not a failure but counts as an outcome', () => {
    const { tracker } = setup(cfg({ allowedFailsPerMinute: 0, failureRateThreshold: 0.5, minRequests: 2 }));
    for (let i = 0; i < 50; i++) tracker.onOutcome('a', out('cancelled'), i);
    tracker.onOutcome('a', out('context-exceeded'), 60);
    expect(tracker.isExcluded('a', 60)).toBe(false);
    expect(tracker.cooldownUntilMs('a')).toBeUndefined();
  });

  it('with a Scheduler the end event fires exactly when the (extended) cooldown ends', () => {
    const { tracker, events, scheduler } = setup(cfg({ allowedFailsPerMinute: 0, cooldownMs: 1_000 }), true);
    tracker.onOutcome('a', out('server-error'), 0);
    scheduler!.run(500);
    tracker.onOutcome('a', out('server-error'), 500); // extends to 1 500
    scheduler!.run(10_000);
    expect(health(events)).toEqual([
      ['a', 0, true],
      ['a', 1_500, false],
    ]);
  });

  it('without a Scheduler, flush announces ended cooldowns with the time they ended', () => {
    const { tracker, events } = setup(cfg({ allowedFailsPerMinute: 0, cooldownMs: 1_000 }));
    tracker.onOutcome('a', out('server-error'), 0);
    tracker.flush(999);
    expect(events).toHaveLength(1);
    tracker.flush(5_000);
    tracker.flush(6_000);
    expect(health(events)).toEqual([
      ['a', 0, true],
      ['a', 1_000, false],
    ]);
    // A new cooldown after an unflushed end announces the end first.
    tracker.onOutcome('a', out('server-error'), 7_000);
    tracker.onOutcome('a', out('server-error'), 9_000);
    expect(health(events).slice(2)).toEqual([
      ['a', 7_000, true],
      ['a', 8_000, false],
      ['a', 9_000, true],
    ]);
  });

  it('property: the deadline never shrinks, Retry-After is honoured, and it matches a naive model', () => {
    const kindArb = fc.constantFrom<AttemptOutcomeKind>('success', 'server-error', 'timeout', 'rate-limited', 'overloaded', 'context-exceeded', 'cancelled');
    fc.assert(
      fc.property(
        fc.record({
          allowedFailsPerMinute: fc.integer({ min: 0, max: 5 }),
          failureRateThreshold: fc.option(fc.constantFrom(0.2, 0.5, 0.9), { nil: undefined }),
          minRequests: fc.integer({ min: 1, max: 6 }),
          cooldownMs: fc.integer({ min: 1, max: 90_000 }),
          honourRetryAfter: fc.boolean(),
        }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 20_000 }), kindArb, fc.option(fc.integer({ min: 1, max: 200_000 }), { nil: undefined })), {
          maxLength: 300,
          size: 'max',
        }),
        (over, steps) => {
          const config = cfg(over);
          const { tracker, events, scheduler } = setup(config, true);
          const history: { t: number; failed: boolean }[] = [];
          let until = -Infinity;
          let t = 0;
          for (const [dt, kind, retryAfterMs] of steps) {
            t += dt;
            scheduler!.run(t);
            tracker.onOutcome('a', out(kind, retryAfterMs), t);
            // Naive model of the rules.
            if (kind !== 'cancelled') {
              const failed = kind !== 'success' && kind !== 'context-exceeded';
              history.push({ t, failed });
              if (failed) {
                const win = history.filter((h) => t - h.t < 60_000);
                const fails = win.filter((h) => h.failed).length;
                const byCount = fails > config.allowedFailsPerMinute;
                const byRate = config.failureRateThreshold !== undefined && win.length >= config.minRequests && fails / win.length >= config.failureRateThreshold;
                if (byCount || byRate) until = Math.max(until, t + config.cooldownMs);
                if (config.honourRetryAfter && retryAfterMs !== undefined) until = Math.max(until, t + retryAfterMs);
              }
            }
            const got = tracker.cooldownUntilMs('a') ?? -Infinity;
            expect(got).toBe(until);
            expect(tracker.isExcluded('a', t)).toBe(t < until);
            if (config.honourRetryAfter && retryAfterMs !== undefined && kind !== 'cancelled' && kind !== 'success' && kind !== 'context-exceeded') {
              expect(got).toBeGreaterThanOrEqual(t + retryAfterMs);
            }
          }
          // Events alternate enter/leave, every leave is at a deadline that was really reached.
          scheduler!.run(Infinity);
          const hs = health(events);
          hs.forEach(([, , excluded], i) => expect(excluded).toBe(i % 2 === 0));
          if (hs.length > 0) expect(hs.at(-1)![2]).toBe(false);
          if (until > -Infinity) expect(hs.at(-1)![1]).toBe(until);
        },
      ),
      { numRuns: 200 },
    );
  });
});
