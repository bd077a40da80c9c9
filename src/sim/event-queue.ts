import { FifoLane, LANE_COMPACT_MIN, LANE_PACK_SHARE } from './fifo-lane.js';

/**
 * Pending events ordered by (time, priority, sequence). Sequence numbers make ties
 * deterministic without consuming randomness. Cancelled events are dropped lazily.
 *
 * Two stores, one order:
 * - a binary min-heap, struct-of-arrays so the hot loop touches typed arrays, not objects;
 * - FIFO lanes (fifo-lane.ts) for events known to come in order: a fixed delay scheduled
 *   from a clock that never goes back (every request's deadline, every attempt's timeout,
 *   chosen by delay), or one producer's time-ordered stream (arrivals, chosen explicitly).
 *   Appending and taking the head are O(1), and the heap stays small: most such timers are
 *   cancelled long before they are due, and in the heap they would sit for minutes of
 *   simulated time, deepening every sift. An event enters a lane only if it is not earlier
 *   than the lane's tail, so a lane is always sorted; anything else goes to the heap. A
 *   cancelled lane entry is skipped when it reaches the head and never comes out of `popDue`;
 *   a lane more than 7/8 cancelled packs its live entries (order kept), so it stays bounded.
 * `popDue` takes the least of the heap top and the lane heads, so the order is exactly that of a
 * single heap: lanes change the cost, never the order.
 */
/** A callback with one argument: lets simulator internals schedule without a closure per event. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type EventCall = (arg: any) => void;

/** Lane handles are negative slots: −(1 + lane + MAX_LANES × entry number). */
const MAX_LANES = 16;

export class EventQueue {
  private times = new Float64Array(1024);
  private prios = new Int32Array(1024);
  private seqs = new Float64Array(1024);
  private slots = new Int32Array(1024);
  private heapSize = 0;
  // Slot table: callback, argument and sequence number of each pending event.
  private fns: (EventCall | null)[] = [];
  private args: unknown[] = [];
  /** Sequence number of the event occupying each slot (guards stale cancels); -1 when free. */
  private slotSeq: number[] = [];
  private freeSlots: number[] = [];
  private readonly lanes: FifoLane[] = [];
  private nextSeq = 0;
  /** Slot of the most recent push (negative for a lane entry); pair it with the returned seq to cancel. */
  lastSlot = 0;

  /** Lanes pack out their cancelled entries from `laneCompactMin` entries on, when more than `lanePackShare` of them are cancelled (fifo-lane.ts). */
  constructor(private readonly laneCompactMin = LANE_COMPACT_MIN, private readonly lanePackShare = LANE_PACK_SHARE) {}

  /** Time and argument of the event the last `popDue` returned. */
  poppedTimeMs = 0;
  poppedArg: unknown = undefined;

  /** Pending entries, cancelled ones not yet dropped included. */
  get length(): number {
    let n = this.heapSize;
    for (const lane of this.lanes) n += lane.size;
    return n;
  }

  /**
   * Declares that timers with a delay in [minDelayMs, maxDelayMs] and this priority usually
   * arrive in time order: they get a FIFO lane (see the file comment). Only a speed hint.
   */
  addLane(minDelayMs: number, maxDelayMs: number, priority = 0): number {
    if (this.lanes.length === MAX_LANES) throw new RangeError(`EventQueue: at most ${MAX_LANES} lanes`);
    this.lanes.push(new FifoLane(priority, minDelayMs, maxDelayMs, this.laneCompactMin, this.lanePackShare));
    return this.lanes.length - 1;
  }

  /** An event `delayMs` after `nowMs` (in a lane when one fits); returns its sequence number. */
  pushAfter(nowMs: number, delayMs: number, fn: EventCall, arg: unknown, priority: number): number {
    const timeMs = nowMs + delayMs;
    const lanes = this.lanes;
    for (let i = 0; i < lanes.length; i++) {
      const lane = lanes[i];
      if (delayMs < lane.minDelayMs || delayMs > lane.maxDelayMs) continue;
      if (lane.priority === priority && timeMs >= lane.tailTimeMs) return this.pushLane(i, timeMs, fn, arg);
    }
    return this.pushHeap(timeMs, fn, arg, priority);
  }

  /** Like `pushAfter`, into lane `laneIndex` if the event keeps it in order, else the heap. */
  pushAfterInLane(laneIndex: number, nowMs: number, delayMs: number, fn: EventCall, arg: unknown, priority: number): number {
    const timeMs = nowMs + delayMs;
    const lane = this.lanes[laneIndex];
    if (lane.priority === priority && timeMs >= lane.tailTimeMs) return this.pushLane(laneIndex, timeMs, fn, arg);
    return this.pushHeap(timeMs, fn, arg, priority);
  }

  private pushLane(laneIndex: number, timeMs: number, fn: EventCall, arg: unknown): number {
    const seq = this.nextSeq++;
    const n = this.lanes[laneIndex].append(timeMs, seq, fn, arg);
    this.lastSlot = -(1 + laneIndex + MAX_LANES * n);
    return seq;
  }

