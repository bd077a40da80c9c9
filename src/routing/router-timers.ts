import type { Cancel, Scheduler } from '../core/ports.js';

/**
 * An optional Scheduler capability: run `fn(arg)` after `delayMs`, in exactly the order
 * `schedule` would, and cancel it by a (slot, seq) pair instead of a Cancel closure.
 * SimScheduler offers it; the router uses it when present, because two closures per timer
 * (callback and Cancel) for every request's deadline and every attempt's timeout are a large
 * share of a simulation's garbage. It says nothing about the clock.
 */
export interface CallScheduler extends Scheduler {
  scheduleCall<T>(delayMs: number, fn: (arg: T) => void, arg: T): number;
  readonly lastSlot: number;
  cancelCall(slot: number, seq: number): void;
}

function offersCalls(s: Scheduler): s is CallScheduler {
  const c = s as Partial<CallScheduler>;
  return typeof c.scheduleCall === 'function' && typeof c.cancelCall === 'function';
}

/**
 * The router's timers as (slot, seq) handles: native on a CallScheduler, emulated over any
 * other Scheduler (a table of Cancel closures). `start` returns the seq; `lastSlot` holds the
 * slot. Cancelling a handle whose timer already ran or was cancelled, or one never set
 * (seq −1), is a no-op.
 */
export class RouterTimers {
  /** Slot of the timer started last. */
  lastSlot = 0;
  private readonly native?: CallScheduler;
  // Emulation over a plain Scheduler.
  private readonly cancels: (Cancel | undefined)[] = [];
  private readonly seqs: number[] = [];
  private readonly freeSlots: number[] = [];
  private nextSeq = 0;

  constructor(private readonly scheduler: Scheduler) {
    if (offersCalls(scheduler)) this.native = scheduler;
  }

  start<T>(delayMs: number, fn: (arg: T) => void, arg: T): number {
    const native = this.native;
    if (native !== undefined) {
      const seq = native.scheduleCall(delayMs, fn, arg);
      this.lastSlot = native.lastSlot;
      return seq;
    }
    const seq = this.nextSeq++;
    const slot = this.freeSlots.length > 0 ? this.freeSlots.pop()! : this.seqs.length;
    this.seqs[slot] = seq;
    this.cancels[slot] = this.scheduler.schedule(delayMs, () => {
      this.release(slot);
      fn(arg);
    });
    this.lastSlot = slot;
    return seq;
  }

  cancel(slot: number, seq: number): void {
    // (-1, -1) is a handle that was never set (a flight without hedge or retry timer). Seqs
    // are never negative; slot -1 can be a real lane entry on a CallScheduler.
    if (seq < 0) return;
    if (this.native !== undefined) return this.native.cancelCall(slot, seq);
    if (this.seqs[slot] !== seq) return;
    const cancel = this.cancels[slot]!;
    this.release(slot);
    cancel();
  }

  private release(slot: number): void {
    this.seqs[slot] = -1;
    this.cancels[slot] = undefined;
    this.freeSlots.push(slot);
  }
}
