import { describe, expect, it } from 'vitest';
import { createRng } from '../../../core/rng.js';
import { inFlightLoad } from '../load-metrics.js';
import { makeCandidate, makeDeployment, makeRequest, withinBinomial } from '../test-fixtures.js';
import { pickTwoChoices, sampleTwoDistinct } from './two-choices-picker.js';

const req = makeRequest();
const withInFlight = (loads: number[]) =>
  loads.map((inFlight, i) => makeCandidate(makeDeployment(`p${i}/m`), { inFlight }));

describe('sampleTwoDistinct', () => {
  it('never returns the same index twice and is uniform over the n(n−1) ordered pairs', () => {
    const rng = createRng('pairs');
    const n = 4;
    const counts = new Map<string, number>();
    const draws = 60_000;
    for (let i = 0; i < draws; i++) {
      const [a, b] = sampleTwoDistinct(n, rng);
      expect(a).not.toBe(b);
      counts.set(`${a},${b}`, (counts.get(`${a},${b}`) ?? 0) + 1);
    }
    expect(counts.size).toBe(n * (n - 1));
    for (const count of counts.values()) expect(withinBinomial(count, draws, 1 / 12)).toBe(true);
  });
});

describe('pickTwoChoices', () => {
  it('with two candidates always compares both, so the less loaded always wins', () => {
    const rng = createRng('two');
    const candidates = withInFlight([10, 0]);
    for (let i = 0; i < 2_000; i++) expect(pickTwoChoices(candidates, req, rng, inFlightLoad)).toBe(candidates[1]);
  });

  it('with inFlight [0, 10, 10] picks the idle one with probability exactly 2/3 (5-sigma)', () => {
    for (const loads of [
      [0, 10, 10],
      [10, 10, 0],
    ]) {
      const candidates = withInFlight(loads);
      const idle = candidates[loads.indexOf(0)];
      const rng = createRng(`p2c-${loads.join()}`);
      const n = 30_000;
      let hits = 0;
      for (let i = 0; i < n; i++) if (pickTwoChoices(candidates, req, rng, inFlightLoad) === idle) hits++;
      expect(withinBinomial(hits, n, 2 / 3)).toBe(true);
    }
  });

  it('breaks a tie with a fair coin', () => {
    const candidates = withInFlight([5, 5]);
    const rng = createRng('tie');
    const n = 20_000;
    let first = 0;
    for (let i = 0; i < n; i++) if (pickTwoChoices(candidates, req, rng, inFlightLoad) === candidates[0]) first++;
    expect(withinBinomial(first, n, 1 / 2)).toBe(true);
  });

  it('handles 0 and 1 candidates', () => {
    const rng = createRng(1);
    expect(pickTwoChoices([], req, rng, inFlightLoad)).toBeUndefined();
    const one = withInFlight([99]);
    expect(pickTwoChoices(one, req, rng, inFlightLoad)).toBe(one[0]);
  });
});
