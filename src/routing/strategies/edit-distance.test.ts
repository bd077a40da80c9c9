import { describe, expect, it } from 'vitest';
import { closestMatch, editDistance } from './edit-distance.js';

describe('editDistance', () => {
  it('computes Levenshtein distances', () => {
    expect(editDistance('', '')).toBe(0);
    expect(editDistance('abc', '')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('flaw', 'lawn')).toBe(2);
    expect(editDistance('p2c', 'p2c')).toBe(0);
  });
});

describe('closestMatch', () => {
  const names = ['round-robin', 'random', 'p2c', 'p2c-ewma'];
  it('suggests the nearest plausible name, case-insensitively', () => {
    expect(closestMatch('round-robbin', names)).toBe('round-robin');
    expect(closestMatch('Round_Robin', names)).toBe('round-robin');
    expect(closestMatch('p2c-ewm', names)).toBe('p2c-ewma');
    expect(closestMatch('randon', names)).toBe('random');
  });
  it('suggests nothing for an unrelated name', () => {
    expect(closestMatch('totally-unrelated-thing', names)).toBeUndefined();
  });
});
