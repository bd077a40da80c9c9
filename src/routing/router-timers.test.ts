import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Scheduler } from '../core/ports.js';
import { SimScheduler } from '../sim/sim-scheduler.js';
import { RouterTimers } from './router-timers.js';

type Op = { op: 'start'; delayMs: number } | { op: 'cancel'; pick: number } | { op: 'run'; ms: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('start' as const), delayMs: fc.integer({ min: 0, max: 30 }) }),
  fc.record({ op: fc.constant('cancel' as const), pick: fc.nat() }),
  fc.record({ op: fc.constant('run' as const), ms: fc.integer({ min: 0, max: 20 }) }),
);

/** A Scheduler without the scheduleCall capability: RouterTimers must emulate it. */
function plain(s: SimScheduler): Scheduler {
  return { now: () => s.now(), schedule: (delayMs, fn) => s.schedule(delayMs, fn) };
}

/** Runs the ops and returns what fired, in order, as "id@time". */
function fire(ops: readonly Op[], emulate: boolean): string[] {
  const s = new SimScheduler();
  const timers = new RouterTimers(emulate ? plain(s) : s);
  const fired: string[] = [];
  const onFire = (id: number) => fired.push(`${id}@${s.now()}`);
  const handles: { slot: number; seq: number }[] = [];
  let nowMs = 0;
  for (const o of ops) {
    if (o.op === 'start') {
      const seq = timers.start(o.delayMs, onFire, handles.length);
      handles.push({ slot: timers.lastSlot, seq });
    } else if (o.op === 'cancel' && handles.length > 0) {
      const h = handles[o.pick % handles.length]; // may have fired already: a stale cancel
      timers.cancel(h.slot, h.seq);
    } else if (o.op === 'run') {
      nowMs += o.ms;
      s.run(nowMs);
    }
  }
  s.run();
  return fired;
}

describe('RouterTimers', () => {
  it('fires and cancels exactly alike natively and emulated over a plain Scheduler (300 runs)', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 200 }), (ops) => {
        expect(fire(ops, true)).toEqual(fire(ops, false));
      }),
      { numRuns: 300 },
    );
  });

  it.each([true, false])('a cancel after its timer fired never cancels a newer timer in the recycled slot (emulated: %s)', (emulate) => {
    const s = new SimScheduler();
    const timers = new RouterTimers(emulate ? plain(s) : s);
    const fired: string[] = [];
    const seq = timers.start(1, (x: string) => fired.push(x), 'first');
    const slot = timers.lastSlot;
    s.run(1);
    timers.start(1, (x: string) => fired.push(x), 'second');
    timers.cancel(slot, seq);
    s.run();
    expect(fired).toEqual(['first', 'second']);
  });
});
