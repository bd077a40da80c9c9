/**
 * A binary min-heap of (dueMs, item) pairs for "re-check these when their time comes":
 * push O(log n), `popDue(nowMs)` takes every entry due at or before nowMs. Entries are never
 * removed early; a consumer re-checks a popped item, so stale entries only cost a re-check.
 */
export class DueHeap {
  private readonly dueMs: number[] = [];
  private readonly items: number[] = [];

  get size(): number {
    return this.items.length;
  }

  /** The earliest due time; Infinity when empty. */
  get nextDueMs(): number {
    return this.items.length > 0 ? this.dueMs[0] : Infinity;
  }

  push(dueMs: number, item: number): void {
    let i = this.items.length;
    this.dueMs.push(dueMs);
    this.items.push(item);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.dueMs[parent] <= dueMs) break;
      this.dueMs[i] = this.dueMs[parent];
      this.items[i] = this.items[parent];
      i = parent;
    }
    this.dueMs[i] = dueMs;
    this.items[i] = item;
  }

  /** Removes and returns the earliest item; call only when not empty. */
  pop(): number {
    const top = this.items[0];
    const lastDue = this.dueMs.pop()!;
    const lastItem = this.items.pop()!;
    const n = this.items.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        let child = 2 * i + 1;
        if (child >= n) break;
        if (child + 1 < n && this.dueMs[child + 1] < this.dueMs[child]) child++;
        if (this.dueMs[child] >= lastDue) break;
        this.dueMs[i] = this.dueMs[child];
        this.items[i] = this.items[child];
        i = child;
      }
      this.dueMs[i] = lastDue;
      this.items[i] = lastItem;
    }
    return top;
  }
}
