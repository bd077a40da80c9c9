import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LruSet } from './lru-set.js';

describe('LruSet', () => {
  it('refreshes a touched key and evicts the least recently used one when full', () => {
    const s = new LruSet(3);
    for (const k of [1, 2, 3]) s.touch(k);
    s.touch(1); // order 2, 3, 1
    s.touch(4); // evicts 2
    expect(s.toArray()).toEqual([3, 1, 4]);
    expect([s.has(2), s.has(3), s.size]).toEqual([false, true, 3]);
  });

  it('rejects a capacity that is not a positive integer', () => {
    expect(() => new LruSet(0)).toThrow(RangeError);
    expect(() => new LruSet(2.5)).toThrow(RangeError);
  });

  it('grows its slots up to the capacity and keeps the order across growth', () => {
    const s = new LruSet(5000);
    for (let k = 0; k < 6000; k++) s.touch(k * 7);
    const expected = Array.from({ length: 5000 }, (_, i) => (i + 1000) * 7);
    expect(s.toArray()).toEqual(expected);
    expect(s.size).toBe(5000);
  });

  it('keeps keys that differ only above bit 32 apart, up to 2^53', () => {
    const s = new LruSet(100);
    const keys = [...Array.from({ length: 50 }, (_, hi) => hi * 2 ** 32 + 5), Number.MAX_SAFE_INTEGER];
    for (const k of keys) s.touch(k);
    expect(s.toArray()).toEqual(keys);
    expect(s.has(5 + 2 ** 52)).toBe(false);
  });

  it('model-based: same keys in the same order as an array LRU, over many evictions', () => {
    // Keys 0..30 and 2^32-spaced aliases of them: probe runs collide, and evictions shift entries
    // (and their list neighbours) back through them; capacities past 16 make the table grow.
    const key = fc.oneof(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 30 }).map((k) => k * 2 ** 32 + 16 * k));
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.array(key, { maxLength: 400 }), (capacity, keys) => {
        const s = new LruSet(capacity);
        let ref: number[] = []; // least recently used first
        for (const k of keys) {
          const had = ref.includes(k);
          ref = ref.filter((x) => x !== k);
          if (!had && ref.length >= capacity) ref.shift();
          ref.push(k);
          s.touch(k);
          expect(s.toArray()).toEqual(ref);
        }
        for (let k = 0; k <= 30; k++) {
          expect(s.has(k)).toBe(ref.includes(k));
          expect(s.has(k * 2 ** 32 + 16 * k)).toBe(ref.includes(k * 2 ** 32 + 16 * k));
        }
      }),
      { numRuns: 300 },
    );
  });
});
