/**
 * Time-based sliding window of pass/fail outcomes. It always keeps the NEWEST samples: old
 * ones leave by age (older than `windowMs`) or, when `maxSamples` is reached, the oldest is
 * evicted to make room. (A popular gateway's "sliding window" stopped accepting samples once
 * full and so judged health on the oldest ones; this is the opposite on purpose.)
 *
 * A sample recorded at `atMs` is inside the window at `nowMs` while `nowMs - atMs < windowMs`.
 * Timestamps must not go backwards; a smaller one is clamped to the newest seen.
 */
export class OutcomeWindow {
  private times: number[] = [];
  private failed: boolean[] = [];
  private head = 0;
  private failures = 0;
  private lastAtMs = -Infinity;

  constructor(
    readonly windowMs: number,
    readonly maxSamples: number = Infinity,
  ) {
    if (!(windowMs > 0)) throw new RangeError(`OutcomeWindow: windowMs must be > 0, got ${windowMs}`);
    if (!(maxSamples >= 1)) throw new RangeError(`OutcomeWindow: maxSamples must be >= 1, got ${maxSamples}`);
  }

  record(atMs: number, isFailure: boolean): void {
    const t = Math.max(atMs, this.lastAtMs);
    this.lastAtMs = t;
    this.evict(t);
    if (this.size() >= this.maxSamples) this.dropOldest();
    this.times.push(t);
    this.failed.push(isFailure);
    if (isFailure) this.failures++;
  }

  /** Samples still inside the window at `nowMs`. */
  count(nowMs: number): number {
    this.evict(nowMs);
    return this.size();
  }

  failureCount(nowMs: number): number {
    this.evict(nowMs);
    return this.failures;
  }

  /** Failures / samples in the window; NaN when empty. */
  failureRate(nowMs: number): number {
    const n = this.count(nowMs);
    return n === 0 ? NaN : this.failures / n;
  }

  /** Timestamps of the samples in the window, oldest first (for tests and --explain). */
  sampleTimes(nowMs: number): number[] {
    this.evict(nowMs);
    return this.times.slice(this.head);
  }

  clear(): void {
    this.times = [];
    this.failed = [];
    this.head = 0;
    this.failures = 0;
  }

  private size(): number {
    return this.times.length - this.head;
  }

  private evict(nowMs: number): void {
    const oldestKeptAfterMs = nowMs - this.windowMs;
    while (this.head < this.times.length && this.times[this.head] <= oldestKeptAfterMs) this.dropOldest();
  }

  private dropOldest(): void {
    if (this.failed[this.head]) this.failures--;
    this.head++;
    // Compact now and then so memory stays proportional to the window, not to history.
    if (this.head >= 1024 && this.head * 2 >= this.times.length) {
      this.times = this.times.slice(this.head);
      this.failed = this.failed.slice(this.head);
      this.head = 0;
    }
  }
}
