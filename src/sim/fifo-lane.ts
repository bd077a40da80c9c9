import type { EventCall } from './event-queue.js';

/**
 * A FIFO of events in (time, sequence) order at one priority: a ring buffer addressed by
 * absolute entry numbers (entry n sits at n & mask), so a cancel handle stays valid when the
 * ring grows. Cancelled entries are skipped when they reach the head, at O(1) each, with no
 * slot bookkeeping: the lanes carry the timers that are almost always cancelled.
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

  constructor(readonly priority: number, readonly minDelayMs: number, readonly maxDelayMs: number) {}

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
    this.head = head;
    return head < this.tail;
  }

  /** Cancels entry n if it is still pending with this sequence number. */
  cancel(n: number, seq: number): void {
    if (n < this.head || n >= this.tail) return;
    const i = n & this.mask;
    if (this.seqs[i] !== seq) return;
    this.fns[i] = null;
    this.args[i] = undefined;
  }

  get size(): number {
    return this.tail - this.head;
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
