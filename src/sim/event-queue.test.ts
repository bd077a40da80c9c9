import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventQueue } from './event-queue.js';
import { LANE_COMPACT_MIN, LANE_PACK_SHARE } from './fifo-lane.js';
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
  // Lanes pack out cancelled entries from LANE_COMPACT_MIN entries on; from 2 at half cancelled
  // they pack all the time, so handles renumbered by packing (found again by sequence number) are exercised too.
  it.each([[LANE_COMPACT_MIN, LANE_PACK_SHARE], [2, 0.5]])('fires live events in exactly (time, priority, sequence) order; cancels of lane and heap entries, stale ones included, behave (lanes pack from %i entries, more than %d cancelled)', (compactMin, packShare) => {
    fc.assert(
      fc.property(fc.array(laneOpArb, { maxLength: 400 }), (ops) => {
        const q = new EventQueue(compactMin, packShare);
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

  it('packing keeps every handle: after any pushes, cancels (repeated, stale) and pops on one lane, exactly the uncancelled timers fire, in order', () => {
    // Pops are rare so that lanes grow, fill with cancelled entries and pack.
    const opArb = fc.oneof(
      { weight: 4, arbitrary: fc.record({ op: fc.constant('push' as const), gapMs: fc.integer({ min: 0, max: 2 }) }) },
      // Mostly a pending timer (packing needs many cancels; these are often moved by one), else any handle (stale, repeated).
      { weight: 4, arbitrary: fc.record({ op: fc.constant('cancel' as const), pick: fc.nat(), pending: fc.integer({ min: 0, max: 9 }).map((k) => k > 0) }) },
      { weight: 1, arbitrary: fc.record({ op: fc.constant('pop' as const) }) },
    );
    fc.assert(
      // Any share from 0 (pack at every cancel) to 7/8 (the default): lower shares move live entries often.
      fc.property(fc.array(opArb, { maxLength: 600 }), fc.integer({ min: 2, max: 6 }), fc.constantFrom(0, 0.25, 0.5, 7 / 8), (ops, compactMin, packShare) => {
        const q = new EventQueue(compactMin, packShare);
        const lane = q.addLane(Infinity, -Infinity);
        const handles: { slot: number; seq: number }[] = [];
        const cancelled = new Set<number>();
        const fired: number[] = [];
        let t = 0;
        for (const o of ops) {
          if (o.op === 'push') {
            const id = handles.length;
            t += o.gapMs;
            const seq = q.pushAfterInLane(lane, 0, t, () => fired.push(id), undefined, 0);
            handles.push({ slot: q.lastSlot, seq });
          } else if (o.op === 'cancel' && handles.length > 0) {
            const pending = handles.map((_, id) => id).filter((id) => !fired.includes(id) && !cancelled.has(id));
            const id = o.pending && pending.length > 0 ? pending[o.pick % pending.length] : o.pick % handles.length;
            q.cancel(handles[id].slot, handles[id].seq);
            if (!fired.includes(id)) cancelled.add(id);
          } else if (o.op === 'pop') {
            const fn = q.popDue(Infinity);
            fn?.(q.poppedArg);
          }
        }
        for (let fn = q.popDue(Infinity); fn !== undefined; fn = q.popDue(Infinity)) fn?.(q.poppedArg);
        expect(fired).toEqual(handles.map((_, id) => id).filter((id) => !cancelled.has(id)));
      }),
      { numRuns: 1000 },
    );
  });

  it('a lane of a long timeout, almost every timer cancelled, holds at most about 8× its live timers', () => {
    // 100 timers a ms, 120,000 ms each (a request deadline at 100,000 requests/s), each cancelled
    // 2 ms after it was set, except every 1,000th: without packing the lane would hold 500,000.
    const q = new EventQueue();
    q.addLane(119_999, 120_001);
    const open: { slot: number; seq: number }[] = [];
    const kept: number[] = [];
    let maxLength = 0;
    for (let ms = 0; ms < 5000; ms++) {
      for (let k = 0; k < 100; k++) {
        const id = ms * 100 + k;
        const seq = q.pushAfter(ms, 120_000, () => kept.push(id), undefined, 0);
        if (id % 1000 === 0) continue;
        open.push({ slot: q.lastSlot, seq });
      }
      while (open.length > 200) {
        const h = open.shift()!;
        q.cancel(h.slot, h.seq);
        q.cancel(h.slot, h.seq); // twice: a no-op
      }
      maxLength = Math.max(maxLength, q.length);
    }
    for (const h of open) q.cancel(h.slot, h.seq);
    expect(maxLength).toBeLessThanOrEqual(8 * (200 + 500) + 1024);
    for (let fn = q.popDue(Infinity); fn !== undefined; fn = q.popDue(Infinity)) fn?.(q.poppedArg);
    expect(kept).toEqual(Array.from({ length: 500 }, (_, i) => i * 1000));
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
