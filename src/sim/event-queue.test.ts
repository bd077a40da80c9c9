import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventQueue } from './event-queue.js';
import { SimScheduler } from './sim-scheduler.js';

type Op =
  | { op: 'push'; time: number; prio: number }
  | { op: 'pop' }
  | { op: 'cancel'; pick: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('push' as const), time: fc.integer({ min: 0, max: 20 }), prio: fc.integer({ min: -1, max: 2 }) }),
  fc.record({ op: fc.constant('pop' as const) }),
  fc.record({ op: fc.constant('cancel' as const), pick: fc.nat() }),
);

describe('EventQueue (model-based against a sorted list)', () => {
  it('pops in (time, priority, sequence) order; cancels, including stale ones, behave', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 300 }), (ops) => {
        const q = new EventQueue();
        const model: { time: number; prio: number; seq: number; live: boolean }[] = [];
        const handles: { slot: number; seq: number }[] = [];
        const fired: number[] = [];
        let nextSeq = 0;
        for (const o of ops) {
          if (o.op === 'push') {
            const id = nextSeq++;
            const seq = q.pushAfter(0, o.time, () => fired.push(id), undefined, o.prio);
            handles.push({ slot: q.lastSlot, seq });
            model.push({ time: o.time, prio: o.prio, seq: id, live: true });
          } else if (o.op === 'cancel' && handles.length > 0) {
            // May target an event that already ran: a stale cancel must be a no-op.
            const i = o.pick % handles.length;
            q.cancel(handles[i].slot, handles[i].seq);
            const m = model.find((e) => e.seq === i);
            if (m) m.live = false;
          } else if (o.op === 'pop' && model.length > 0) {
            model.sort((a, b) => a.time - b.time || a.prio - b.prio || a.seq - b.seq);
            const head = model.shift()!;
            expect(q.popDue(head.time - 0.5)).toBeUndefined(); // nothing earlier is due
            const before = fired.length;
            const fn = q.popDue(head.time);
            expect(fn).not.toBeUndefined();
            expect(q.poppedTimeMs).toBe(head.time);
            fn?.(q.poppedArg);
            expect(fired.length - before).toBe(head.live ? 1 : 0);
            if (head.live) expect(fired[fired.length - 1]).toBe(head.seq);
          }
          expect(q.length).toBe(model.length);
        }
      }),
      { numRuns: 300 },
    );
  });
});

type LaneOp =
  | { op: 'push'; delay: number; prio: number; lane: number }
  | { op: 'pop' }
  | { op: 'cancel'; pick: number };

const LANE_DELAYS = [7, 13];
const laneOpArb: fc.Arbitrary<LaneOp> = fc.oneof(
  fc.record({
    op: fc.constant('push' as const),
    // Exactly a lane's delay, a hair off it, or anything: lane entries, near misses and heap
    // entries, on a small integer grid so that equal times (ties across lane and heap) are common.
    delay: fc.oneof(fc.constantFrom(...LANE_DELAYS), fc.constantFrom(7 + 1e-9, 13 - 1e-9, 13 + 1e-3), fc.integer({ min: 0, max: 14 })),
    prio: fc.oneof(fc.constant(0), fc.integer({ min: -1, max: 1 })),
    // -1: pushAfter (lane by delay); 0: the ordered lane, whatever the delay.
    lane: fc.constantFrom(-1, -1, 0),
  }),
  fc.record({ op: fc.constant('pop' as const) }),
  fc.record({ op: fc.constant('cancel' as const), pick: fc.nat() }),
);

