import { describe, expect, it } from 'vitest';
import { LatencyBasedStrategy } from './latency-based.js';
import { makeCandidate, makeContext, makeDeployment, makeRequest, withinBinomial } from './test-fixtures.js';

const req = makeRequest();
const withMsPerToken = (values: number[]) =>
  values.map((msPerOutputToken, i) => makeCandidate(makeDeployment(`p${i}/m`), { msPerOutputToken }));

function frequencies(strategy: LatencyBasedStrategy, values: number[], n: number): number[] {
  const candidates = withMsPerToken(values);
  const ctx = makeContext({}, `latency-${values.join()}`);
  const counts = new Array<number>(values.length).fill(0);
  for (let i = 0; i < n; i++) counts[candidates.indexOf(strategy.pick(req, candidates, ctx)!)]++;
  return counts;
}

describe('latency-based strategy', () => {
  it('is uniform over candidates within (1 + buffer) × the lowest, plus unknown ones', () => {
    const n = 30_000;
    // lowest 10 → threshold 11: p0, p1 (10.5) and the unknown p3 are eligible; p2 (12) is not.
    const counts = frequencies(new LatencyBasedStrategy({ buffer: 0.1 }), [10, 10.5, 12, Number.NaN], n);
    expect(counts[2]).toBe(0);
    for (const i of [0, 1, 3]) expect(withinBinomial(counts[i], n, 1 / 3)).toBe(true);
  });

  it('widens with the buffer and is uniform when nothing is known', () => {
    const n = 20_000;
    const wide = frequencies(new LatencyBasedStrategy({ buffer: 0.25 }), [10, 10.5, 12.5, 13], n);
    expect(wide[3]).toBe(0);
    for (const i of [0, 1, 2]) expect(withinBinomial(wide[i], n, 1 / 3)).toBe(true);
    const unknown = frequencies(new LatencyBasedStrategy({ buffer: 0.1 }), [Number.NaN, Number.NaN], n);
    for (const count of unknown) expect(withinBinomial(count, n, 1 / 2)).toBe(true);
  });

  it('with buffer 0 only the fastest is eligible', () => {
    const counts = frequencies(new LatencyBasedStrategy({ buffer: 0 }), [8, 7, 9], 500);
    expect(counts).toEqual([0, 500, 0]);
  });
});
