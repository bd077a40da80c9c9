import type { Cancel, Scheduler } from '../core/ports.js';
import { EventQueue, type EventCall } from './event-queue.js';

/** Scheduler over simulated time: callbacks run when `run` advances the clock to them. */
export class SimScheduler implements Scheduler {
  private readonly queue = new EventQueue();
  private nowMs = 0;
  private processed = 0;
  /** Simulated events run exactly when due (see CallScheduler). */
  readonly callLatenessMs = 0;

  now(): number {
    return this.nowMs;
  }

  /** Number of events executed so far (cancelled ones excluded). */
  get eventsProcessed(): number {
    return this.processed;
  }

  get pending(): number {
    return this.queue.length;
  }

  schedule(delayMs: number, fn: () => void, priority = 0): Cancel {
    if (!(delayMs >= 0)) throw new RangeError(`schedule: delayMs must be >= 0, got ${delayMs}`);
    const q = this.queue;
    const seq = q.pushAfter(this.nowMs, delayMs, fn, undefined, priority);
    const slot = q.lastSlot;
    return () => q.cancel(slot, seq);
  }

  /** Schedule at an absolute simulated time (clamped to now). */
  scheduleAt(atMs: number, fn: () => void, priority = 0): Cancel {
    return this.schedule(Math.max(0, atMs - this.nowMs), fn, priority);
  }

  /**
   * Allocation-free scheduling for simulator internals: runs `fn(arg)` after `delayMs`, in the
   * same order `schedule` would. Returns the event's sequence number; with `lastSlot` it
   * cancels the event through `cancelCall` (no Cancel closure is made).
   */
  scheduleCall<T>(delayMs: number, fn: (arg: T) => void, arg: T, priority = 0): number {
    if (!(delayMs >= 0)) throw new RangeError(`schedule: delayMs must be >= 0, got ${delayMs}`);
    return this.queue.pushAfter(this.nowMs, delayMs, fn as EventCall, arg, priority);
  }

  /** Slot of the event scheduled last (for `cancelCall`). */
  get lastSlot(): number {
    return this.queue.lastSlot;
  }

  /** Cancels a `scheduleCall` event; a stale (slot, seq) is ignored. */
  cancelCall(slot: number, seq: number): void {
    this.queue.cancel(slot, seq);
  }

  /**
   * Speed hint: timers of about `delayMs` (relative 1e-6) at this priority come in time order
   * (a fixed timeout set from a clock that never goes back), so they go to a FIFO lane.
   */
  addFifoLane(delayMs: number, priority = 0): void {
    const slackMs = delayMs * 1e-6;
    this.queue.addLane(delayMs - slackMs, delayMs + slackMs, priority);
  }

  /**
   * A FIFO lane for one producer whose events come in time order (arrivals): use it with
   * `scheduleCallIn`. Events that would break the order go to the heap; order is unchanged.
   */
  addOrderedLane(priority = 0): number {
    return this.queue.addLane(Infinity, -Infinity, priority); // never chosen by delay
  }

  /** `scheduleCall` into lane `lane` (from `addOrderedLane`) when it keeps the lane in order. */
  scheduleCallIn<T>(lane: number, delayMs: number, fn: (arg: T) => void, arg: T, priority = 0): number {
    if (!(delayMs >= 0)) throw new RangeError(`schedule: delayMs must be >= 0, got ${delayMs}`);
    return this.queue.pushAfterInLane(lane, this.nowMs, delayMs, fn as EventCall, arg, priority);
  }

  /**
   * Runs events in (time, priority, sequence) order until the queue is empty or the next
   * event is later than `untilMs`. The clock then stands at min(untilMs, last event time).
   */
  run(untilMs = Infinity, shouldStop?: () => boolean): void {
    const q = this.queue;
    for (;;) {
      const fn = q.popDue(untilMs);
      if (fn === undefined) break;
      if (fn === null) continue;
      this.nowMs = q.poppedTimeMs;
      this.processed++;
      fn(q.poppedArg);
      if (shouldStop !== undefined && (this.processed & 4095) === 0 && shouldStop()) return;
    }
    if (untilMs !== Infinity && untilMs > this.nowMs) this.nowMs = untilMs;
  }
}
