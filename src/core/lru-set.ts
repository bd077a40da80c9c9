const EMPTY = -2;
const NONE = -1;
const MIN_BUCKETS = 16;
/**
 * Grow before the table is more than half full. Each entry that backward-shift deletion moves
 * drags two list neighbours (two cache misses) along: at a 20,000-block cache that evicts on most
 * inserts (the looped Mooncake replay), a 5/8 bound (32 k buckets) moved 1.5 entries per
 * eviction, this one (64 k buckets, 1 MB) 0.4.
 */
const MAX_LOAD = 0.5;
const TWO_POW_32 = 4294967296;

/**
 * A bounded set of integer keys (|key| ≤ 2^53) in least-recently-used order, O(1) per operation.
 *
 * Why not a Map in insertion order (delete-then-set to refresh, first key to evict)? V8 leaves a
 * deleted Map entry as a hole until the table is rehashed, and the first live key sits behind
 * every hole earlier evictions left: finding it costs O(holes), so a full cache that evicts on
 * every insert goes quadratic (93% of a prefix-cached trace replay's CPU).
 *
 * Layout: one open-addressing hash table (linear probing, backward-shift deletion: no
 * tombstones) whose buckets are also the nodes of the doubly linked recency list. A bucket is
 * 16 bytes of one buffer: the key as a double, then the older and newer neighbours' bucket
 * numbers as int32. Everything an operation needs about an entry is on one cache line, and
 * nothing is allocated per operation: a replay evicts on most block inserts, and spends its
 * time waiting on memory, not computing.
 */
export class LruSet {
  readonly capacity: number;
  private keys!: Float64Array;
  /** Bucket b: older neighbour at 4b + 2 (EMPTY when the bucket is free), newer at 4b + 3. */
  private links!: Int32Array;
  private mask = 0;
  private count = 0;
  private mru = NONE;
  private lru = NONE;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`LruSet capacity must be a positive integer, got ${capacity}`);
    this.capacity = capacity;
    this.allocate(MIN_BUCKETS);
  }

  get size(): number {
    return this.count;
  }

  has(key: number): boolean {
    return this.find(key) !== NONE;
  }

  /**
   * Makes `key` the most recently used, inserting it if absent; when the set is full, an absent
   * key replaces the least recently used key.
   */
  touch(key: number): void {
    const found = this.find(key);
    if (found !== NONE) {
      if (found !== this.mru) {
        this.unlink(found);
        this.pushMru(found);
      }
      return;
    }
    if (this.count >= this.capacity) this.evictLru();
    else if ((this.count + 1) > (this.mask + 1) * MAX_LOAD) this.rehash((this.mask + 1) * 2);
    this.insert(key);
  }

  /** Keys from least to most recently used (for tests and debugging; O(size)). */
  toArray(): number[] {
    const out: number[] = [];
    for (let b = this.lru; b !== NONE; b = this.links[4 * b + 3]) out.push(this.keys[2 * b]);
    return out;
  }

  private find(key: number): number {
    const keys = this.keys, links = this.links, mask = this.mask;
    for (let b = bucketOf(key, mask); ; b = (b + 1) & mask) {
      if (links[4 * b + 2] === EMPTY) return NONE;
      if (keys[2 * b] === key) return b;
    }
  }

  private insert(key: number): void {
    const links = this.links, mask = this.mask;
    let b = bucketOf(key, mask);
    while (links[4 * b + 2] !== EMPTY) b = (b + 1) & mask;
    this.keys[2 * b] = key;
    this.count++;
    this.pushMru(b);
  }

  private evictLru(): void {
    let hole = this.lru;
    this.unlink(hole);
    this.count--;
    // Backward shift: pull later entries of the probe run into the hole when their home bucket
    // does not lie (cyclically) between the hole and where they sit; their neighbours follow.
    const keys = this.keys, links = this.links, mask = this.mask;
    for (let b = (hole + 1) & mask; links[4 * b + 2] !== EMPTY; b = (b + 1) & mask) {
      const home = bucketOf(keys[2 * b], mask);
      if (((b - home) & mask) >= ((b - hole) & mask)) {
        const older = links[4 * b + 2], newer = links[4 * b + 3];
        keys[2 * hole] = keys[2 * b];
        links[4 * hole + 2] = older;
        links[4 * hole + 3] = newer;
        if (older === NONE) this.lru = hole;
        else links[4 * older + 3] = hole;
        if (newer === NONE) this.mru = hole;
        else links[4 * newer + 2] = hole;
        hole = b;
      }
    }
    links[4 * hole + 2] = EMPTY;
  }

  private unlink(b: number): void {
    const links = this.links;
    const older = links[4 * b + 2], newer = links[4 * b + 3];
    if (older === NONE) this.lru = newer;
    else links[4 * older + 3] = newer;
    if (newer === NONE) this.mru = older;
    else links[4 * newer + 2] = older;
  }

  private pushMru(b: number): void {
    const links = this.links;
    links[4 * b + 2] = this.mru;
    links[4 * b + 3] = NONE;
    if (this.mru === NONE) this.lru = b;
    else links[4 * this.mru + 3] = b;
    this.mru = b;
  }

  private allocate(buckets: number): void {
    const buffer = new ArrayBuffer(16 * buckets);
    this.keys = new Float64Array(buffer);
    this.links = new Int32Array(buffer);
    for (let b = 0; b < buckets; b++) this.links[4 * b + 2] = EMPTY;
    this.mask = buckets - 1;
  }

  /** A table twice the size, filled in recency order (so the list comes out the same). */
  private rehash(buckets: number): void {
    const oldKeys = this.keys, oldLinks = this.links;
    let b = this.lru;
    this.allocate(buckets);
    this.count = 0;
    this.mru = this.lru = NONE;
    for (; b !== NONE; b = oldLinks[4 * b + 3]) this.insert(oldKeys[2 * b]);
  }
}

/** Home bucket: both 32-bit halves of the key, mixed (murmur3's finaliser) so sequential keys spread. */
function bucketOf(key: number, mask: number): number {
  let h = (key | 0) ^ Math.imul(Math.floor(key / TWO_POW_32) | 0, 0x9e3779b1);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) & mask;
}
