import type { Cancel, Scheduler } from './ports.js';

/**
 * A Scheduler with allocation-free calls: `fn(arg)` after `delayMs`, cancelled by (slot, seq)
 * instead of a Cancel closure. SimScheduler implements it natively (the simulator's fast
 * path); `CallsOverScheduler` gives it to any other Scheduler (the wall clock), so the
 * provider models in sim/world run on either clock.
 */
export interface CallScheduler extends Scheduler {
  scheduleCall<T>(delayMs: number, fn: (arg: T) => void, arg: T): number;
  /** Slot of the call scheduled last (for `cancelCall`). */
  readonly lastSlot: number;
  /** Cancels a `scheduleCall` call; a stale (slot, seq) is ignored. */
  cancelCall(slot: number, seq: number): void;
  /**
   * While a `scheduleCall` call runs: how many ms after its due time it started (0 otherwise,
   * and always 0 in simulation). A wall-clock timer runs late when the process is busy; a
   * model that must keep its own schedule (a provider's slots) subtracts it.
   */
  readonly callLatenessMs: number;
}

/** `scheduleCall` over a plain Scheduler: one closure per call, kept until it runs or is cancelled. */
export class CallsOverScheduler implements CallScheduler {
  private readonly pending = new Map<number, Cancel>();
  private nextSeq = 0;
  readonly lastSlot = 0;
  callLatenessMs = 0;

  constructor(private readonly inner: Scheduler) {}

  now(): number {
    return this.inner.now();
  }

  schedule(delayMs: number, fn: () => void): Cancel {
    return this.inner.schedule(delayMs, fn);
  }

  scheduleCall<T>(delayMs: number, fn: (arg: T) => void, arg: T): number {
    const seq = this.nextSeq++;
    const dueMs = this.inner.now() + delayMs;
    this.pending.set(seq, this.inner.schedule(delayMs, () => {
      this.pending.delete(seq);
      this.callLatenessMs = Math.max(0, this.inner.now() - dueMs);
      try {
        fn(arg);
      } finally {
        this.callLatenessMs = 0;
      }
    }));
    return seq;
  }

  cancelCall(_slot: number, seq: number): void {
    const cancel = this.pending.get(seq);
    if (cancel === undefined) return;
    this.pending.delete(seq);
    cancel();
  }

  /** Cancels every call still pending (shutting down). */
  cancelAll(): void {
    for (const cancel of this.pending.values()) cancel();
    this.pending.clear();
  }

  /** Calls scheduled and neither run nor cancelled yet. */
  get pendingCalls(): number {
    return this.pending.size;
  }
}
