/**
 * A running total over fixed windows of `windowMs` aligned to time 0: window k covers
 * [k·windowMs, (k+1)·windowMs). Reading or adding in a later window starts it from 0, so no
 * timer is needed to reset it (the same answer on simulated and on wall-clock time).
 */
export class WindowTotal {
  private windowIndex = 0;
  private total = 0;

  constructor(readonly windowMs: number) {}

  /** The total of the window `nowMs` falls in. */
  valueAt(nowMs: number): number {
    this.roll(nowMs);
    return this.total;
  }

  add(amount: number, nowMs: number): number {
    this.roll(nowMs);
    this.total += amount;
    return this.total;
  }

  /** Where the window holding `nowMs` starts and ends, ms. */
  windowStartMs(nowMs: number): number {
    return Math.floor(nowMs / this.windowMs) * this.windowMs;
  }

  windowEndMs(nowMs: number): number {
    return (Math.floor(nowMs / this.windowMs) + 1) * this.windowMs;
  }

  private roll(nowMs: number): void {
    const k = Math.floor(nowMs / this.windowMs);
    if (k !== this.windowIndex) {
      this.windowIndex = k;
      this.total = 0;
    }
  }
}
