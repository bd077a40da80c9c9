import type { EventCall } from './event-queue.js';

/** Lanes smaller than this are never compacted: skipping cancelled heads is cheaper there. */
export const LANE_COMPACT_MIN = 1024;
/** A lane packs when more than this share of it is cancelled (see the class comment for why not 1/2). */
export const LANE_PACK_SHARE = 7 / 8;

/**
 * A FIFO of events in (time, sequence) order at one priority: a ring buffer addressed by
 * absolute entry numbers (entry n sits at n & mask), so a cancel handle stays valid when the
 * ring grows. Cancelled entries are skipped when they reach the head, at O(1) each: the lanes
 * carry the timers that are almost always cancelled.
 *
 * Bounded: a lane of a long fixed delay (a request's 120 s deadline) would otherwise hold every
 * timer set in the last 120 s, nearly all cancelled, until its time (1.2 M entries at 10,000
 * requests/s). When cancelled entries are more than 7/8 of the lane, the live ones are packed
 * towards the head, order kept, so the lane holds at most about 8× its live timers. Packing
 * renumbers entries; a cancel handle keeps working because sequence numbers rise along a lane:
 * a handle whose slot no longer holds its sequence number is found by binary search. (Packing
 * at half made most cancels search, since most timers then lived through a packing: +15% on a
 * timer-only benchmark of deadlines at 10/ms; at 7/8 it is +2%.)
 */
export class FifoLane {
  times = new Float64Array(1024);
  seqs = new Float64Array(1024);
  fns: (EventCall | null)[] = new Array<EventCall | null>(1024).fill(null);
  args: unknown[] = new Array<unknown>(1024).fill(undefined);
  mask = 1023;
  /** Absolute numbers of the head entry and of the next entry appended. */
  head = 0;
  tail = 0;
  tailTimeMs = -Infinity;
  /** Cancelled entries between head and tail. */
  private cancelled = 0;
  /** True once a compaction renumbered entries (until then every handle's slot is exact). */
  private packed = false;

  constructor(
    readonly priority: number,
    readonly minDelayMs: number,
    readonly maxDelayMs: number,
    private readonly compactMin = LANE_COMPACT_MIN,
    private readonly packShare = LANE_PACK_SHARE,
  ) {}

  /** Appends (the caller checked timeMs >= tailTimeMs); returns the entry's absolute number. */
  append(timeMs: number, seq: number, fn: EventCall, arg: unknown): number {
    if (this.tail - this.head > this.mask) this.grow();
    const n = this.tail++;
    const i = n & this.mask;
    this.times[i] = timeMs;
    this.seqs[i] = seq;
    this.fns[i] = fn;
    this.args[i] = arg;
    this.tailTimeMs = timeMs;
    return n;
  }

  /** Drops cancelled entries at the head; true when a live entry remains. */
  hasLiveHead(): boolean {
    const fns = this.fns, mask = this.mask;
    let head = this.head;
    while (head < this.tail && fns[head & mask] === null) head++;
    this.cancelled -= head - this.head;
    this.head = head;
    return head < this.tail;
  }

  /** Cancels entry n if it is still pending with this sequence number. */
  cancel(n: number, seq: number): void {
    const at = n >= this.head && n < this.tail && this.seqs[n & this.mask] === seq ? n : this.packed ? this.find(seq) : -1;
    if (at < 0) return; // ran already (or cancelled and dropped)
    const i = at & this.mask;
    if (this.fns[i] === null) return; // cancelled twice
    this.fns[i] = null;
    this.args[i] = undefined;
    const size = this.tail - this.head;
    if (++this.cancelled > size * this.packShare && size >= this.compactMin) this.compact();
  }

  get size(): number {
    return this.tail - this.head;
  }

  /** The entry number holding `seq` between head and tail (sequence numbers rise along the lane), or -1. */
  private find(seq: number): number {
    let lo = this.head, hi = this.tail - 1;
    const seqs = this.seqs, mask = this.mask;
    while (lo <= hi) {
      const mid = lo + ((hi - lo) >> 1), s = seqs[mid & mask];
      if (s === seq) return mid;
      if (s < seq) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** Live entries packed towards the head in order; the tail (and tailTimeMs) stay the ordering bound. */
  private compact(): void {
    const mask = this.mask, times = this.times, seqs = this.seqs, fns = this.fns, args = this.args;
    let to = this.head;
    for (let n = this.head; n < this.tail; n++) {
      const i = n & mask;
      if (fns[i] === null) continue;
      const j = to++ & mask;
      if (j !== i) {
        times[j] = times[i];
        seqs[j] = seqs[i];
        fns[j] = fns[i];
        args[j] = args[i];
      }
    }
    for (let n = to; n < this.tail; n++) {
      const i = n & mask;
      fns[i] = null;
      args[i] = undefined;
    }
    this.tail = to;
    this.cancelled = 0;
    this.packed = true;
  }

  /** Ring doubled; every entry n moves to n & newMask. */
  private grow(): void {
    const oldMask = this.mask, size = 2 * (oldMask + 1), mask = size - 1;
    const times = new Float64Array(size), seqs = new Float64Array(size);
    const fns = new Array<EventCall | null>(size).fill(null), args = new Array<unknown>(size).fill(undefined);
    for (let n = this.head; n < this.tail; n++) {
      times[n & mask] = this.times[n & oldMask];
      seqs[n & mask] = this.seqs[n & oldMask];
      fns[n & mask] = this.fns[n & oldMask];
      args[n & mask] = this.args[n & oldMask];
    }
    this.times = times;
    this.seqs = seqs;
    this.fns = fns;
    this.args = args;
    this.mask = mask;
  }
}
