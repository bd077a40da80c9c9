/**
 * Largest window a scenario may ask for (router.historySize, adaptive windowSize): each holds a
 * Float64Array per deployment and statistic, allocated up front (100,000 → 800 kB each).
 */
export const MAX_WINDOW_SIZE = 100_000;

/**
 * Fixed-size window over the most recent samples: a new sample overwrites the OLDEST one
 * (a bug seen in a popular gateway kept the oldest samples and ignored new ones).
 * Keeps running sums so mean and rate reads are O(1).
 */
export class RingWindow {
  private readonly values: Float64Array;
  private next = 0;
  private filled = 0;
  private sum = 0;

  constructor(readonly capacity: number) {
    this.values = new Float64Array(capacity);
  }

  push(value: number): void {
    if (this.filled === this.capacity) this.sum -= this.values[this.next];
    else this.filled++;
    this.values[this.next] = value;
    this.sum += value;
    if (++this.next === this.capacity) this.next = 0;
    // Re-sum now and then so floating-point drift cannot accumulate over millions of pushes.
    if (this.next === 0) this.sum = this.resum();
  }

  /** Left-to-right sum from 0 (the order `reduce` used), without a callback per element. */
  private resum(): number {
    let sum = 0;
    for (let i = 0; i < this.values.length; i++) sum += this.values[i];
    return sum;
  }

  get count(): number {
    return this.filled;
  }

  /** NaN when empty. */
  get mean(): number {
    return this.filled === 0 ? NaN : this.sum / this.filled;
  }

  /** Samples oldest to newest (a copy). */
  toArray(): number[] {
    const out: number[] = [];
    const start = this.filled === this.capacity ? this.next : 0;
    for (let i = 0; i < this.filled; i++) out.push(this.values[(start + i) % this.capacity]);
    return out;
  }
}
