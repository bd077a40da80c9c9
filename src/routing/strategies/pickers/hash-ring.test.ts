import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashKey } from './hash.js';
import { bucketStarts, HashRing } from './hash-ring.js';

/** The ring as built before the packed sort and the bucket table: objects sorted by (point, owner), a plain binary search. */
function reference(ids: readonly string[], virtualNodes: number) {
  const entries: { point: number; owner: number }[] = [];
  ids.forEach((id, owner) => {
    for (let v = 0; v < virtualNodes; v++) entries.push({ point: hashKey(`${id}#${v}`), owner });
  });
  entries.sort((a, b) => a.point - b.point || a.owner - b.owner);
  const first = (hash: number) => {
    let lo = 0;
    let hi = entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (entries[mid].point < hash) lo = mid + 1;
      else hi = mid;
    }
    return lo === entries.length ? 0 : lo;
  };
  return { entries, first };
}

describe('HashRing', () => {
  it('property: the same points, owners and lookups as a sort of {point, owner} objects and a plain binary search (200 runs)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 1, max: 20 }),
        fc.array(fc.oneof(fc.nat({ max: 0xffffffff }), fc.constantFrom(0, 0xffffffff, 65_535, 65_536, -1, 2 ** 32, 1.5)), { maxLength: 60 }),
        (ids, virtualNodes, hashes) => {
          const ring = new HashRing(ids, virtualNodes);
          const ref = reference(ids, virtualNodes);
          expect(ring.size).toBe(ref.entries.length);
          ref.entries.forEach((e, i) => expect(ring.ownerIndexAt(i)).toBe(e.owner));
          // Lookups at random hashes, at every point exactly, and just past each.
          for (const h of [...hashes, ...ref.entries.flatMap((e) => [e.point, e.point + 1])]) expect(ring.firstPositionAtOrAfter(h)).toBe(ref.first(h));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('bucket starts: a point exactly on a bucket boundary opens that bucket', () => {
    const starts = bucketStarts(Uint32Array.from([0, 65_535, 65_536, 65_537, 131_072, 0xffffffff]));
    expect([starts[0], starts[1], starts[2], starts[3], starts[65_535], starts[65_536]]).toEqual([0, 2, 4, 5, 5, 6]);
  });

  it('breaks a tie between two owners at one point by owner index', () => {
    // Two ids whose points collide are astronomically rare; the packed key orders them by owner all the same.
    const ring = new HashRing(['a', 'a'], 3);
    for (let i = 0; i < ring.size; i += 2) expect([ring.ownerIndexAt(i), ring.ownerIndexAt(i + 1)]).toEqual([0, 1]);
  });
});
