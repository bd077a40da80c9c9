import type { Cancel, Scheduler } from '../../core/ports.js';
import { firstAbove } from '../../core/sorted-search.js';

/**
 * A provider's timed changes (incident starts and ends, price changes) on the wall clock, in
 * time order (ties in the order added). A timer applies them when due, but a timer can run late
 * — on a loaded machine, or a 0 ms one behind an HTTP request already read — so the server also
 * calls `applyDue()` before it answers anything: a request then always meets the provider as
 * the schedule says it is at that moment (an outage from t = 0 is down for the very first probe).
 */
export class DueChanges {
  private readonly atMs: number[] = [];
  private readonly fns: (() => void)[] = [];
  private timer: Cancel | undefined;
  private timerAtMs = Infinity;
  private applying = false;

  constructor(private readonly scheduler: Scheduler) {}

  /** Runs `fn` once the (scaled) clock reads `atMs`: at the next `applyDue()` or by timer. */
  at(atMs: number, fn: () => void): void {
    const i = firstAbove(this.atMs, atMs);
    this.atMs.splice(i, 0, atMs);
    this.fns.splice(i, 0, fn);
    if (!this.applying) this.arm();
  }

  /** Applies every change due by now, in order (a change may add later ones; those due run too). */
  applyDue(): void {
    if (this.applying) return;
    this.applying = true;
    try {
      const now = this.scheduler.now();
      while (this.atMs.length > 0 && this.atMs[0] <= now) {
        this.atMs.shift();
        this.fns.shift()!();
      }
    } finally {
      this.applying = false;
    }
    this.arm();
  }

  /** Changes still to come. */
  get pending(): number {
    return this.atMs.length;
  }

  /** Cancels the timer and drops what is still to come (the server is closing). */
  close(): void {
    this.timer?.();
    this.timer = undefined;
    this.timerAtMs = Infinity;
    this.atMs.length = 0;
    this.fns.length = 0;
  }

  private arm(): void {
    const next = this.atMs.length > 0 ? this.atMs[0] : Infinity;
    if (next === this.timerAtMs) return;
    this.timer?.();
    this.timer = undefined;
    this.timerAtMs = next;
    if (next === Infinity) return;
    this.timer = this.scheduler.schedule(Math.max(0, next - this.scheduler.now()), () => {
      this.timer = undefined;
      this.timerAtMs = Infinity;
      this.applyDue();
    });
  }
}
