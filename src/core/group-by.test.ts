import { describe, expect, it } from 'vitest';
import { groupBy } from './group-by.js';

describe('groupBy', () => {
  it('keeps keys in order of first appearance and items in input order', () => {
    const groups = groupBy(['b1', 'a1', 'b2', 'c1', 'a2'], (s) => s[0]);
    expect([...groups]).toEqual([['b', ['b1', 'b2']], ['a', ['a1', 'a2']], ['c', ['c1']]]);
  });

  it('compares keys as a Map does (SameValueZero) and is empty for no items', () => {
    expect([...groupBy([1, 2, 3, 4], (n) => n % 2 === 0)]).toEqual([[false, [1, 3]], [true, [2, 4]]]);
    expect(groupBy([NaN, NaN], (n) => n).get(NaN)).toHaveLength(2);
    expect(groupBy([], (n: number) => n).size).toBe(0);
  });
});