  /**
   * Cancels the event with this (slot, seq). A stale handle — the event already ran and its
   * slot now holds a newer event — is ignored, so late cancels can never kill other events.
   */
  cancel(slot: number, seq: number): void {
    if (slot < 0) {
      const k = -slot - 1;
      const laneIndex = k % MAX_LANES;
      this.lanes[laneIndex]?.cancel((k - laneIndex) / MAX_LANES, seq);
    } else if (this.slotSeq[slot] === seq) {
      this.fns[slot] = null;
      this.args[slot] = undefined;
    }
  }

  /**
   * Removes the earliest event if it is due by `untilMs` and returns its callback (null if it
   * was cancelled; its time and argument are in poppedTimeMs / poppedArg); undefined when
   * nothing is due.
   */
  popDue(untilMs: number): EventCall | null | undefined {
    const src = this.earliest();
    if (src === NONE) return undefined;
    if (src !== HEAP) {
      const lane = this.lanes[src];
      const i = lane.head & lane.mask;
      const t = lane.times[i];
      if (!(t <= untilMs)) return undefined;
      this.poppedTimeMs = t;
      const laneFn = lane.fns[i];
      this.poppedArg = lane.args[i];
      lane.fns[i] = null;
      lane.args[i] = undefined;
      lane.head++;
      return laneFn;
    }
    const t = this.times[0];
    if (!(t <= untilMs)) return undefined;
    this.poppedTimeMs = t;
    const slot = this.slots[0];
    this.siftDownLast();
    const fn = this.fns[slot];
    this.poppedArg = this.args[slot];
    this.fns[slot] = null;
    this.args[slot] = undefined;
    this.slotSeq[slot] = -1;
    this.freeSlots.push(slot);
    return fn;
  }

  /** HEAP, a lane index, or NONE: where the least (time, priority, sequence) entry is. */
  private earliest(): number {
    let src = NONE, t = Infinity, p = 0, s = 0;
    if (this.heapSize > 0) {
      src = HEAP;
      t = this.times[0];
      p = this.prios[0];
      s = this.seqs[0];
    }
    const lanes = this.lanes;
    for (let i = 0; i < lanes.length; i++) {
      const lane = lanes[i];
      if (!lane.hasLiveHead()) continue; // cancelled heads are dropped here, never popped
      const h = lane.head & lane.mask, lt = lane.times[h];
      if (src === NONE || lt < t || (lt === t && (lane.priority < p || (lane.priority === p && lane.seqs[h] < s)))) {
        src = i;
        t = lt;
        p = lane.priority;
        s = lane.seqs[h];
      }
    }
    return src;
  }

  private takeSlot(fn: EventCall, arg: unknown): number {
    const seq = this.nextSeq++;
    let slot: number;
    if (this.freeSlots.length > 0) {
      slot = this.freeSlots.pop()!;
      this.fns[slot] = fn;
      this.args[slot] = arg;
      this.slotSeq[slot] = seq;
    } else {
      slot = this.fns.length;
      this.fns.push(fn);
      this.args.push(arg);
      this.slotSeq.push(seq);
    }
    this.lastSlot = slot;
    return slot;
  }

  private pushHeap(timeMs: number, fn: EventCall, arg: unknown, priority: number): number {
    const slot = this.takeSlot(fn, arg);
    const seq = this.slotSeq[slot];
    if (this.heapSize === this.times.length) this.grow();
    const times = this.times, prios = this.prios, seqs = this.seqs, slots = this.slots;
    let i = this.heapSize++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const tp = times[parent];
      if (!(timeMs < tp || (timeMs === tp && (priority < prios[parent] || (priority === prios[parent] && seq < seqs[parent]))))) break;
      times[i] = tp;
      prios[i] = prios[parent];
      seqs[i] = seqs[parent];
      slots[i] = slots[parent];
      i = parent;
    }
    times[i] = timeMs;
    prios[i] = priority;
    seqs[i] = seq;
    slots[i] = slot;
    return seq;
  }

  /** Removes the heap top: the last entry sifts down from the root. */
  private siftDownLast(): void {
    const last = --this.heapSize;
    if (last === 0) return;
    const times = this.times, prios = this.prios, seqs = this.seqs, slots = this.slots;
    const t = times[last], p = prios[last], s = seqs[last], sl = slots[last];
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= last) break;
      const r = l + 1;
      let c = l;
      if (r < last) {
        const tr = times[r], tl = times[l];
        if (tr < tl || (tr === tl && (prios[r] < prios[l] || (prios[r] === prios[l] && seqs[r] < seqs[l])))) c = r;
      }
      const tc = times[c];
      if (!(tc < t || (tc === t && (prios[c] < p || (prios[c] === p && seqs[c] < s))))) break;
      times[i] = tc;
      prios[i] = prios[c];
      seqs[i] = seqs[c];
      slots[i] = slots[c];
      i = c;
    }
    times[i] = t;
    prios[i] = p;
    seqs[i] = s;
    slots[i] = sl;
  }

  private grow(): void {
    const n = this.times.length * 2;
    const t = new Float64Array(n); t.set(this.times); this.times = t;
    const p = new Int32Array(n); p.set(this.prios); this.prios = p;
    const s = new Float64Array(n); s.set(this.seqs); this.seqs = s;
    const sl = new Int32Array(n); sl.set(this.slots); this.slots = sl;
  }
}

const HEAP = -1;
const NONE = -2;
