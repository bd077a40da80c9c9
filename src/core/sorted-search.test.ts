import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { firstAbove } from './sorted-search.js';

describe('firstAbove', () => {
  it('property: the count of values ≤ x, within the first `end` values', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -20, max: 20 })), fc.integer({ min: -25, max: 25 }), fc.nat(), (xs, x, cut) => {
        const sorted = [...xs].sort((a, b) => a - b);
        const end = sorted.length === 0 ? 0 : cut % (sorted.length + 1);
        expect(firstAbove(sorted, x, end)).toBe(sorted.slice(0, end).filter((v) => v <= x).length);
      }),
    );
  });
});