describe('EventQueue with FIFO lanes (model-based against a sorted list)', () => {
  it('fires live events in exactly (time, priority, sequence) order; cancels of lane and heap entries, stale ones included, behave', () => {
    fc.assert(
      fc.property(fc.array(laneOpArb, { maxLength: 400 }), (ops) => {
        const q = new EventQueue();
        const ordered = q.addLane(Infinity, -Infinity); // chosen only explicitly
        for (const d of LANE_DELAYS) q.addLane(d * (1 - 1e-6), d * (1 + 1e-6));
        const model: { time: number; prio: number; seq: number; live: boolean }[] = [];
        const handles: { slot: number; seq: number }[] = [];
        const fired: number[] = [];
        let nowMs = 0;
        let id = 0;
        for (const o of ops) {
          if (o.op === 'push') {
            const mine = id++;
            const fn = () => fired.push(mine);
            const seq = o.lane < 0 ? q.pushAfter(nowMs, o.delay, fn, undefined, o.prio) : q.pushAfterInLane(ordered, nowMs, o.delay, fn, undefined, o.prio);
            handles.push({ slot: q.lastSlot, seq });
            model.push({ time: nowMs + o.delay, prio: o.prio, seq: mine, live: true });
          } else if (o.op === 'cancel' && handles.length > 0) {
            const i = o.pick % handles.length;
            q.cancel(handles[i].slot, handles[i].seq);
            const m = model.find((e) => e.seq === i);
            if (m) m.live = false;
          } else if (o.op === 'pop') {
            model.sort((a, b) => a.time - b.time || a.prio - b.prio || a.seq - b.seq);
            while (model.length > 0 && !model[0].live) model.shift();
            const head = model.shift();
            let fn = q.popDue(Infinity);
            while (fn === null) fn = q.popDue(Infinity); // cancelled heap entries come out as null
            if (head === undefined) {
              expect(fn).toBeUndefined();
              continue;
            }
            expect(q.poppedTimeMs).toBe(head.time);
            nowMs = q.poppedTimeMs;
            fn!(q.poppedArg);
            expect(fired[fired.length - 1]).toBe(head.seq);
          }
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('lane handles survive the ring growing, and a lane never takes an event earlier than its tail', () => {
    const q = new EventQueue();
    q.addLane(99, 101);
    const seqs: { slot: number; seq: number }[] = [];
    for (let i = 0; i < 5000; i++) {
      seqs.push({ slot: q.lastSlot, seq: q.pushAfter(i, 100, () => {}, undefined, 0) });
      seqs[i].slot = q.lastSlot;
    }
    for (let i = 0; i < 5000; i += 2) q.cancel(seqs[i].slot, seqs[i].seq);
    q.pushAfter(0, 100, () => {}, undefined, 0); // time 100 < tail 5099: must go to the heap
    const times: number[] = [];
    for (let fn = q.popDue(Infinity); fn !== undefined; fn = q.popDue(Infinity)) if (fn !== null) times.push(q.poppedTimeMs);
    expect(times.length).toBe(2501);
    expect(times[0]).toBe(100);
    expect(times.every((t, i) => i === 0 || t >= times[i - 1])).toBe(true);
  });
});

describe('SimScheduler', () => {
  it('time never goes backwards and nothing fires before its time (200 runs)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 3 })), { maxLength: 100 }), (delays) => {
        const s = new SimScheduler();
        let last = -1;
        const violations: string[] = [];
        const plant = (delayMs: number, depth: number) => {
          const due = s.now() + delayMs;
          s.schedule(delayMs, () => {
            if (s.now() < last) violations.push(`backwards ${s.now()} < ${last}`);
            if (s.now() < due) violations.push(`early ${s.now()} < ${due}`);
            last = s.now();
            if (depth > 0) plant(delayMs / 2, depth - 1);
          });
        };
        for (const [d, depth] of delays) plant(d, depth);
        s.run();
        expect(violations).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it('same-time events run in scheduling order, priority first', () => {
    const s = new SimScheduler();
    const order: string[] = [];
    s.schedule(5, () => order.push('a'));
    s.schedule(5, () => order.push('b'));
    s.schedule(5, () => order.push('urgent'), -1);
    s.run();
    expect(order).toEqual(['urgent', 'a', 'b']);
  });

  it('a cancel after the event ran does not cancel a newer event that reused its slot', () => {
    const s = new SimScheduler();
    let ran = 0;
    const cancelFirst = s.schedule(1, () => ran++);
    s.run(1);
    s.schedule(1, () => ran++);
    cancelFirst();
    s.run();
    expect(ran).toBe(2);
  });
});
