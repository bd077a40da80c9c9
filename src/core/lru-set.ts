import { IntKeyIndex } from './int-key-index.js';

/**
 * A bounded set of integer keys (|key| ≤ 2^53) in least-recently-used order, O(1) per operation.
 *
 * Why not a bare Map in insertion order (delete-then-set to refresh, first key to evict)?
 * V8 leaves a deleted Map entry as a hole until the table is rehashed, and the first live key
 * sits behind every hole left by earlier evictions: finding it costs O(holes), so a full cache
 * that evicts on every insert goes quadratic (81–93% of a prefix-cached trace replay).
 *
 * Here an IntKeyIndex answers key → slot and the order is a doubly linked list of slots, all
 * in typed arrays (no object per entry, no iteration). Slots grow by doubling up to the
 * capacity, so a huge capacity costs memory only when it is used.
 */
export class LruSet {
  readonly capacity: number;
  private readonly slotOf = new IntKeyIndex();
  private keys: Float64Array;
  /** Towards the least recently used end. */
  private older: Int32Array;
  /** Towards the most recently used end. */
  private newer: Int32Array;
  private mru = -1;
  private lru = -1;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`LruSet capacity must be a positive integer, got ${capacity}`);
    this.capacity = capacity;
    const initial = Math.min(capacity, 1024);
    this.keys = new Float64Array(initial);
    this.older = new Int32Array(initial);
    this.newer = new Int32Array(initial);
  }

  get size(): number {
    return this.slotOf.size;
  }

  has(key: number): boolean {
    return this.slotOf.has(key);
  }

  /**
   * Makes `key` the most recently used, inserting it if absent; when the set is full, an absent
   * key takes the slot of the least recently used key, which leaves the set.
   */
  touch(key: number): void {
    const found = this.slotOf.get(key);
    if (found !== -1) {
      if (found !== this.mru) {
        this.unlink(found);
        this.pushMru(found);
      }
      return;
    }
    let slot: number;
    if (this.slotOf.size >= this.capacity) {
      slot = this.lru;
      this.slotOf.delete(this.keys[slot]);
      this.unlink(slot);
    } else {
      slot = this.slotOf.size;
      if (slot === this.keys.length) this.grow();
    }
    this.keys[slot] = key;
    this.slotOf.set(key, slot);
    this.pushMru(slot);
  }

  /** Keys from least to most recently used (for tests and debugging; O(size)). */
  toArray(): number[] {
    const out: number[] = [];
    for (let s = this.lru; s !== -1; s = this.newer[s]) out.push(this.keys[s]);
    return out;
  }

  private unlink(slot: number): void {
    const o = this.older[slot], n = this.newer[slot];
    if (o === -1) this.lru = n;
    else this.newer[o] = n;
    if (n === -1) this.mru = o;
    else this.older[n] = o;
  }

  private pushMru(slot: number): void {
    this.older[slot] = this.mru;
    this.newer[slot] = -1;
    if (this.mru === -1) this.lru = slot;
    else this.newer[this.mru] = slot;
    this.mru = slot;
  }

  private grow(): void {
    const length = Math.min(this.capacity, this.keys.length * 2);
    const keys = new Float64Array(length), older = new Int32Array(length), newer = new Int32Array(length);
    keys.set(this.keys);
    older.set(this.older);
    newer.set(this.newer);
    this.keys = keys;
    this.older = older;
    this.newer = newer;
  }
}
