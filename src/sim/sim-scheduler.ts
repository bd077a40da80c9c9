import type { Cancel, Scheduler } from '../core/ports.js';
import { EventQueue } from './event-queue.js';

/** Scheduler over simulated time: callbacks run when `run` advances the clock to them. */
export class SimScheduler implements Scheduler {
  private readonly queue = new EventQueue();
  private nowMs = 0;
  private processed = 0;

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
    const seq = q.push(this.nowMs + delayMs, fn, priority);
    const slot = q.lastSlot;
    return () => q.cancel(slot, seq);
  }

  /** Schedule at an absolute simulated time (clamped to now). */
  scheduleAt(atMs: number, fn: () => void, priority = 0): Cancel {
    return this.schedule(Math.max(0, atMs - this.nowMs), fn, priority);
  }

  /**
   * Runs events in (time, priority, sequence) order until the queue is empty or the next
   * event is later than `untilMs`. The clock then stands at min(untilMs, last event time).
   */
  run(untilMs = Infinity, shouldStop?: () => boolean): void {
    const q = this.queue;
    while (q.length > 0 && q.peekTime() <= untilMs) {
      const t = q.peekTime();
      const fn = q.pop();
      if (fn === null) continue;
      this.nowMs = t;
      this.processed++;
      fn();
      if (shouldStop !== undefined && (this.processed & 4095) === 0 && shouldStop()) return;
    }
    if (untilMs !== Infinity && untilMs > this.nowMs) this.nowMs = untilMs;
  }
}
