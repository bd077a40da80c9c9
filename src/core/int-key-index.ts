const EMPTY = -1;
const MIN_BUCKETS = 16;
const TWO_POW_32 = 4294967296;

/**
 * Integer keys (|key| ≤ 2^53) → small non-negative ints (slot numbers), in typed arrays:
 * open addressing with linear probing, at most half full, and backward-shift deletion (no
 * tombstones, so lookups never slow down however many keys came and went).
 *
 * Why not a Map<number, number>? Keys beyond 2^31 are heap numbers in V8: a Map allocates one
 * per insert and hashes it through a generic path; here a key is two 32-bit halves mixed with
 * a multiply, and nothing is allocated per operation. A Map also stops at 2^24 entries.
 */
export class IntKeyIndex {
  private keys: Float64Array;
  private values: Int32Array;
  private mask: number;
  private count = 0;

  constructor(expected = 0) {
    let buckets = MIN_BUCKETS;
    while (buckets < expected * 2) buckets *= 2;
    this.keys = new Float64Array(buckets);
    this.values = new Int32Array(buckets).fill(EMPTY);
    this.mask = buckets - 1;
  }

  get size(): number {
    return this.count;
  }

  /** The value stored for `key`, or -1. */
  get(key: number): number {
    const keys = this.keys, values = this.values, mask = this.mask;
    for (let b = bucketOf(key, mask); ; b = (b + 1) & mask) {
      const v = values[b];
      if (v === EMPTY || keys[b] === key) return v;
    }
  }

  has(key: number): boolean {
    return this.get(key) !== EMPTY;
  }

  /** Stores `value` (≥ 0) for `key`, replacing any earlier value. */
  set(key: number, value: number): void {
    if ((this.count + 1) * 2 > this.values.length) this.rehash(this.values.length * 2);
    const keys = this.keys, values = this.values, mask = this.mask;
    let b = bucketOf(key, mask);
    while (values[b] !== EMPTY && keys[b] !== key) b = (b + 1) & mask;
    if (values[b] === EMPTY) this.count++;
    keys[b] = key;
    values[b] = value;
  }

  /** Removes `key`; returns whether it was there. */
  delete(key: number): boolean {
    const keys = this.keys, values = this.values, mask = this.mask;
    let hole = bucketOf(key, mask);
    while (values[hole] !== EMPTY && keys[hole] !== key) hole = (hole + 1) & mask;
    if (values[hole] === EMPTY) return false;
    this.count--;
    // Backward shift: pull later entries of the probe run into the hole when their home
    // bucket does not lie (cyclically) between the hole and where they sit.
    for (let b = (hole + 1) & mask; values[b] !== EMPTY; b = (b + 1) & mask) {
      const home = bucketOf(keys[b], mask);
      if (((b - home) & mask) >= ((b - hole) & mask)) {
        keys[hole] = keys[b];
        values[hole] = values[b];
        hole = b;
      }
    }
    values[hole] = EMPTY;
    return true;
  }

  private rehash(buckets: number): void {
    const oldKeys = this.keys, oldValues = this.values;
    this.keys = new Float64Array(buckets);
    this.values = new Int32Array(buckets).fill(EMPTY);
    this.mask = buckets - 1;
    this.count = 0;
    for (let b = 0; b < oldValues.length; b++) if (oldValues[b] !== EMPTY) this.set(oldKeys[b], oldValues[b]);
  }
}

/** Home bucket: both 32-bit halves of the key, mixed (murmur3's finaliser) so sequential keys spread. */
function bucketOf(key: number, mask: number): number {
  let h = (key | 0) ^ Math.imul(Math.floor(key / TWO_POW_32) | 0, 0x9e3779b1);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) & mask;
}
