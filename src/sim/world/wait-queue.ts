/**
 * A provider's FIFO of jobs waiting for a concurrency slot. A job cancelled while waiting
 * stays where it is and is skipped when it reaches the head (O(1) cancel, no search); the
 * array is compacted once most of it is consumed, or once cancelled jobs outnumber the live
 * ones (an overloaded provider whose head never moves: every attempt times out in the queue),
 * so memory follows the live queue, not history. Compaction keeps the order.
 */
export class WaitQueue<T extends { readonly cancelled: boolean }> {
  private items: (T | undefined)[] = [];
  private head = 0;
  private live = 0;

  /** Jobs waiting and not cancelled. */
  get size(): number {
    return this.live;
  }

  push(job: T): void {
    this.items.push(job);
    this.live++;
  }

  /** Call when a waiting job was cancelled (its `cancelled` flag already set). */
  noteCancelled(): void {
    this.live--;
    const held = this.items.length - this.head;
    if (held > 1024 && held > 2 * this.live) this.dropCancelled();
  }

  /** Slots the queue holds, live or cancelled (for memory tests). */
  get held(): number {
    return this.items.length - this.head;
  }

  private dropCancelled(): void {
    const kept: (T | undefined)[] = [];
    for (let i = this.head; i < this.items.length; i++) {
      const job = this.items[i];
      if (job !== undefined && !job.cancelled) kept.push(job);
    }
    this.items = kept;
    this.head = 0;
  }

  /** The oldest job not cancelled, removed; undefined when none waits. */
  shift(): T | undefined {
    while (this.head < this.items.length) {
      const job = this.items[this.head];
      this.items[this.head++] = undefined;
      if (job === undefined || job.cancelled) continue;
      this.live--;
      this.compact();
      return job;
    }
    this.compact();
    return undefined;
  }

  private compact(): void {
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items.splice(0, this.head);
      this.head = 0;
    }
  }
}
