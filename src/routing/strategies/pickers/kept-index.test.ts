import { describe, expect, it } from 'vitest';
import { makeCandidates } from '../test-fixtures.js';
import { KeptIndex } from './kept-index.js';

describe('KeptIndex', () => {
  it('builds on the second sight of a list, answers its cuts, and retires the index it replaces', () => {
    const all = makeCandidates(12);
    const pool = all.slice(0, 10);
    const retired: unknown[] = [];
    const kept = new KeptIndex((list) => ({ list }), (old) => retired.push(old));
    expect(kept.over(pool)).toBeUndefined(); // seen once: scan it
    const index = kept.over(pool)!;
    expect(index.list).toBe(pool);
    expect(kept.cut).toBeUndefined();
    // A retry's pool: the same array less two, in order (a fresh array).
    expect(kept.over(pool.filter((_, i) => i !== 3 && i !== 7))).toBe(index);
    expect([...kept.cut!]).toEqual([pool[3], pool[7]]);
    // Another list (reordered): scanned until it comes twice in a row, then it replaces the index.
    const other = [...pool].reverse();
    expect(kept.over(other)).toBeUndefined();
    expect(kept.over(other)!.list).toBe(other);
    expect(retired).toEqual([index]);
    expect(kept.current!.list).toBe(other);
  });
});
