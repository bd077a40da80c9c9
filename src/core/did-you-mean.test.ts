import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { didYouMean, editDistance, suggestionSuffix } from './did-you-mean.js';

/** Plain Levenshtein by full recursion with memo: the textbook definition as an oracle. */
function levenshtein(a: string, b: string): number {
  const memo = new Map<string, number>();
  const d = (i: number, j: number): number => {
    if (i === 0) return j;
    if (j === 0) return i;
    const key = `${i},${j}`;
    const hit = memo.get(key);
    if (hit !== undefined) return hit;
    const v = Math.min(d(i - 1, j) + 1, d(i, j - 1) + 1, d(i - 1, j - 1) + (a[i - 1] === b[j - 1] ? 0 : 1));
    memo.set(key, v);
    return v;
  };
  return d(a.length, b.length);
}

const word = fc.string({ unit: fc.constantFrom(...'abcde'), maxLength: 8 });

describe('editDistance', () => {
  it('counts insertions, deletions, substitutions and adjacent swaps as one edit each', () => {
    expect(editDistance('providers', 'provders')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('median', 'meidan')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('abc', 'abc')).toBe(0);
  });

  it('is symmetric, zero only on equal strings, and between Levenshtein − swaps and Levenshtein', () => {
    fc.assert(
      fc.property(word, word, (a, b) => {
        const d = editDistance(a, b);
        expect(d).toBe(editDistance(b, a));
        expect(d === 0).toBe(a === b);
        const lev = levenshtein(a, b);
        // A swap costs 2 in Levenshtein and 1 here, so d ∈ [ceil(lev/2), lev].
        expect(d).toBeLessThanOrEqual(lev);
        expect(d).toBeGreaterThanOrEqual(Math.ceil(lev / 2));
        expect(d).toBeGreaterThanOrEqual(Math.abs(a.length - b.length));
      }),
      { numRuns: 300 },
    );
  });
});

describe('didYouMean', () => {
  const keys = ['providers', 'traffic', 'durationS', 'metrics', 'router', 'name', 'id'];

  it('suggests the closest key for typos, case slips and prefixes', () => {
    expect(didYouMean('provders', keys)).toBe('providers');
    expect(didYouMean('trafic', keys)).toBe('traffic');
    expect(didYouMean('durations', keys)).toBe('durationS');
    expect(didYouMean('metric', keys)).toBe('metrics');
    expect(didYouMean('rout', keys)).toBe('router');
  });

  it('suggests nothing for unrelated words, tiny words or exact matches', () => {
    expect(didYouMean('banana', keys)).toBeUndefined();
    expect(didYouMean('x', keys)).toBeUndefined();
    expect(didYouMean('name', keys)).toBeUndefined();
    expect(didYouMean('abc', [])).toBeUndefined();
  });

  it('prefers the smaller distance when several candidates are close', () => {
    expect(didYouMean('lognorml', ['normal', 'lognormal'])).toBe('lognormal');
  });

  it('only ever returns one of the candidates, within the documented closeness', () => {
    fc.assert(
      fc.property(word, fc.array(word, { maxLength: 6 }), (w, cands) => {
        const s = didYouMean(w, cands);
        if (s === undefined) return;
        expect(cands).toContain(s);
        const a = w.toLowerCase();
        const b = s.toLowerCase();
        expect(editDistance(a, b) <= 2 || a.startsWith(b) || b.startsWith(a)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('formats a suffix', () => {
    expect(suggestionSuffix('provders', keys)).toBe("; did you mean 'providers'?");
    expect(suggestionSuffix('zzz', keys)).toBe('');
  });
});
