/**
 * Binary min-heap of events ordered by (time, priority, sequence). Sequence numbers make
 * ties deterministic without consuming randomness. Cancelled events are dropped lazily.
 * Storage is struct-of-arrays so the hot loop touches typed arrays, not objects.
 */
export type EventFn = () => void;

export class EventQueue {
  private times = new Float64Array(1024);
  private prios = new Int32Array(1024);
  private seqs = new Float64Array(1024);
  private slots = new Int32Array(1024);
  private fns: (EventFn | null)[] = [];
  /** Sequence number of the event currently occupying each slot (guards stale cancels). */
  private slotSeq: number[] = [];
  private freeSlots: number[] = [];
  private size = 0;
  private nextSeq = 0;

  get length(): number {
    return this.size;
  }

  /** Returns the event's sequence number; cancel it with `cancel(lastSlot, seq)`. */
  push(timeMs: number, fn: EventFn, priority = 0): number {
    const slot = this.freeSlots.length > 0 ? this.freeSlots.pop()! : this.fns.length;
    const seq = this.nextSeq++;
    if (slot === this.fns.length) {
      this.fns.push(fn);
      this.slotSeq.push(seq);
    } else {
      this.fns[slot] = fn;
      this.slotSeq[slot] = seq;
    }
    if (this.size === this.times.length) this.grow();
    let i = this.size++;
    // sift up
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(timeMs, priority, seq, parent)) break;
      this.move(parent, i);
      i = parent;
    }
    this.times[i] = timeMs;
    this.prios[i] = priority;
    this.seqs[i] = seq;
    this.slots[i] = slot;
    this.lastSlot = slot;
    return seq;
  }

  /** Slot of the most recent push; pair it with the returned seq to cancel. */
  lastSlot = 0;

  /**
   * Cancels the event with this (slot, seq). A stale handle — the event already ran and its
   * slot now holds a newer event — is ignored, so late cancels can never kill other events.
   */
  cancel(slot: number, seq: number): void {
    if (this.slotSeq[slot] === seq) this.fns[slot] = null;
  }

  /** Time of the earliest event, or Infinity when empty. */
  peekTime(): number {
    return this.size === 0 ? Infinity : this.times[0];
  }

  /** Removes the earliest event and returns its callback (null if it was cancelled). */
  pop(): EventFn | null {
    const slot = this.slots[0];
    const fn = this.fns[slot];
    this.fns[slot] = null;
    this.slotSeq[slot] = -1;
    this.freeSlots.push(slot);
    const last = --this.size;
    if (last > 0) {
      const t = this.times[last], p = this.prios[last], s = this.seqs[last], sl = this.slots[last];
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= last) break;
        const r = l + 1;
        const c = r < last && this.lessIdx(r, l) ? r : l;
        if (!this.less(this.times[c], this.prios[c], this.seqs[c], -1, t, p, s)) break;
        this.move(c, i);
        i = c;
      }
      this.times[i] = t;
      this.prios[i] = p;
      this.seqs[i] = s;
      this.slots[i] = sl;
    }
    return fn;
  }

  private less(t: number, p: number, s: number, j: number, tj = this.times[j], pj = this.prios[j], sj = this.seqs[j]): boolean {
    return t < tj || (t === tj && (p < pj || (p === pj && s < sj)));
  }

  private lessIdx(a: number, b: number): boolean {
    return this.less(this.times[a], this.prios[a], this.seqs[a], b);
  }

  private move(from: number, to: number): void {
    this.times[to] = this.times[from];
    this.prios[to] = this.prios[from];
    this.seqs[to] = this.seqs[from];
    this.slots[to] = this.slots[from];
  }

  private grow(): void {
    const n = this.times.length * 2;
    const t = new Float64Array(n); t.set(this.times); this.times = t;
    const p = new Int32Array(n); p.set(this.prios); this.prios = p;
    const s = new Float64Array(n); s.set(this.seqs); this.seqs = s;
    const sl = new Int32Array(n); sl.set(this.slots); this.slots = sl;
  }
}
