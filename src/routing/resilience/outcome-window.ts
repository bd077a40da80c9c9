/**
 * Time-based sliding window of pass/fail outcomes. It always keeps the NEWEST samples: old
 * ones leave by age (older than `windowMs`) or, when `maxSamples` is reached, the oldest is
 * evicted to make room. (A popular gateway's "sliding window" stopped accepting samples once
 * full and so judged health on the oldest ones; this is the opposite on purpose.)
 *
 * A sample recorded at `atMs` is inside the window at `nowMs` while `nowMs - atMs < windowMs`.
 * Timestamps must not go backwards; a smaller one is clamped to the newest seen.
 *
 * Storage is a ring of typed arrays sized to the samples in the window (doubling when full),
 * not two growing JS arrays compacted now and then: every deployment has one of these per
 * breaker and per cooldown, and arrays that kept up to 1,024 dropped samples before compacting
 * held ~40 kB per deployment after 20 minutes at 1 request/s (10,000 deployments: hundreds of MB).
 */
/** A power of two: the ring indexes with a mask. */
const INITIAL_CAPACITY = 16;

export class OutcomeWindow {
  private times = new Float64Array(INITIAL_CAPACITY);
  private failed = new Uint8Array(INITIAL_CAPACITY);
  /** Ring index of the oldest sample, and samples held. */
  private head = 0;
  private held = 0;
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
    if (this.held >= this.maxSamples) this.dropOldest();
    if (this.held === this.times.length) this.grow();
    const i = (this.head + this.held) & (this.times.length - 1);
    this.times[i] = t;
    this.failed[i] = isFailure ? 1 : 0;
    this.held++;
    if (isFailure) this.failures++;
  }

  /** Samples still inside the window at `nowMs`. */
  count(nowMs: number): number {
    this.evict(nowMs);
    return this.held;
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
    const out: number[] = [];
    const mask = this.times.length - 1;
    for (let k = 0; k < this.held; k++) out.push(this.times[(this.head + k) & mask]);
    return out;
  }

  clear(): void {
    this.head = 0;
    this.held = 0;
    this.failures = 0;
  }

  private evict(nowMs: number): void {
    const oldestKeptAfterMs = nowMs - this.windowMs;
    while (this.held > 0 && this.times[this.head] <= oldestKeptAfterMs) this.dropOldest();
  }

  private dropOldest(): void {
    if (this.failed[this.head] === 1) this.failures--;
    this.head = (this.head + 1) & (this.times.length - 1);
    this.held--;
  }

  /** Capacity doubled (a power of two), samples moved to the front in order. */
  private grow(): void {
    const mask = this.times.length - 1, size = 2 * this.times.length;
    const times = new Float64Array(size), failed = new Uint8Array(size);
    for (let k = 0; k < this.held; k++) {
      times[k] = this.times[(this.head + k) & mask];
      failed[k] = this.failed[(this.head + k) & mask];
    }
    this.times = times;
    this.failed = failed;
    this.head = 0;
  }
}
