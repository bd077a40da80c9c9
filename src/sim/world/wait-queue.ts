/**
 * A provider's FIFO of jobs waiting for a concurrency slot. A job cancelled while waiting
 * stays where it is and is skipped when it reaches the head (O(1) cancel, no search); the
 * array is compacted once most of it is consumed, so memory follows the queue, not history.
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
