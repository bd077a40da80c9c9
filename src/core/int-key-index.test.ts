import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IntKeyIndex } from './int-key-index.js';

const TWO_POW_32 = 2 ** 32;

describe('IntKeyIndex', () => {
  it('stores, replaces and removes values; a missing key reads -1', () => {
    const ix = new IntKeyIndex();
    ix.set(7, 1);
    ix.set(Number.MAX_SAFE_INTEGER, 2);
    ix.set(7, 3);
    expect([ix.get(7), ix.get(Number.MAX_SAFE_INTEGER), ix.get(8), ix.size]).toEqual([3, 2, -1, 2]);
    expect(ix.delete(7)).toBe(true);
    expect(ix.delete(7)).toBe(false);
    expect([ix.get(7), ix.has(Number.MAX_SAFE_INTEGER), ix.size]).toEqual([-1, true, 1]);
  });

  it('keeps keys that differ only above bit 32 apart', () => {
    const ix = new IntKeyIndex();
    for (let hi = 0; hi < 50; hi++) ix.set(hi * TWO_POW_32 + 5, hi);
    for (let hi = 0; hi < 50; hi++) expect(ix.get(hi * TWO_POW_32 + 5)).toBe(hi);
    expect(ix.size).toBe(50);
  });

  it('grows past its first table and finds every key again', () => {
    const ix = new IntKeyIndex();
    for (let k = 0; k < 10_000; k++) ix.set(k * 3, k);
    for (let k = 0; k < 10_000; k++) if (ix.get(k * 3) !== k) expect.unreachable(`key ${k * 3}`);
    expect(ix.get(1)).toBe(-1);
  });

  it('model-based: agrees with a Map on random set/delete/get, colliding keys included', () => {
    // Few distinct keys in a 16-bucket table: long probe runs, so deletions must shift entries back.
    const key = fc.oneof(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 40 }).map((k) => k * TWO_POW_32 + 16 * k), fc.constant(Number.MAX_SAFE_INTEGER));
    const op = fc.oneof(
      fc.record({ kind: fc.constant('set' as const), key, value: fc.integer({ min: 0, max: 1000 }) }),
      fc.record({ kind: fc.constant('delete' as const), key }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 300 }), (ops) => {
        const ix = new IntKeyIndex();
        const ref = new Map<number, number>();
        for (const o of ops) {
          if (o.kind === 'set') {
            ix.set(o.key, o.value);
            ref.set(o.key, o.value);
          } else expect(ix.delete(o.key)).toBe(ref.delete(o.key));
          expect(ix.size).toBe(ref.size);
        }
        for (let k = 0; k <= 40; k++) {
          expect(ix.get(k)).toBe(ref.get(k) ?? -1);
          expect(ix.get(k * TWO_POW_32 + 16 * k)).toBe(ref.get(k * TWO_POW_32 + 16 * k) ?? -1);
        }
      }),
      { numRuns: 300 },
    );
  });
});
